package io.twisted.testing;

import io.twisted.internet.Protocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The ways to cut an input into reads, for the project's chunking rule: every decoder and protocol
 * test feeds its input whole, split in two at every point, and one byte at a time, because most
 * network bugs live at buffer boundaries.
 *
 * <pre>{@code
 * static Stream<Chunking> chunkings() { return Chunkings.of("HELO a\r\nQUIT\r\n").stream(); }
 *
 * @ParameterizedTest @MethodSource("chunkings")
 * void repliesToEachCommand(Chunking chunking) {
 *     var proto = new MyProtocol(); proto.makeConnection(new StringTransport());
 *     chunking.feedTo(proto);
 *     ...
 * }
 * }</pre>
 *
 * Each chunk is delivered the way a careless protocol gets hurt: in a heap buffer whose position is
 * not zero, with other bytes before and after it in the backing array, and overwritten as soon as
 * the call returns — so a protocol that keeps the buffer instead of copying it (the buffer is valid
 * only during {@code dataReceived}) sees garbage and fails its test.
 *
 * <p>Splitting at every point yields {@code n + 1} chunkings for {@code n} bytes and feeds
 * {@code O(n²)} bytes in all: keep inputs small (a few KiB), or use {@link #whole} and
 * {@link #bytewise} alone for big ones.
 */
public final class Chunkings {

    private static final int PAD = 3;
    private static final byte JUNK = (byte) 0xA5;

    private Chunkings() {
    }

    /**
     * One way of cutting an input into reads.
     *
     * @param name says how it was cut ("whole", "split at 3", "one byte at a time"); it is the
     *     {@link #toString()}, so parameterized tests show it
     * @param chunks the reads, in order; together they are the input
     */
    public record Chunking(String name, List<byte[]> chunks) {

        /** A chunking; the list is copied (the arrays are not). */
        public Chunking {
            Objects.requireNonNull(name, "name");
            chunks = List.copyOf(chunks);
        }

        /**
         * Hands each chunk to {@code sink} in a fresh buffer (position not zero, padded with other
         * bytes), then overwrites that buffer's bytes.
         */
        public void forEach(Consumer<ByteBuffer> sink) {
            for (byte[] chunk : chunks) {
                byte[] backing = new byte[chunk.length + 2 * PAD];
                Arrays.fill(backing, JUNK);
                System.arraycopy(chunk, 0, backing, PAD, chunk.length);
                ByteBuffer buffer = ByteBuffer.wrap(backing, PAD, chunk.length);
                sink.accept(buffer);
                Arrays.fill(backing, JUNK);
            }
        }

        /** Feeds each chunk to {@code protocol.dataReceived}, as {@link #forEach} does. */
        public void feedTo(Protocol protocol) {
            forEach(protocol::dataReceived);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Every chunking of {@code input}: whole, split in two at each point {@code 1..n-1}, and one byte
     * at a time (duplicates left out: an input of 0 or 1 bytes has one chunking).
     */
    public static List<Chunking> of(byte[] input) {
        List<Chunking> all = new ArrayList<>();
        all.add(whole(input));
        for (int i = 1; i < input.length; i++) {
            all.add(splitAt(input, i));
        }
        if (input.length > 2) {
            all.add(bytewise(input));
        }
        return all;
    }

    /** {@link #of(byte[])} of the remaining bytes of {@code input} (which is not consumed). */
    public static List<Chunking> of(ByteBuffer input) {
        byte[] bytes = new byte[input.remaining()];
        input.duplicate().get(bytes);
        return of(bytes);
    }

    /** {@link #of(byte[])} of the UTF-8 (for ASCII text: ASCII) bytes of {@code input}. */
    public static List<Chunking> of(String input) {
        return of(input.getBytes(StandardCharsets.UTF_8));
    }

    /** The input as one read. */
    public static Chunking whole(byte[] input) {
        return new Chunking("whole", List.of(input.clone()));
    }

    /** The input as two reads, the first of {@code at} bytes. */
    public static Chunking splitAt(byte[] input, int at) {
        if (at < 0 || at > input.length) {
            throw new IllegalArgumentException("split point " + at + " outside 0.." + input.length);
        }
        return new Chunking("split at " + at,
                List.of(Arrays.copyOfRange(input, 0, at), Arrays.copyOfRange(input, at, input.length)));
    }

    /** The input one byte per read. */
    public static Chunking bytewise(byte[] input) {
        List<byte[]> chunks = new ArrayList<>(input.length);
        for (byte b : input) {
            chunks.add(new byte[] {b});
        }
        return new Chunking("one byte at a time", chunks);
    }

    /** The input in reads of {@code size} bytes (the last may be shorter). */
    public static Chunking inPiecesOf(byte[] input, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("piece size must be positive: " + size);
        }
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < input.length; i += size) {
            chunks.add(Arrays.copyOfRange(input, i, Math.min(input.length, i + size)));
        }
        return new Chunking("in pieces of " + size, chunks);
    }
}
