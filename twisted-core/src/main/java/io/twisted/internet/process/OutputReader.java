package io.twisted.internet.process;

import io.twisted.internet.ReactorThreads;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * Reads one of a child's output pipes (stdout or stderr) on its own daemon thread and hands each
 * chunk to the reactor thread.
 *
 * <p>Each read takes up to {@value #CHUNK_SIZE} bytes into one of at most {@value #MAX_IN_FLIGHT}
 * pooled buffers; the buffer goes back to the pool once the protocol has seen it. The thread waits
 * while every buffer is out (the reactor has fallen behind) or while reading is paused, so the
 * memory per pipe never exceeds {@code MAX_IN_FLIGHT * CHUNK_SIZE} bytes and a child that writes
 * faster than the protocol consumes ends up blocked on a full pipe.
 *
 * <p>The fields under "reactor thread" are touched only by {@link ChildProcess} on the reactor
 * thread; the rest are shared under {@code lock}.
 */
final class OutputReader implements Runnable {

    /** The most bytes read (and delivered) at once. */
    static final int CHUNK_SIZE = 64 * 1024;
    /** The most chunks read but not yet seen by the protocol. */
    static final int MAX_IN_FLIGHT = 4;

    /** A chunk on its way to the reactor thread; {@code length < 0} means end of stream. */
    record Chunk(byte[] buffer, int length) {
        static final Chunk EOF = new Chunk(null, -1);

        boolean isEof() {
            return length < 0;
        }
    }

    final int childFd;
    private final InputStream in;
    private final ReactorThreads reactor;
    private final ChildProcess owner;

    private final Object lock = new Object();
    // Guarded by lock.
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    private int allocated;
    private boolean paused;
    private boolean closed;
    private boolean reportedPark;
    private Runnable parkHook;

    // Reactor thread only.
    /** Chunks that arrived while delivery was paused, in order. */
    final ArrayDeque<Chunk> pending = new ArrayDeque<>();
    /** {@code close} was asked for or the stream ended: no more data is delivered. */
    boolean closing;
    /** The protocol has heard that this pipe is closed. */
    boolean lost;

    OutputReader(int childFd, InputStream in, ReactorThreads reactor, ChildProcess owner) {
        this.childFd = childFd;
        this.in = in;
        this.reactor = reactor;
        this.owner = owner;
    }

    /** Starts the reading thread. */
    void start(String threadName) {
        Thread t = new Thread(this, threadName);
        t.setDaemon(true);
        t.start();
    }

    /** Any thread: stops (or lets continue) reading before the next chunk. */
    void setPaused(boolean paused) {
        synchronized (lock) {
            this.paused = paused;
            lock.notifyAll();
        }
    }

    /**
     * Any thread: stops reading and closes the stream. A read already blocked finishes first (a
     * blocking pipe read cannot be interrupted); its bytes are dropped.
     */
    void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
    }

    /** Reactor thread: returns a buffer the protocol has finished with. */
    void release(byte[] buffer) {
        synchronized (lock) {
            free.push(buffer);
            lock.notifyAll();
        }
    }

    /**
     * For tests: {@code hook} runs on the reading thread each time it starts waiting, because
     * reading is paused or because every buffer is still on its way to the protocol.
     */
    void setParkHook(Runnable hook) {
        synchronized (lock) {
            parkHook = hook;
            lock.notifyAll(); // a reader already waiting reports it
        }
    }

    @Override
    public void run() {
        try {
            while (true) {
                byte[] buffer = takeBuffer();
                if (buffer == null) {
                    return;
                }
                int n = in.read(buffer, 0, buffer.length);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    release(buffer);
                    continue;
                }
                Chunk chunk = new Chunk(buffer, n);
                reactor.callFromThread(() -> owner.outputArrived(this, chunk));
            }
        } catch (IOException e) {
            boolean expected;
            synchronized (lock) {
                expected = closed;
            }
            if (!expected) {
                ChildProcess.LOG.log(System.Logger.Level.DEBUG, "reading child fd " + childFd + " failed", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly();
        }
        reactor.callFromThread(() -> owner.outputArrived(this, Chunk.EOF));
    }

    /** Waits for a free buffer while not paused; {@code null} once closed. */
    private byte[] takeBuffer() throws InterruptedException {
        while (true) {
            Runnable hook = null;
            synchronized (lock) {
                if (closed) {
                    return null;
                }
                if (!paused && (!free.isEmpty() || allocated < MAX_IN_FLIGHT)) {
                    byte[] b = free.poll();
                    if (b == null) {
                        b = new byte[CHUNK_SIZE];
                        allocated++;
                    }
                    reportedPark = false;
                    return b;
                }
                if (!reportedPark && parkHook != null) {
                    reportedPark = true;
                    hook = parkHook;
                } else {
                    lock.wait();
                }
            }
            if (hook != null) {
                hook.run();
            }
        }
    }

    private void closeQuietly() {
        try {
            in.close();
        } catch (IOException ignored) {
            // Nothing more to read either way.
        }
    }
}
