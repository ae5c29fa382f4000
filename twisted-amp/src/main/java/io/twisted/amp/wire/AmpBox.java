package io.twisted.amp.wire;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One AMP box: keys (byte strings, here held as ISO-8859-1 {@link String}s so every byte survives)
 * mapped to byte-string values. {@link #encode()} writes the keys in sorted order, as Python's
 * {@code AmpBox.serialize} does, so the same box always gives the same bytes.
 *
 * <pre>
 *   00 04 'S' 'u' 'm' '!'     ... key length, key
 *   00 01 '3'                 ... value length, value
 *   00 00                     ... empty key: end of box
 * </pre>
 *
 * <p>Not thread-safe; values are stored as given (callers must not change an array after putting it).
 */
public final class AmpBox {

    /** Longest key: 255 bytes (Twisted's {@code MAX_KEY_LENGTH}). */
    public static final int MAX_KEY_LENGTH = 0xff;
    /** Longest value: 65,535 bytes (Twisted's {@code MAX_VALUE_LENGTH}), the most a 16-bit prefix can say. */
    public static final int MAX_VALUE_LENGTH = 0xffff;

    private final TreeMap<String, byte[]> entries = new TreeMap<>();

    /** An empty box. */
    public AmpBox() {
    }

    /** A box holding a copy of {@code other}'s entries. */
    public AmpBox(AmpBox other) {
        entries.putAll(other.entries);
    }

    /**
     * Sets {@code key} to {@code value}.
     *
     * @throws AmpWireException if the key is empty, not ISO-8859-1, or longer than {@value #MAX_KEY_LENGTH}
     *     bytes, or the value is longer than {@value #MAX_VALUE_LENGTH} bytes
     */
    public AmpBox put(String key, byte[] value) {
        checkKey(key);
        if (value.length > MAX_VALUE_LENGTH) {
            throw new AmpWireException("value of key '" + key + "' is " + value.length
                    + " bytes, longer than the AMP limit of " + MAX_VALUE_LENGTH);
        }
        entries.put(key, value);
        return this;
    }

    /** Sets {@code key} to the ASCII bytes of {@code value} (for protocol keys such as {@code _command}). */
    public AmpBox putAscii(String key, String value) {
        return put(key, value.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void checkKey(String key) {
        if (key.isEmpty()) {
            throw new AmpWireException("an AMP key cannot be empty (the empty key ends a box)");
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) > 0xff) {
                throw new AmpWireException("AMP key '" + key + "' is not a byte string (char " + (int) key.charAt(i) + ")");
            }
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new AmpWireException("key '" + key.substring(0, 20) + "...' is " + key.length()
                    + " bytes, longer than the AMP limit of " + MAX_KEY_LENGTH);
        }
    }

    /** The value of {@code key}, or {@code null}. */
    public byte[] get(String key) {
        return entries.get(key);
    }

    /** The value of {@code key} read as ISO-8859-1 text, or {@code null}. */
    public String getAscii(String key) {
        byte[] v = entries.get(key);
        return v == null ? null : new String(v, StandardCharsets.ISO_8859_1);
    }

    /** Whether the box has {@code key}. */
    public boolean containsKey(String key) {
        return entries.containsKey(key);
    }

    /** Removes {@code key}; returns its value or {@code null}. */
    public byte[] remove(String key) {
        return entries.remove(key);
    }

    /** The keys, sorted. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /** The entries, sorted by key (read-only view). */
    public Map<String, byte[]> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /** The number of keys. */
    public int size() {
        return entries.size();
    }

    /** The encoded size in bytes, the final empty key included. */
    public int encodedSize() {
        int n = 2;
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            n += 4 + e.getKey().length() + e.getValue().length;
        }
        return n;
    }

    /** This box in wire form, ended by the empty key. */
    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(encodedSize());
        encodeTo(out);
        return out.array();
    }

    /** Writes this box in wire form into {@code out}, which must have {@link #encodedSize()} bytes left. */
    public void encodeTo(ByteBuffer out) {
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            String k = e.getKey();
            out.putShort((short) k.length());
            for (int i = 0; i < k.length(); i++) {
                out.put((byte) k.charAt(i));
            }
            out.putShort((short) e.getValue().length);
            out.put(e.getValue());
        }
        out.putShort((short) 0);
    }

    /** Several boxes back to back, as {@code AmpList} carries them inside one value. */
    public static byte[] encodeAll(List<AmpBox> boxes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (AmpBox b : boxes) {
            out.writeBytes(b.encode());
        }
        return out.toByteArray();
    }

    /**
     * Parses {@code data} as whole boxes back to back (Twisted's {@code parseString}).
     *
     * @throws AmpWireException if the data ends inside a box or breaks a limit
     */
    public static List<AmpBox> decodeAll(byte[] data) {
        AmpBoxDecoder decoder = new AmpBoxDecoder(Math.max(data.length, 2));
        ByteBuffer in = ByteBuffer.wrap(data);
        List<AmpBox> boxes = new ArrayList<>();
        AmpBox b;
        while ((b = decoder.decode(in)) != null) {
            boxes.add(b);
        }
        if (decoder.isMidBox()) {
            throw new AmpWireException("data ends inside a box (" + data.length + " bytes)");
        }
        return boxes;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AmpBox other) || other.entries.size() != entries.size()) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.entries.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            h += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
        }
        return h;
    }

    /** The box with values shown as text where printable, else as hex; long values are cut. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("AmpBox{");
        boolean first = true;
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(e.getKey()).append('=');
            byte[] v = e.getValue();
            int n = Math.min(v.length, 64);
            for (int i = 0; i < n; i++) {
                int c = v[i] & 0xff;
                if (c >= 0x20 && c < 0x7f && c != '\\') {
                    sb.append((char) c);
                } else {
                    sb.append(String.format("\\x%02x", c));
                }
            }
            if (v.length > n) {
                sb.append("...(").append(v.length).append(" bytes)");
            }
        }
        return sb.append('}').toString();
    }
}
