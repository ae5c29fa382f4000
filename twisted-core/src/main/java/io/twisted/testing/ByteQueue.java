package io.twisted.testing;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/** A FIFO of bytes: buffers are copied in whole and taken out in any amounts. Not thread-safe. */
final class ByteQueue {

    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int headOffset;
    private long size;

    /** Copies the remaining bytes of {@code data} in and consumes them. */
    void add(ByteBuffer data) {
        int n = data.remaining();
        if (n == 0) {
            return;
        }
        byte[] b = new byte[n];
        data.get(b);
        chunks.addLast(b);
        size += n;
    }

    /** Moves up to {@code max} bytes into {@code dst} at {@code offset}; returns how many. */
    int take(byte[] dst, int offset, int max) {
        int done = 0;
        while (done < max && !chunks.isEmpty()) {
            byte[] head = chunks.peekFirst();
            int n = Math.min(max - done, head.length - headOffset);
            System.arraycopy(head, headOffset, dst, offset + done, n);
            done += n;
            headOffset += n;
            if (headOffset == head.length) {
                chunks.removeFirst();
                headOffset = 0;
            }
        }
        size -= done;
        return done;
    }

    long size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        chunks.clear();
        headOffset = 0;
        size = 0;
    }
}
