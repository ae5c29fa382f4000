package io.twisted.internet.endpoints;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An endpoint description split into its parts, exactly as Twisted's {@code endpoints._parse}:
 * the type, the positional arguments and the keyword arguments.
 *
 * <p>The grammar: the string is split at {@code :} into fields; a field holding {@code =} is a
 * keyword argument {@code key=value} (only the first {@code =} splits, so a value may contain
 * {@code =}), any other field is positional. A backslash makes the next character literal, so
 * {@code \:}, {@code \=} and {@code \\} stand for {@code :}, {@code =} and {@code \}. The first
 * positional field is the type. When a keyword is repeated, the last value wins (as in Twisted).
 * <pre>
 *   tcp:8080:interface=127.0.0.1   -&gt; type "tcp", args ["8080"], kwargs {interface=127.0.0.1}
 *   tcp6:8080:interface=\:\:1      -&gt; type "tcp6", args ["8080"], kwargs {interface=::1}
 * </pre>
 */
public final class EndpointDescription {

    private final String description;
    private final String type;
    private final List<String> args;
    private final Map<String, String> kwargs;

    private EndpointDescription(String description, String type, List<String> args, Map<String, String> kwargs) {
        this.description = description;
        this.type = type;
        this.args = Collections.unmodifiableList(args);
        this.kwargs = Collections.unmodifiableMap(kwargs);
    }

    /**
     * Splits {@code description}.
     *
     * @throws IllegalArgumentException if it is empty, ends in a lone backslash, or has no type
     */
    public static EndpointDescription parse(String description) {
        if (description == null || description.isEmpty()) {
            throw new IllegalArgumentException("empty endpoint description (expected TYPE:ARGS, for example tcp:8080)");
        }
        List<String> args = new ArrayList<>();
        Map<String, String> kwargs = new LinkedHashMap<>();
        StringBuilder current = new StringBuilder();
        String key = null; // set once the field's first '=' was seen
        int n = description.length();
        for (int i = 0; i < n; i++) {
            char c = description.charAt(i);
            if (c == ':') {
                addField(args, kwargs, key, current.toString());
                key = null;
                current.setLength(0);
            } else if (c == '=' && key == null) {
                key = current.toString();
                current.setLength(0);
            } else if (c == '\\') {
                if (i + 1 == n) {
                    throw new IllegalArgumentException("endpoint description \"" + description
                            + "\" ends with a lone backslash (write \\\\ for a backslash)");
                }
                current.append(description.charAt(++i));
            } else {
                current.append(c);
            }
        }
        addField(args, kwargs, key, current.toString());
        if (args.isEmpty()) {
            throw new IllegalArgumentException("endpoint description \"" + description
                    + "\" has no type (expected TYPE:ARGS, for example tcp:8080)");
        }
        String type = args.remove(0);
        return new EndpointDescription(description, type, args, kwargs);
    }

    private static void addField(List<String> args, Map<String, String> kwargs, String key, String value) {
        if (key == null) {
            args.add(value);
        } else {
            kwargs.put(key, value);
        }
    }

    /** The string this was parsed from. */
    public String description() {
        return description;
    }

    /** The endpoint type, as written (for example {@code tcp}). */
    public String type() {
        return type;
    }

    /** The positional arguments after the type, unescaped. */
    public List<String> args() {
        return args;
    }

    /** The keyword arguments in the order written, unescaped. */
    public Map<String, String> kwargs() {
        return kwargs;
    }

    @Override
    public String toString() {
        return "EndpointDescription[type=" + type + ", args=" + args + ", kwargs=" + kwargs + "]";
    }
}
