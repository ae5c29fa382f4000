package io.twisted.amp;

import java.util.Objects;

/**
 * One named AMP argument: the box key, its {@link Argument type}, and whether it may be absent
 * (Twisted's {@code optional=True}: a {@code null} value is left out of the box, a missing key reads as
 * {@code null}).
 *
 * @param key the box key, which is also the record component (or map key) it binds to
 * @param type how the value is encoded
 * @param optional whether the key may be missing
 */
public record Field(String key, Argument<?> type, boolean optional) {

    /** Checks the key. */
    public Field {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        if (key.isEmpty() || key.startsWith("_")) {
            throw new IllegalArgumentException("an argument key must be non-empty and not start with '_' (reserved): '" + key + "'");
        }
    }

    /** A required argument. */
    public static Field of(String key, Argument<?> type) {
        return new Field(key, type, false);
    }

    /** An optional argument ({@code null} when absent). */
    public static Field optional(String key, Argument<?> type) {
        return new Field(key, type, true);
    }

    @Override
    public String toString() {
        return key + ": " + type.typeName() + (optional ? "?" : "");
    }
}
