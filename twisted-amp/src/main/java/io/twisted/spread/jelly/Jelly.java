package io.twisted.spread.jelly;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Jelly and unjelly, as Python Twisted 22.4 writes and reads them.
 *
 * <table>
 *   <caption>Types</caption>
 *   <tr><th>Java</th><th>s-expression</th><th>Python</th></tr>
 *   <tr><td>{@code null}</td><td>{@code ["None"]}</td><td>None</td></tr>
 *   <tr><td>Boolean</td><td>{@code ["boolean", "true"]}</td><td>bool</td></tr>
 *   <tr><td>Long, Integer, BigInteger</td><td>the number</td><td>int (read back as Long, or BigInteger past the long range)</td></tr>
 *   <tr><td>Double, Float</td><td>the number</td><td>float (read back as Double)</td></tr>
 *   <tr><td>byte[]</td><td>the bytes</td><td>bytes</td></tr>
 *   <tr><td>String</td><td>{@code ["unicode", utf8]}</td><td>str</td></tr>
 *   <tr><td>List</td><td>{@code ["list", ...]}</td><td>list</td></tr>
 *   <tr><td>{@link Tuple}</td><td>{@code ["tuple", ...]}</td><td>tuple</td></tr>
 *   <tr><td>Map</td><td>{@code ["dictionary", [k, v], ...]}</td><td>dict (read back as LinkedHashMap)</td></tr>
 *   <tr><td>Set</td><td>{@code ["set", ...]}</td><td>set ({@code frozenset} reads as an unmodifiable Set)</td></tr>
 *   <tr><td>BigDecimal</td><td>{@code ["decimal", unscaled, exponent]}</td><td>decimal.Decimal</td></tr>
 * </table>
 *
 * <p>A list, tuple, map, set or extension object met twice in one value is sent once, as
 * {@code ["reference", id, ...]} and then {@code ["dereference", id]}, so shared structure and cycles
 * survive (cycles through tuples and lists resolve; through dictionary keys, sets and copyables they are
 * refused, as they cannot be built in order).
 */
public final class Jelly {

    private Jelly() {
    }

    /** The s-expression of {@code value}. */
    public static Object jelly(Object value, JellyExtension extension) {
        return new Jellier(extension).jelly(value);
    }

    /** The value of {@code sexp}; throws {@link InsecureJelly} for anything not allowed. */
    public static Object unjelly(Object sexp, JellyExtension extension) {
        return new Unjellier(extension).unjelly(sexp);
    }

    static byte[] atom(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One jelly run: remembers the objects seen so far for references. */
    public static final class Jellier {
        private final JellyExtension extension;
        private final IdentityHashMap<Object, List<Object>> preserved = new IdentityHashMap<>();
        private final IdentityHashMap<Object, List<Object>> cooked = new IdentityHashMap<>();
        private int nextRef = 1;

        Jellier(JellyExtension extension) {
            this.extension = extension;
        }

        /** The s-expression of {@code obj}, sharing earlier parts of this run. */
        public Object jelly(Object obj) {
            if (obj == null) {
                return list(atom("None"));
            }
            if (obj instanceof Long || obj instanceof Integer || obj instanceof Short || obj instanceof Byte
                    || obj instanceof BigInteger || obj instanceof Double || obj instanceof byte[]) {
                return obj;
            }
            if (obj instanceof Float f) {
                return f.doubleValue();
            }
            if (obj instanceof String s) {
                return list(atom("unicode"), s.getBytes(StandardCharsets.UTF_8));
            }
            if (obj instanceof Boolean b) {
                return list(atom("boolean"), atom(b ? "true" : "false"));
            }
            if (obj instanceof BigDecimal d) {
                return list(atom("decimal"), d.unscaledValue().bitLength() < 63 ? (Object) d.unscaledValue().longValue() : d.unscaledValue(),
                        (long) -d.scale());
            }
            List<Object> ref = checkMutable(obj);
            if (ref != null) {
                return ref;
            }
            if (obj instanceof Tuple || obj instanceof List<?> || obj instanceof Map<?, ?> || obj instanceof Set<?>) {
                prepare(obj);
                List<Object> sxp = new ArrayList<>();
                if (obj instanceof Map<?, ?> m) {
                    sxp.add(atom("dictionary"));
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        sxp.add(list(jelly(e.getKey()), jelly(e.getValue())));
                    }
                } else {
                    sxp.add(atom(obj instanceof Tuple ? "tuple" : obj instanceof Set<?> ? "set" : "list"));
                    for (Object o : (Iterable<?>) obj) {
                        sxp.add(jelly(o));
                    }
                }
                return preserve(obj, sxp);
            }
            Object extended = extension.jelly(obj, this);
            if (extended != JellyExtension.NOT_HANDLED) {
                return extended;
            }
            throw new InsecureJelly("Type not allowed for object: " + obj.getClass().getName());
        }

        private List<Object> checkMutable(Object obj) {
            List<Object> c = cooked.get(obj);
            if (c != null) {
                return c;
            }
            if (preserved.containsKey(obj)) {
                return cook(obj);
            }
            return null;
        }

        /** Marks {@code obj} as being jellied (for extension objects that can be shared, such as copyables). */
        public List<Object> prepare(Object obj) {
            List<Object> placeholder = new ArrayList<>();
            preserved.put(obj, placeholder);
            return placeholder;
        }

        /** Records {@code sxp} as {@code obj}'s s-expression; returns what to put in the output. */
        public List<Object> preserve(Object obj, List<Object> sxp) {
            if (cooked.containsKey(obj)) {
                List<Object> p = preserved.get(obj);
                p.set(2, sxp);
                return p;
            }
            preserved.put(obj, sxp);
            return sxp;
        }

        /** The reference to {@code obj} already seen in this run, or {@code null}. */
        public List<Object> seen(Object obj) {
            return checkMutable(obj);
        }

        private List<Object> cook(Object obj) {
            List<Object> aList = preserved.get(obj);
            List<Object> copy = new ArrayList<>(aList);
            int refid = nextRef++;
            aList.clear();
            aList.add(atom("reference"));
            aList.add((long) refid);
            aList.add(copy);
            List<Object> deref = list(atom("dereference"), (long) refid);
            cooked.put(obj, deref);
            return deref;
        }

        private static List<Object> list(Object... items) {
            List<Object> l = new ArrayList<>(items.length);
            Collections.addAll(l, items);
            return l;
        }
    }

    /** One unjelly run: resolves references. */
    public static final class Unjellier {
        private final JellyExtension extension;
        private final Map<Object, Object> references = new HashMap<>();
        private Object pendingRef;
        private final IdentityHashMap<Object, Boolean> frozenSets = new IdentityHashMap<>();

        Unjellier(JellyExtension extension) {
            this.extension = extension;
        }

        /** The value of {@code sexp}. */
        public Object unjelly(Object sexp) {
            if (!(sexp instanceof List<?> exp)) {
                if (sexp == null) {
                    throw new InsecureJelly("null is not a jelly expression");
                }
                return sexp; // numbers and bytes are themselves
            }
            Object refid = pendingRef;
            pendingRef = null;
            if (exp.isEmpty() || !(exp.get(0) instanceof byte[] tagBytes)) {
                throw new InsecureJelly("a jelly list must start with a type name: " + describe(exp));
            }
            String type = new String(tagBytes, StandardCharsets.ISO_8859_1);
            switch (type) {
                case "None":
                    return null;
                case "unicode":
                    return utf8(bytesAt(exp, 1));
                case "boolean": {
                    String v = new String(bytesAt(exp, 1), StandardCharsets.ISO_8859_1);
                    if (!v.equals("true") && !v.equals("false")) {
                        throw new InsecureJelly("bad boolean " + v);
                    }
                    return v.equals("true");
                }
                case "decimal": {
                    Object value = at(exp, 1);
                    Object exponent = at(exp, 2);
                    if (!(exponent instanceof Long e) || !(value instanceof Long || value instanceof BigInteger)) {
                        throw new InsecureJelly("unsupported decimal (NaN/Infinity have no BigDecimal form): " + describe(exp));
                    }
                    BigInteger v = value instanceof Long l ? BigInteger.valueOf(l) : (BigInteger) value;
                    return new BigDecimal(v, Math.toIntExact(-e));
                }
                case "list": {
                    List<Object> l = new ArrayList<>(exp.size() - 1);
                    register(refid, l);
                    for (int i = 1; i < exp.size(); i++) {
                        l.add(unjelly(exp.get(i)));
                    }
                    return l;
                }
                case "tuple": {
                    List<Object> backing = new ArrayList<>(exp.size() - 1);
                    Tuple t = Tuple.over(backing);
                    register(refid, t);
                    for (int i = 1; i < exp.size(); i++) {
                        backing.add(unjelly(exp.get(i)));
                    }
                    return t;
                }
                case "set":
                case "frozenset": {
                    Set<Object> s = new LinkedHashSet<>();
                    for (int i = 1; i < exp.size(); i++) {
                        s.add(hashable(unjelly(exp.get(i)), "a set element"));
                    }
                    Set<Object> result = type.equals("set") ? s : Collections.unmodifiableSet(s);
                    if (result != s) {
                        frozenSets.put(result, Boolean.TRUE);
                    }
                    register(refid, result);
                    return result;
                }
                case "dictionary": {
                    Map<Object, Object> m = new LinkedHashMap<>();
                    register(refid, m);
                    for (int i = 1; i < exp.size(); i++) {
                        if (!(exp.get(i) instanceof List<?> kv) || kv.size() != 2) {
                            throw new InsecureJelly("a dictionary item must be [key, value]: " + describe(exp.get(i)));
                        }
                        Object k = hashable(unjelly(kv.get(0)), "a dictionary key");
                        m.put(k, unjelly(kv.get(1)));
                    }
                    return m;
                }
                case "reference": {
                    Object id = at(exp, 1);
                    if (references.containsKey(id)) {
                        throw new InsecureJelly("Multiple references with same ID: " + id);
                    }
                    pendingRef = id;
                    Object o = unjelly(at(exp, 2));
                    pendingRef = null;
                    if (!references.containsKey(id)) {
                        references.put(id, o);
                    } else if (references.get(id) != o) {
                        throw new InsecureJelly("reference " + id + " resolved twice");
                    }
                    return o;
                }
                case "dereference": {
                    Object id = at(exp, 1);
                    if (!references.containsKey(id)) {
                        throw new InsecureJelly("dereference to unknown (or not yet buildable) reference " + id);
                    }
                    return references.get(id);
                }
                default: {
                    Object o = extension.unjelly(type, exp, this);
                    if (o == JellyExtension.NOT_HANDLED) {
                        throw new InsecureJelly("type not allowed: " + type);
                    }
                    register(refid, o);
                    return o;
                }
            }
        }

        /**
         * Refuses what Python could not hash either (lists, dictionaries, sets, and tuples holding
         * them or themselves): such a key would be mutable, and a cyclic one would hash forever.
         */
        private Object hashable(Object o, String what) {
            checkHashable(o, what, Collections.newSetFromMap(new IdentityHashMap<>()));
            return o;
        }

        private void checkHashable(Object o, String what, Set<Object> seen) {
            if (o instanceof Tuple t) {
                if (!seen.add(t)) {
                    throw new InsecureJelly(what + " cannot contain itself");
                }
                for (Object x : t) {
                    checkHashable(x, what, seen);
                }
                seen.remove(t);
            } else if (o instanceof List<?> || o instanceof Map<?, ?> || (o instanceof Set<?> s && !isFrozen(s))) {
                throw new InsecureJelly(what + " must be hashable, not a " + o.getClass().getSimpleName());
            } else if (o instanceof Set<?> frozen) {
                if (!seen.add(frozen)) {
                    throw new InsecureJelly(what + " cannot contain itself");
                }
                for (Object x : frozen) {
                    checkHashable(x, what, seen);
                }
                seen.remove(frozen);
            }
        }

        private boolean isFrozen(Set<?> s) {
            return frozenSets.containsKey(s);
        }

        private void register(Object refid, Object o) {
            if (refid != null) {
                references.put(refid, o);
            }
        }

        /** Element {@code i} of {@code exp}, or an error naming the malformed expression. */
        public static Object at(List<?> exp, int i) {
            if (i >= exp.size()) {
                throw new InsecureJelly("jelly expression too short: " + describe(exp));
            }
            return exp.get(i);
        }

        /** Element {@code i} of {@code exp} as bytes. */
        public static byte[] bytesAt(List<?> exp, int i) {
            if (!(at(exp, i) instanceof byte[] b)) {
                throw new InsecureJelly("expected bytes at " + i + " of " + describe(exp));
            }
            return b;
        }

        static String utf8(byte[] b) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                throw new InsecureJelly("unicode that is not UTF-8");
            }
        }
    }

    /** A short printable form of an s-expression, for messages. */
    public static String describe(Object sexp) {
        StringBuilder sb = new StringBuilder();
        describe(sexp, sb, 0);
        return sb.length() > 200 ? sb.substring(0, 200) + "..." : sb.toString();
    }

    private static void describe(Object o, StringBuilder sb, int depth) {
        if (sb.length() > 200 || depth > 8) {
            sb.append("...");
            return;
        }
        if (o instanceof byte[] b) {
            sb.append('b').append('\'');
            for (byte x : b) {
                int c = x & 0xff;
                if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
                    sb.append((char) c);
                } else {
                    sb.append(String.format("\\x%02x", c));
                }
            }
            sb.append('\'');
        } else if (o instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                describe(l.get(i), sb, depth + 1);
            }
            sb.append(']');
        } else {
            sb.append(o);
        }
    }
}
