package io.twisted.amp;

import java.nio.ByteBuffer;

/** Byte helpers for tests (the chunking rule itself is {@link io.twisted.testing.Chunkings}). */
public final class Chunks {

    private Chunks() {
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
