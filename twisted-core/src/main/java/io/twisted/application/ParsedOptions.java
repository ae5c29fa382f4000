package io.twisted.application;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The values of a parsed command line (see {@link Options#parse}). */
public final class ParsedOptions {

    private final Options options;
    private final Map<String, List<String>> given;
    private final List<String> arguments;
    private final boolean help;

    ParsedOptions(Options options, Map<String, List<String>> given, List<String> arguments, boolean help) {
        this.options = options;
        this.given = given;
        this.arguments = Collections.unmodifiableList(arguments);
        this.help = help;
    }

    /** Whether {@code --help} was given (required options are then not checked). */
    public boolean helpRequested() {
        return help;
    }

    /**
     * The value of a parameter: the last one given, else its default, else {@code null}.
     *
     * @throws IllegalArgumentException if no such option was declared
     */
    public String get(String name) {
        List<String> values = getAll(name);
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }

    /** Every value given for {@code name} in order, or its defaults when none was given. */
    public List<String> getAll(String name) {
        Options.Option o = options.declared(name);
        List<String> values = given.get(o.name());
        return values == null ? o.defaults() : Collections.unmodifiableList(values);
    }

    /** Whether the option was given on the command line (for a flag: whether it is set). */
    public boolean isSet(String name) {
        return given.containsKey(options.declared(name).name());
    }

    /**
     * A parameter's value as an integer in {@code [min, max]}.
     *
     * @throws UsageError naming the option if missing, not a number, or out of range
     */
    public int getInt(String name, int min, int max) {
        String v = get(name);
        String shown = "--" + options.declared(name).name();
        if (v == null) {
            throw new UsageError("option " + shown + " is required");
        }
        if (v.isEmpty() || v.length() > 10 || !v.matches("-?[0-9]+")) {
            throw new UsageError("option " + shown + ": '" + v + "' is not a number");
        }
        long n = Long.parseLong(v);
        if (n < min || n > max) {
            throw new UsageError("option " + shown + ": " + n + " is out of range " + min + "-" + max);
        }
        return (int) n;
    }

    /** The positional arguments. */
    public List<String> arguments() {
        return arguments;
    }

    @Override
    public String toString() {
        return "ParsedOptions" + given + (arguments.isEmpty() ? "" : " " + arguments);
    }
}
