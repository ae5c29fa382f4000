package io.twisted.amp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The chunking rule for tests: the input whole, split in two at every point, and one byte at a time. */
public final class Chunks {

    private Chunks() {
    }

    /** Every way of delivering {@code data} the rule asks for; each a list of fresh buffers. */
    public static List<List<ByteBuffer>> of(byte[] data) {
        List<List<ByteBuffer>> all = new ArrayList<>();
        all.add(List.of(ByteBuffer.wrap(data.clone())));
        for (int i = 1; i < data.length; i++) {
            all.add(List.of(ByteBuffer.wrap(Arrays.copyOfRange(data, 0, i)), ByteBuffer.wrap(Arrays.copyOfRange(data, i, data.length))));
        }
        List<ByteBuffer> bytes = new ArrayList<>();
        for (byte b : data) {
            bytes.add(ByteBuffer.wrap(new byte[] {b}));
        }
        all.add(bytes);
        return all;
    }

    /** Concatenates byte arrays. */
    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }
}
