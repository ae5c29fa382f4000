package io.twisted.amp;

import io.twisted.amp.wire.AmpBox;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The fields of a command's arguments or response (or of an {@link Arguments#ampList AmpList}
 * element) bound to a Java type: a record whose components are named after the keys, or a
 * {@code Map<String, Object>}.
 *
 * <pre>{@code
 * record SumArgs(long a, long b) {}
 * Schema<SumArgs> args = Schema.of(SumArgs.class, Field.of("a", Arguments.INTEGER), Field.of("b", Arguments.INTEGER));
 * }</pre>
 *
 * <p>A record may have components that are not fields (local values such as TLS options for
 * {@link StartTls}); they are not sent and read as {@code null}. Optional fields need boxed component
 * types, as they read as {@code null}.
 *
 * @param <T> the Java type
 */
public final class Schema<T> {

    private static final Schema<Void> EMPTY = new Schema<>(Void.class, List.of(), null, null);

    private final Class<?> type;
    private final List<Field> fields;
    private final Constructor<?> constructor;       // records
    private final Method[] accessors;               // per field, records
    private final String[] componentNames;          // records, in constructor order

    private Schema(Class<?> type, List<Field> fields, Constructor<?> constructor, Method[] accessors) {
        this.type = type;
        this.fields = List.copyOf(fields);
        this.constructor = constructor;
        this.accessors = accessors;
        if (constructor != null) {
            RecordComponent[] rc = type.getRecordComponents();
            componentNames = new String[rc.length];
            for (int i = 0; i < rc.length; i++) {
                componentNames[i] = rc[i].getName();
            }
        } else {
            componentNames = null;
        }
    }

    /** No fields: a command without arguments or with an empty answer; the value is {@code null}. */
    public static Schema<Void> empty() {
        return EMPTY;
    }

    /**
     * No fields on the wire for a value that stays local (a {@link StartTls} answer's TLS options, a
     * protocol switch's new protocol): encodes nothing, reads as {@code null}.
     */
    @SuppressWarnings("unchecked")
    public static <T> Schema<T> nothing() {
        return (Schema<T>) EMPTY;
    }

    /**
     * Fields bound to the components of {@code recordType} of the same names.
     *
     * @throws IllegalArgumentException if a field has no component of its name
     */
    public static <R extends Record> Schema<R> of(Class<R> recordType, Field... fields) {
        RecordComponent[] rc = recordType.getRecordComponents();
        Class<?>[] types = new Class<?>[rc.length];
        for (int i = 0; i < rc.length; i++) {
            types[i] = rc[i].getType();
        }
        Method[] accessors = new Method[fields.length];
        for (int f = 0; f < fields.length; f++) {
            for (RecordComponent c : rc) {
                if (c.getName().equals(fields[f].key())) {
                    accessors[f] = c.getAccessor();
                    accessors[f].setAccessible(true);
                }
            }
            if (accessors[f] == null) {
                throw new IllegalArgumentException(recordType.getName() + " has no component named '" + fields[f].key() + "'");
            }
        }
        try {
            Constructor<R> ctor = recordType.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return new Schema<>(recordType, List.of(fields), ctor, accessors);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(recordType + " has no canonical constructor", e);
        }
    }

    /** Fields read into (and written from) a map of key to value, as Python's dictionaries. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Schema<Map<String, Object>> map(Field... fields) {
        return (Schema) new Schema<>(Map.class, List.of(fields), null, null);
    }

    /** The fields, in declaration order. */
    public List<Field> fields() {
        return fields;
    }

    /** The Java type values of this schema have. */
    public Class<?> type() {
        return type;
    }

    /**
     * Writes {@code value}'s fields into {@code box}; a {@code null} optional field is left out.
     *
     * @throws IllegalArgumentException if a required field is {@code null} or cannot be encoded
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public AmpBox toBox(T value, AmpBox box) {
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            Object v = fieldValue(value, i);
            if (v == null) {
                if (f.optional()) {
                    continue;
                }
                throw new IllegalArgumentException("required argument '" + f.key() + "' is missing (null)");
            }
            try {
                box.put(f.key(), ((Argument) f.type()).toBytes(v));
            } catch (ClassCastException e) {
                throw new IllegalArgumentException("argument '" + f.key() + "' is a " + v.getClass().getName()
                        + ", not a value of " + f.type().typeName(), e);
            }
        }
        return box;
    }

    private Object fieldValue(T value, int i) {
        if (value == null) {
            return null;
        }
        if (constructor == null) {
            return ((Map<?, ?>) value).get(fields.get(i).key());
        }
        try {
            return accessors[i].invoke(value);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + accessors[i], e);
        }
    }

    /**
     * Reads this schema's fields from {@code box} (other keys are ignored, as Python does).
     *
     * @throws IllegalArgumentException if a required key is missing or a value is malformed
     */
    @SuppressWarnings("unchecked")
    public T fromBox(AmpBox box) {
        if (type == Void.class) {
            return null;
        }
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            byte[] raw = box.get(f.key());
            if (raw == null) {
                if (!f.optional()) {
                    throw new IllegalArgumentException("required argument '" + f.key() + "' is missing");
                }
                continue;
            }
            try {
                values[i] = f.type().fromBytes(raw);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("argument '" + f.key() + "' (" + f.type().typeName() + "): " + e.getMessage(), e);
            }
        }
        if (constructor == null) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                if (values[i] != null) {
                    map.put(fields.get(i).key(), values[i]);
                }
            }
            return (T) Collections.unmodifiableMap(map);
        }
        Object[] args = new Object[componentNames.length];
        for (int c = 0; c < componentNames.length; c++) {
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).key().equals(componentNames[c])) {
                    args[c] = values[i];
                }
            }
            if (args[c] == null && constructor.getParameterTypes()[c].isPrimitive()) {
                throw new IllegalArgumentException("component '" + componentNames[c] + "' of " + type.getSimpleName()
                        + " is primitive but has no value");
            }
        }
        try {
            return (T) constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("cannot build " + type.getSimpleName() + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (Field f : fields) {
            j.add(f.toString());
        }
        return j.toString();
    }
}
