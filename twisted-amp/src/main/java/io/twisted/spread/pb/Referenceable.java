package io.twisted.spread.pb;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * An object the peer calls by reference (Twisted's {@code pb.Referenceable}): sent to the peer, it
 * arrives as a {@link RemoteReference}; the peer's {@code callRemote("NAME", args...)} runs this
 * object's method {@code remote_NAME}.
 *
 * <pre>{@code
 * class Counter extends Referenceable {
 *     long n;
 *     public long remote_count() { return ++n; }
 * }
 * }</pre>
 *
 * <p>Arguments arrive as unjellied values ({@code Long}, {@code Double}, {@code String}, {@code byte[]},
 * {@code List}, {@code Map}, {@code RemoteReference}, ...) and are converted to the method's parameter
 * types where the conversion is exact ({@code Long} to {@code int} when it fits, to {@code double}).
 * Keyword arguments go to a last parameter of type {@code Map}. A method may return a value or a
 * {@code Deferred}. Override {@link #remoteMessageReceived} to dispatch another way.
 */
public abstract class Referenceable {

    /** Runs the method for {@code message}; returns its result (a value or a Deferred). */
    public Object remoteMessageReceived(Broker broker, String message, List<Object> args, Map<Object, Object> kw) throws Exception {
        return invokeByName(this, "remote_" + message, args, kw);
    }

    /** Calls {@code target}'s method {@code name} with {@code args} (and {@code kw}); used by subclasses too. */
    protected static Object invokeByName(Object target, String name, List<Object> args, Map<Object, Object> kw) throws Exception {
        boolean withKw = kw != null && !kw.isEmpty();
        PbError mismatch = null;
        for (Class<?> c = target.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (!m.getName().equals(name)) {
                    continue;
                }
                Class<?>[] types = m.getParameterTypes();
                boolean lastIsMap = types.length > 0 && Map.class.isAssignableFrom(types[types.length - 1]);
                int positional = withKw || (lastIsMap && types.length == args.size() + 1) ? types.length - 1 : types.length;
                if (positional != args.size() || (withKw && !lastIsMap)) {
                    continue;
                }
                Object[] actual = new Object[types.length];
                try {
                    for (int i = 0; i < positional; i++) {
                        actual[i] = coerce(args.get(i), types[i], name, i);
                    }
                } catch (PbError e) {
                    mismatch = e; // an overload may take these types
                    continue;
                }
                if (positional < types.length) {
                    actual[positional] = kw == null ? Map.of() : kw;
                }
                m.setAccessible(true);
                try {
                    return m.invoke(target, actual);
                } catch (InvocationTargetException e) {
                    throw e.getCause() instanceof Exception ex ? ex : new RuntimeException(e.getCause());
                }
            }
        }
        if (mismatch != null) {
            throw mismatch;
        }
        throw new NoSuchMethod("No such method: " + name + " taking " + args.size() + " arguments"
                + (withKw ? " and keywords " + kw.keySet() : ""));
    }

    private static Object coerce(Object v, Class<?> t, String method, int index) {
        if (v == null) {
            if (t.isPrimitive()) {
                throw new PbError(method + " argument " + index + " is None, but the parameter is " + t);
            }
            return null;
        }
        Class<?> boxed = box(t);
        if (boxed.isInstance(v)) {
            return v;
        }
        if (v instanceof Long l) {
            if (boxed == Integer.class && l == l.intValue()) {
                return l.intValue();
            }
            if (boxed == Double.class) {
                return l.doubleValue();
            }
            if (boxed == BigInteger.class) {
                return BigInteger.valueOf(l);
            }
        }
        if (v instanceof Double d && boxed == Float.class) {
            return d.floatValue();
        }
        throw new PbError(method + " argument " + index + " is a " + v.getClass().getSimpleName() + ", not " + t.getSimpleName());
    }

    private static Class<?> box(Class<?> t) {
        if (!t.isPrimitive()) {
            return t;
        }
        if (t == int.class) {
            return Integer.class;
        } else if (t == long.class) {
            return Long.class;
        } else if (t == double.class) {
            return Double.class;
        } else if (t == boolean.class) {
            return Boolean.class;
        } else if (t == float.class) {
            return Float.class;
        }
        return t;
    }
}
