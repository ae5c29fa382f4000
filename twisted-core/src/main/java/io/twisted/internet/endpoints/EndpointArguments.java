package io.twisted.internet.endpoints;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of an endpoint description bound to named parameters, as Python binds a call's
 * arguments to a function's parameters (which is how Twisted's endpoint parsers receive them):
 * positional arguments fill the parameters in order, keyword arguments by name. Every error names
 * the endpoint type and the bad part: an unknown keyword, too many positional arguments, a parameter
 * given twice, a missing one, or a value that is not a number.
 *
 * <pre>{@code
 * EndpointArguments a = EndpointArguments.bind("tcp", args, kwargs, List.of("port", "interface", "backlog"));
 * int port = a.port("port");
 * String iface = a.get("interface", "");
 * }</pre>
 */
public final class EndpointArguments {

    private final String type;
    private final Map<String, String> values;

    private EndpointArguments(String type, Map<String, String> values) {
        this.type = type;
        this.values = values;
    }

    /**
     * Binds {@code args} and {@code kwargs} to {@code parameters}.
     *
     * @param type the endpoint type, for error messages
     * @throws IllegalArgumentException on too many positional arguments, an unknown keyword, or a
     *     parameter given both by position and by name
     */
    public static EndpointArguments bind(String type, List<String> args, Map<String, String> kwargs, List<String> parameters) {
        if (args.size() > parameters.size()) {
            throw new IllegalArgumentException(type + ": too many positional arguments " + args
                    + " (at most " + parameters.size() + ": " + String.join(", ", parameters) + ")");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            values.put(parameters.get(i), args.get(i));
        }
        for (Map.Entry<String, String> e : kwargs.entrySet()) {
            if (!parameters.contains(e.getKey())) {
                throw new IllegalArgumentException(type + ": unknown parameter '" + e.getKey()
                        + "' (known: " + String.join(", ", parameters) + ")");
            }
            if (values.containsKey(e.getKey())) {
                throw new IllegalArgumentException(type + ": parameter '" + e.getKey() + "' given twice");
            }
            values.put(e.getKey(), e.getValue());
        }
        return new EndpointArguments(type, values);
    }

    /** Whether {@code name} was given. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The value of {@code name}, or {@code defaultValue} when not given. */
    public String get(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    /**
     * The value of a required parameter.
     *
     * @throws IllegalArgumentException if it was not given
     */
    public String require(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(type + ": missing " + name);
        }
        return v;
    }

    /**
     * A required TCP port, 0 to 65535 (0: let the system choose).
     *
     * @throws IllegalArgumentException if missing, not a number, or out of range
     */
    public int port(String name) {
        return integer(name, require(name), 0, 65535);
    }

    /**
     * A required integer parameter within {@code [min, max]}.
     *
     * @throws IllegalArgumentException if missing, not a number, or out of range
     */
    public int requireInteger(String name, int min, int max) {
        return integer(name, require(name), min, max);
    }

    /** An integer parameter within {@code [min, max]}, or {@code defaultValue} when not given. */
    public int integer(String name, int defaultValue, int min, int max) {
        String v = values.get(name);
        return v == null ? defaultValue : integer(name, v, min, max);
    }

    /** A positive decimal number of seconds (a fraction is allowed), or {@code defaultValue} when not given. */
    public double seconds(String name, double defaultValue) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (!v.matches("[0-9]{1,9}(\\.[0-9]{1,9})?")) {
            throw new IllegalArgumentException(type + ": " + name + " '" + v + "' is not a number");
        }
        double seconds = Double.parseDouble(v);
        if (seconds == 0) {
            throw new IllegalArgumentException(type + ": " + name + " must be positive, not " + v);
        }
        return seconds;
    }

    /** A local address to bind (host, port 0), or {@code null} when not given. A name is resolved now. */
    public InetSocketAddress bindAddress(String name) {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        if (v.isEmpty()) {
            throw new IllegalArgumentException(type + ": " + name + " is empty");
        }
        return new InetSocketAddress(v, 0);
    }

    /**
     * A {@code 0}/{@code 1} switch (Twisted's {@code bool(int(value))}), or {@code defaultValue} when
     * not given.
     *
     * @throws IllegalArgumentException if the value is neither {@code 0} nor {@code 1}
     */
    public boolean zeroOrOne(String name, boolean defaultValue) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (v.equals("0")) {
            return false;
        }
        if (v.equals("1")) {
            return true;
        }
        throw new IllegalArgumentException(type + ": " + name + " '" + v + "' is not 0 or 1");
    }

    /**
     * File permission bits written in octal, as Twisted's {@code int(mode, 8)} (for example
     * {@code 660}), or {@code defaultValue} when not given.
     *
     * @throws IllegalArgumentException if the value is not 1 to 4 octal digits
     */
    public int octal(String name, int defaultValue) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (!v.matches("[0-7]{1,4}")) {
            throw new IllegalArgumentException(type + ": " + name + " '" + v + "' is not octal (for example 660)");
        }
        return Integer.parseInt(v, 8);
    }

    private int integer(String name, String v, int min, int max) {
        if (v.isEmpty() || v.length() > 9 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(type + ": " + name + " '" + v + "' is not a number");
        }
        int n = Integer.parseInt(v);
        if (n < min || n > max) {
            throw new IllegalArgumentException(type + ": " + name + " " + n + " is out of range " + min + "-" + max);
        }
        return n;
    }
}
