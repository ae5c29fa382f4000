package io.twisted.internet.process;

import io.twisted.internet.ReactorThreads;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Writes a child's stdin on its own daemon thread, started on the first write or close.
 *
 * <p>The reactor thread {@linkplain #enqueue queues} copies (small writes packed into {@value
 * #CHUNK}-byte chunks) and the writer thread takes them, writing at most {@value #SLICE} bytes per
 * {@code write} so the queued count, which drives flow control, falls steadily. The writer tells
 * the reactor thread, through {@link ReactorThreads#callFromThread}, when the queue falls to the low
 * watermark, when it empties (for a pull producer) and when stdin is closed.
 */
final class StdinWriter implements Runnable {

    /** Queued small writes are packed into chunks of this size. */
    static final int CHUNK = 16 * 1024;
    /** The writer thread writes at most this many bytes per call. */
    static final int SLICE = 64 * 1024;

    private final OutputStream out;
    private final ReactorThreads reactor;
    private final ChildProcess owner;
    private final String threadName;
    private final long lowWatermark;

    private final Object lock = new Object();
    // Guarded by lock.
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private long queued;
    private boolean started;
    private boolean closeRequested;
    private boolean abandoned;
    private boolean wantDrained;

    StdinWriter(OutputStream out, ReactorThreads reactor, ChildProcess owner, String threadName, long lowWatermark) {
        this.out = out;
        this.reactor = reactor;
        this.owner = owner;
        this.threadName = threadName;
        this.lowWatermark = lowWatermark;
    }

    /**
     * Reactor thread: copies the rest of {@code data} into the queue (consuming it) and returns the
     * number of bytes now queued; drops the bytes (and returns 0) once closing or abandoned.
     */
    long enqueue(ByteBuffer data) {
        int len = data.remaining();
        synchronized (lock) {
            if (closeRequested || abandoned) {
                data.position(data.limit());
                return 0;
            }
            ByteBuffer last = queue.peekLast();
            if (last != null && last.capacity() - last.limit() >= len) {
                // The tail chunk is in read mode (position..limit = data); append after its limit.
                int pos = last.position();
                last.position(last.limit());
                last.limit(last.limit() + len);
                last.put(data);
                last.position(pos);
            } else {
                ByteBuffer copy = ByteBuffer.allocate(Math.max(len, CHUNK));
                copy.put(data);
                copy.flip();
                queue.add(copy);
            }
            queued += len;
            startLocked();
            lock.notifyAll();
            return queued;
        }
    }

    /** Bytes queued and not yet written. */
    long queued() {
        synchronized (lock) {
            return queued;
        }
    }

    /** Reactor thread: whether to report each time the queue empties (a pull producer is registered). */
    void setWantDrained(boolean want) {
        synchronized (lock) {
            wantDrained = want;
        }
    }

    /**
     * Reactor thread: closes stdin once the queue is written; the owner hears {@code stdinClosed}.
     * Does nothing when already closing.
     */
    void close() {
        synchronized (lock) {
            if (closeRequested || abandoned) {
                return;
            }
            closeRequested = true;
            startLocked();
            lock.notifyAll();
        }
    }

    /**
     * Reactor thread: drops what is queued and closes stdin (the process is gone). The owner has
     * already marked stdin lost and ignores the report this produces.
     */
    void abandon() {
        boolean closeHere;
        synchronized (lock) {
            if (abandoned) {
                return;
            }
            abandoned = true;
            queue.clear();
            queued = 0;
            closeHere = !started;
            started = true; // no thread from now on
            lock.notifyAll();
        }
        if (closeHere) {
            closeQuietly();
        }
    }

    private void startLocked() {
        if (!started) {
            started = true;
            Thread t = new Thread(this, threadName);
            t.setDaemon(true);
            t.start();
        }
    }

    @Override
    public void run() {
        IOException error = null;
        try {
            while (true) {
                ByteBuffer chunk;
                synchronized (lock) {
                    while (queue.isEmpty() && !closeRequested && !abandoned) {
                        lock.wait();
                    }
                    if (abandoned || queue.isEmpty()) {
                        break;
                    }
                    // Taken out of the queue, the chunk can no longer be appended to.
                    chunk = queue.pollFirst();
                }
                while (chunk.hasRemaining()) {
                    int n = Math.min(chunk.remaining(), SLICE);
                    out.write(chunk.array(), chunk.arrayOffset() + chunk.position(), n);
                    chunk.position(chunk.position() + n);
                    boolean flushNow;
                    synchronized (lock) {
                        if (abandoned) {
                            return; // the process is gone: the rest is dropped (finally closes)
                        }
                        flushNow = !chunk.hasRemaining() && queue.isEmpty();
                    }
                    if (flushNow) {
                        out.flush();
                    }
                    written(n);
                }
            }
        } catch (IOException e) {
            error = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (lock) {
                abandoned = true;
                queue.clear();
                queued = 0;
            }
            closeQuietly();
            IOException reason = error;
            reactor.callFromThread(() -> owner.stdinClosed(reason));
        }
    }

    /** Writer thread: {@code n} more bytes went out; reports crossing the low watermark and draining. */
    private void written(int n) {
        boolean crossedLow;
        boolean drained;
        synchronized (lock) {
            long before = queued;
            queued -= n;
            crossedLow = before > lowWatermark && queued <= lowWatermark;
            drained = queued == 0 && wantDrained;
        }
        if (crossedLow || drained) {
            reactor.callFromThread(owner::stdinProgress);
        }
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException ignored) {
            // The child may have closed its end already; nothing more to do.
        }
    }
}
