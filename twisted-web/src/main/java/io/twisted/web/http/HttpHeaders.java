package io.twisted.web.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Header fields in the order received or set, with case-insensitive names (RFC 9110 section 5).
 * Names keep the spelling they were given. Not thread-safe.
 */
public final class HttpHeaders {

    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();

    /** Appends a field. */
    public HttpHeaders add(String name, String value) {
        names.add(name);
        values.add(value);
        return this;
    }

    /** Replaces every field called {@code name} with one field. */
    public HttpHeaders set(String name, String value) {
        remove(name);
        return add(name, value);
    }

    /** Removes every field called {@code name}; returns whether any was there. */
    public boolean remove(String name) {
        boolean removed = false;
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equalsIgnoreCase(name)) {
                names.remove(i);
                values.remove(i);
                removed = true;
            }
        }
        return removed;
    }

    /** The first value of {@code name}, or {@code null}. */
    public String get(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    /** Every value of {@code name}, in order. */
    public List<String> getAll(String name) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                out.add(values.get(i));
            }
        }
        return out;
    }

    /**
     * The comma-separated elements of every {@code name} field, trimmed, lower-cased, empty
     * elements dropped (RFC 9110 section 5.6.1): for token lists such as {@code Connection}.
     */
    public List<String> tokens(String name) {
        List<String> out = new ArrayList<>(2);
        for (String v : getAll(name)) {
            for (String part : v.split(",")) {
                String t = part.trim();
                if (!t.isEmpty()) {
                    out.add(t.toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    /** Whether the {@code name} list contains {@code token} (case-insensitive). */
    public boolean containsToken(String name, String token) {
        return tokens(name).contains(token.toLowerCase(Locale.ROOT));
    }

    /** Whether a field called {@code name} is present. */
    public boolean contains(String name) {
        return get(name) != null;
    }

    /** The number of fields. */
    public int size() {
        return names.size();
    }

    /** The name of field {@code i}. */
    public String name(int i) {
        return names.get(i);
    }

    /** The value of field {@code i}. */
    public String value(int i) {
        return values.get(i);
    }

    /** The field names in order (with repeats). */
    public List<String> names() {
        return Collections.unmodifiableList(names);
    }

    /** Removes every field. */
    public void clear() {
        names.clear();
        values.clear();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("HttpHeaders[");
        for (int i = 0; i < names.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(names.get(i)).append(": ").append(values.get(i));
        }
        return sb.append(']').toString();
    }
}
