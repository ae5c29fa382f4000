package io.twisted.application;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The command-line options of a {@code twist} plugin (a small version of Twisted's
 * {@code usage.Options}): declared once, used to parse and to print help.
 *
 * <pre>{@code
 * Options opts = new Options()
 *     .parameter("port", "ENDPOINT", "tcp:6666", "Endpoint to listen on.")
 *     .repeatable("listen", "ENDPOINT", List.of("tcp:8000"), "Endpoint to listen on; repeat for several.")
 *     .flag("verbose", "Log every connection.");
 * ParsedOptions p = opts.parse(List.of("--port=tcp:7000", "--listen", "tcp:1", "--listen", "tcp:2"));
 * }</pre>
 *
 * Syntax accepted: {@code --name VALUE}, {@code --name=VALUE}, {@code -x VALUE} and {@code -xVALUE}
 * for options with a one-letter alias; an unambiguous prefix of a long name stands for it, as with
 * Twisted's getopt-based parser ({@code --dest_h}); flags take no value; {@code --} ends the options; a
 * parameter given twice keeps the last value; a repeatable option collects every value in order.
 * Dashes and underscores in long names are interchangeable ({@code --dest-host} is
 * {@code --dest_host}). {@code --help} (and {@code -h} unless taken) is always accepted; see
 * {@link ParsedOptions#helpRequested()}. Unknown options, missing values and values given to
 * flags are {@link UsageError}s naming the option.
 */
public final class Options {

    /** What an option takes. */
    public enum Kind { FLAG, PARAMETER, REPEATABLE }

    /** One declared option. */
    public static final class Option {
        private final String name;
        private final char shortName;
        private final Kind kind;
        private final String metavar;
        private final List<String> defaults;
        private final String help;
        private final boolean required;

        Option(String name, char shortName, Kind kind, String metavar, List<String> defaults, String help, boolean required) {
            this.name = name;
            this.shortName = shortName;
            this.kind = kind;
            this.metavar = metavar;
            this.defaults = defaults;
            this.help = help;
            this.required = required;
        }

        public String name() {
            return name;
        }

        /** The one-letter alias, or 0. */
        public char shortName() {
            return shortName;
        }

        public Kind kind() {
            return kind;
        }

        /** The value's placeholder in help ({@code ENDPOINT}), {@code null} for flags. */
        public String metavar() {
            return metavar;
        }

        /** The default values (empty for none). */
        public List<String> defaults() {
            return defaults;
        }

        public String help() {
            return help;
        }

        public boolean isRequired() {
            return required;
        }
    }

    private final Map<String, Option> options = new LinkedHashMap<>();
    private final Map<String, Option> aliases = new LinkedHashMap<>();
    private String argumentsSynopsis;
    private String longDescription;

    /** Declares a flag {@code --name}. */
    public Options flag(String name, String help) {
        return add(new Option(name, (char) 0, Kind.FLAG, null, List.of(), help, false));
    }

    /** Declares a flag {@code --name} with alias {@code -shortName}. */
    public Options flag(String name, char shortName, String help) {
        return add(new Option(name, shortName, Kind.FLAG, null, List.of(), help, false));
    }

    /** Declares {@code --name VALUE}, with a default ({@code null} for none). */
    public Options parameter(String name, String metavar, String defaultValue, String help) {
        return parameter(name, (char) 0, metavar, defaultValue, help);
    }

    /** Declares {@code --name VALUE} with alias {@code -shortName VALUE}. */
    public Options parameter(String name, char shortName, String metavar, String defaultValue, String help) {
        return add(new Option(name, shortName, Kind.PARAMETER, metavar,
                defaultValue == null ? List.of() : List.of(defaultValue), help, false));
    }

    /** Declares {@code --name VALUE} that must be given. */
    public Options requiredParameter(String name, String metavar, String help) {
        return add(new Option(name, (char) 0, Kind.PARAMETER, metavar, List.of(), help, true));
    }

    /** Declares {@code --name VALUE} that may be repeated; {@code defaults} apply when it is not given. */
    public Options repeatable(String name, String metavar, List<String> defaults, String help) {
        return repeatable(name, (char) 0, metavar, defaults, help);
    }

    /** Declares a repeatable {@code --name VALUE} with alias {@code -shortName VALUE}. */
    public Options repeatable(String name, char shortName, String metavar, List<String> defaults, String help) {
        return add(new Option(name, shortName, Kind.REPEATABLE, metavar, List.copyOf(defaults), help, false));
    }

    /**
     * Accepts positional arguments, described as {@code synopsis} in help (for example
     * {@code "FILE..."}). Without this, a positional argument is a {@link UsageError}.
     */
    public Options arguments(String synopsis) {
        this.argumentsSynopsis = Objects.requireNonNull(synopsis);
        return this;
    }

    /** A paragraph shown by help after the synopsis. */
    public Options longDescription(String text) {
        this.longDescription = text;
        return this;
    }

    /**
     * Declares {@code alias} as another long name for the existing option {@code name} (as
     * Twisted's synonyms).
     */
    public Options alias(String alias, String name) {
        Option o = options.get(normalize(name));
        if (o == null) {
            throw new IllegalArgumentException("no option named " + name);
        }
        String key = normalize(alias);
        if (options.containsKey(key) || aliases.containsKey(key)) {
            throw new IllegalArgumentException("option --" + alias + " declared twice");
        }
        aliases.put(key, o);
        return this;
    }

    private Options add(Option o) {
        if (o.name.isEmpty() || o.name.startsWith("-")) {
            throw new IllegalArgumentException("bad option name '" + o.name + "'");
        }
        String key = normalize(o.name);
        if (options.containsKey(key) || aliases.containsKey(key) || key.equals("help")) {
            throw new IllegalArgumentException("option --" + o.name + " declared twice");
        }
        if (o.shortName != 0 && findShort(o.shortName) != null) {
            throw new IllegalArgumentException("option -" + o.shortName + " declared twice");
        }
        options.put(key, o);
        return this;
    }

    /** The declared options, in declaration order. */
    public List<Option> options() {
        return Collections.unmodifiableList(new ArrayList<>(options.values()));
    }

    static String normalize(String name) {
        return name.replace('-', '_');
    }

    private Option findLong(String name) {
        String key = normalize(name);
        Option o = options.get(key);
        return o != null ? o : aliases.get(key);
    }

    /**
     * The option {@code name} stands for on the command line: an exact name, or else (as getopt,
     * which Twisted's parser uses) an unambiguous prefix of one; {@code null} if none.
     *
     * @throws UsageError if the prefix is ambiguous
     */
    private Option findLongOrPrefix(String name) {
        Option o = findLong(name);
        if (o != null || name.isEmpty()) {
            return o;
        }
        String key = normalize(name);
        java.util.Set<Option> matches = new java.util.LinkedHashSet<>();
        List<String> names = new ArrayList<>();
        for (Map<String, Option> m : List.of(options, aliases)) {
            for (Map.Entry<String, Option> e : m.entrySet()) {
                if (e.getKey().startsWith(key) && matches.add(e.getValue())) {
                    names.add("--" + e.getValue().name);
                }
            }
        }
        if ("help".startsWith(key) && !matches.isEmpty()) {
            names.add("--help");
        }
        if (names.size() > 1) {
            throw new UsageError("option '--" + name + "' is ambiguous (" + String.join(", ", names) + ")");
        }
        return matches.isEmpty() ? null : matches.iterator().next();
    }

    private Option findShort(char c) {
        for (Option o : options.values()) {
            if (o.shortName == c) {
                return o;
            }
        }
        return null;
    }

    /**
     * Parses {@code args}.
     *
     * @throws UsageError naming the bad option
     */
    public ParsedOptions parse(List<String> args) {
        Map<String, List<String>> given = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        boolean help = false;
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded || arg.equals("-") || !arg.startsWith("-")) {
                positional.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            Option o;
            String value = null;
            String shown;
            if (arg.startsWith("--")) {
                String body = arg.substring(2);
                int eq = body.indexOf('=');
                String name = eq < 0 ? body : body.substring(0, eq);
                shown = "--" + name;
                if (eq >= 0) {
                    value = body.substring(eq + 1);
                }
                o = findLongOrPrefix(name);
                if (o == null && !name.isEmpty() && "help".startsWith(normalize(name))) {
                    if (value != null) {
                        throw new UsageError("option --help takes no value");
                    }
                    help = true;
                    continue;
                }
                if (o == null) {
                    throw new UsageError("unknown option '" + shown + "'" + suggestion(name));
                }
            } else {
                char c = arg.charAt(1);
                shown = "-" + c;
                o = findShort(c);
                if (o == null && c == 'h' && arg.length() == 2) {
                    help = true;
                    continue;
                }
                if (o == null) {
                    throw new UsageError("unknown option '" + shown + "'");
                }
                if (arg.length() > 2) {
                    if (o.kind == Kind.FLAG) {
                        throw new UsageError("option " + shown + " takes no value (in '" + arg + "')");
                    }
                    value = arg.substring(2);
                }
            }
            if (o.kind == Kind.FLAG) {
                if (value != null) {
                    throw new UsageError("option " + shown + " takes no value");
                }
                given.computeIfAbsent(o.name, k -> new ArrayList<>()).add("");
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageError("option " + shown + " needs a value (" + o.metavar + ")");
                }
                value = args.get(++i);
            }
            List<String> values = given.computeIfAbsent(o.name, k -> new ArrayList<>());
            if (o.kind == Kind.PARAMETER) {
                values.clear();
            }
            values.add(value);
        }
        if (!help) {
            for (Option o : options.values()) {
                if (o.required && !given.containsKey(o.name)) {
                    throw new UsageError("option --" + o.name + " is required");
                }
            }
            if (!positional.isEmpty() && argumentsSynopsis == null) {
                throw new UsageError("unexpected argument '" + positional.get(0) + "'");
            }
        }
        return new ParsedOptions(this, given, positional, help);
    }

    Option declared(String name) {
        Option o = findLong(name);
        if (o == null) {
            throw new IllegalArgumentException("no option named '" + name + "' was declared");
        }
        return o;
    }

    private String suggestion(String name) {
        String wanted = normalize(name);
        String best = null;
        int bestDistance = 3;
        for (Option o : options.values()) {
            int d = distance(wanted, normalize(o.name));
            if (d < bestDistance) {
                bestDistance = d;
                best = o.name;
            }
        }
        return best == null ? "" : " (did you mean --" + best + "?)";
    }

    /** Levenshtein distance, for "did you mean". */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /**
     * The help text: usage line, description, and one line per option with its default.
     *
     * @param command how the command is invoked, for example {@code "twist echo"}
     * @param description a one-line description, or {@code null}
     */
    public String help(String command, String description) {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: ").append(command).append(" [options]");
        if (argumentsSynopsis != null) {
            sb.append(' ').append(argumentsSynopsis);
        }
        sb.append('\n');
        if (description != null) {
            sb.append(description).append('\n');
        }
        if (longDescription != null) {
            sb.append('\n').append(longDescription).append('\n');
        }
        sb.append("\nOptions:\n");
        List<String[]> rows = new ArrayList<>();
        for (Option o : options.values()) {
            String left = (o.shortName != 0 ? "-" + o.shortName + ", " : "    ") + "--" + o.name
                    + (o.kind == Kind.FLAG ? "" : "=" + o.metavar);
            StringBuilder right = new StringBuilder(o.help == null ? "" : o.help);
            if (o.kind == Kind.REPEATABLE) {
                right.append(" (repeatable)");
            }
            if (o.required) {
                right.append(" [required]");
            } else if (!o.defaults.isEmpty()) {
                right.append(" [default: ").append(String.join(", ", o.defaults)).append(']');
            }
            rows.add(new String[] {left, right.toString()});
        }
        for (Map.Entry<String, Option> a : aliases.entrySet()) {
            rows.add(new String[] {"    --" + a.getKey(), "Same as --" + a.getValue().name + "."});
        }
        rows.add(new String[] {"    --help", "Display this help and exit."});
        int width = 0;
        for (String[] r : rows) {
            width = Math.max(width, r[0].length());
        }
        for (String[] r : rows) {
            sb.append("  ").append(r[0]).append(" ".repeat(width - r[0].length() + 2)).append(r[1]).append('\n');
        }
        return sb.toString();
    }
}
