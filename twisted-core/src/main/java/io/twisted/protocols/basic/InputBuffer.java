package io.twisted.protocols.basic;

import java.nio.ByteBuffer;

/**
 * The unprocessed input of a {@link FramedReceiver}: bytes kept from earlier reads ({@code pending},
 * an owned, growable array) followed by the rest of the buffer being delivered now
 * ({@code current}, not owned, valid only during {@code dataReceived}).
 *
 * <p>Positions are "combined" indexes: 0 is the first unprocessed byte, whichever part holds it.
 * Framers parse with {@link #byteAt}/{@link #indexOf} without copying, take what forms a message,
 * and {@link #stash()} a partial message (the only copy a complete message in one read avoids).
 */
final class InputBuffer {

    private static final byte[] EMPTY = new byte[0];
    /** Largest pending array kept once empty. */
    private static final int RETAINED_CAPACITY = 64 * 1024;

    private byte[] pending = EMPTY;
    private int start;
    private int end;
    private ByteBuffer current;

    void setCurrent(ByteBuffer data) {
        current = data;
    }

    int pendingLength() {
        return end - start;
    }

    int available() {
        return end - start + (current == null ? 0 : current.remaining());
    }

    byte byteAt(int i) {
        int p = end - start;
        return i < p ? pending[start + i] : current.get(current.position() + i - p);
    }

    /** The combined index of the first occurrence of {@code pattern} at or after {@code from}, or -1. */
    int indexOf(byte[] pattern, int from) {
        int p = end - start;
        int last = available() - pattern.length;
        byte first = pattern[0];
        int i = Math.max(from, 0);
        for (int stop = Math.min(p, last + 1); i < stop; i++) {
            if (pending[start + i] == first && matchesAt(pattern, i)) {
                return i;
            }
        }
        if (current == null || i > last) {
            return -1;
        }
        i = Math.max(i, p);
        int base = current.position() - p; // buffer index of combined index i is base + i
        if (current.hasArray()) {
            byte[] a = current.array();
            int off = current.arrayOffset() + base;
            for (; i <= last; i++) {
                if (a[off + i] == first && matchesAt(pattern, i)) {
                    return i;
                }
            }
        } else {
            for (; i <= last; i++) {
                if (current.get(base + i) == first && matchesAt(pattern, i)) {
                    return i;
                }
            }
        }
        return -1;
    }

    private boolean matchesAt(byte[] pattern, int at) {
        for (int k = 1; k < pattern.length; k++) {
            if (byteAt(at + k) != pattern[k]) {
                return false;
            }
        }
        return true;
    }

    /** Removes and returns the first {@code n} bytes. */
    byte[] take(int n) {
        byte[] out = new byte[n];
        int fromPending = Math.min(n, end - start);
        System.arraycopy(pending, start, out, 0, fromPending);
        start += fromPending;
        if (n > fromPending) {
            current.get(out, fromPending, n - fromPending);
        }
        compactIfEmpty();
        return out;
    }

    /** Copies the first {@code n} bytes without removing them. */
    byte[] copyOf(int n) {
        byte[] out = new byte[n];
        int fromPending = Math.min(n, end - start);
        System.arraycopy(pending, start, out, 0, fromPending);
        if (n > fromPending) {
            current.get(current.position(), out, fromPending, n - fromPending);
        }
        return out;
    }

    /** Drops the first {@code n} bytes. */
    void skip(int n) {
        int fromPending = Math.min(n, end - start);
        start += fromPending;
        if (n > fromPending) {
            current.position(current.position() + n - fromPending);
        }
        compactIfEmpty();
    }

    /** Copies what is left of the current buffer into the pending array, so it outlives the call. */
    void stash() {
        if (current != null && current.hasRemaining()) {
            copyIn(current);
        }
    }

    /** Appends {@code data} after everything unprocessed (consuming it). */
    void append(ByteBuffer data) {
        stash();
        copyIn(data);
    }

    private void copyIn(ByteBuffer data) {
        int n = data.remaining();
        if (n == 0) {
            return;
        }
        ensureRoom(n);
        data.get(pending, end, n);
        end += n;
    }

    /**
     * Removes everything unprocessed and returns it as one buffer the caller owns: a slice of the
     * current buffer when nothing was pending (no copy), else the detached pending array.
     */
    ByteBuffer drain() {
        if (end == start) {
            if (current == null) {
                return ByteBuffer.allocate(0);
            }
            ByteBuffer rest = current.slice();
            current.position(current.limit());
            return rest;
        }
        stash();
        ByteBuffer out = ByteBuffer.wrap(pending, start, end - start);
        pending = EMPTY;
        start = 0;
        end = 0;
        return out;
    }

    /** Removes everything unprocessed and returns a copy. */
    byte[] takeAll() {
        return take(available());
    }

    private void compactIfEmpty() {
        if (start == end) {
            start = 0;
            end = 0;
            if (pending.length > RETAINED_CAPACITY) {
                pending = EMPTY; // give back what a burst (or a pause) made us grow
            }
        }
    }

    private void ensureRoom(int n) {
        if (pending.length - end >= n) {
            return;
        }
        int live = end - start;
        if (live + n <= pending.length && start > 0 && live < pending.length / 2) {
            System.arraycopy(pending, start, pending, 0, live);
        } else {
            long want = Math.max((long) live + n, Math.max(64, (long) pending.length * 2));
            if (want > Integer.MAX_VALUE - 8) {
                want = (long) live + n;
            }
            byte[] grown = new byte[(int) want];
            System.arraycopy(pending, start, grown, 0, live);
            pending = grown;
        }
        start = 0;
        end = live;
    }
}
