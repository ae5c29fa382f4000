package io.twisted.internet.nio;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.DatagramProtocol;
import io.twisted.internet.DatagramTransport;
import io.twisted.internet.DelayedCall;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.Reactor;
import io.twisted.internet.SystemEvent;
import io.twisted.internet.SystemEventTrigger;
import io.twisted.internet.base.SystemEventTriggers;
import io.twisted.internet.base.TimerQueue;
import io.twisted.internet.defer.Coroutines;
import io.twisted.internet.error.ReactorAlreadyRunning;
import io.twisted.internet.error.ReactorNotRunning;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The reactor on Java NIO: one {@link Selector} (epoll on Linux), a timer heap, and a queue of
 * calls from other threads, all serviced by the one thread that calls {@link #run()}.
 *
 * <p>Each loop pass: run calls from other threads, run due timers (calls scheduled during the
 * pass wait for the next one, so nothing starves I/O), select with a timeout up to the next timer,
 * then dispatch ready channels. Reads go into one buffer shared by every connection of the reactor
 * (valid only during {@code dataReceived}); writes go straight to the socket when nothing is
 * queued.
 *
 * <p>{@link #seconds()} is monotonic ({@link System#nanoTime()}), not wall-clock time.
 */
public final class NioReactor implements Reactor {

    static final System.Logger LOG = System.getLogger("io.twisted.internet");

    static {
        // Classes on the error and back-off paths are loaded up front: when the process is out of file
        // descriptors, loading a class from a directory on the class path fails too.
        Class<?>[] preload = {
            io.twisted.internet.error.AlreadyCalled.class, io.twisted.internet.error.AlreadyCancelled.class,
            io.twisted.internet.error.ConnectionDone.class, io.twisted.internet.error.ConnectionLost.class,
            io.twisted.internet.error.ConnectionAborted.class, io.twisted.internet.defer.Deferred.class,
            io.twisted.internet.defer.Failure.class, io.twisted.internet.HalfCloseableProtocol.class,
            io.twisted.internet.PushProducer.class, io.twisted.internet.PullProducer.class,
            TcpConnection.class, StreamPort.class, TcpConnector.class,
        };
        try {
            for (Class<?> c : preload) {
                Class.forName(c.getName(), true, c.getClassLoader());
            }
            Class.forName("io.twisted.internet.base.TimerQueue$Call", true, NioReactor.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
        // The JDK initialises its socket-closing machinery on the first close, which needs a spare
        // descriptor: do that now rather than at the first close under descriptor exhaustion.
        try {
            java.nio.channels.SocketChannel.open().close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not warm up socket closing: " + e.getMessage());
        }
    }

    /** Size of the shared read buffer. */
    static final int READ_BUFFER_SIZE = 64 * 1024;

    private final Selector selector;
    private final long startNanos = System.nanoTime();
    private final TimerQueue timers = new TimerQueue(this::seconds);
    private final ConcurrentLinkedQueue<Runnable> threadCalls = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final SystemEventTriggers triggers = new SystemEventTriggers();
    private final Set<Selectable> selectables = Collections.newSetFromMap(new IdentityHashMap<>());
    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);

    private volatile Thread thread;
    private volatile boolean running;
    private volatile boolean stopRequested;
    private boolean started;
    private boolean loopDone;
    private ExecutorService resolverPool;
    private volatile boolean reusePort;
    private final io.twisted.internet.threads.ReactorThreadPool threadPool = new io.twisted.internet.threads.ReactorThreadPool(this);

    /** A new reactor. @throws UncheckedIOException if the selector cannot be opened */
    public NioReactor() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    /**
     * Makes the TCP ports this reactor listens on from now on set {@code SO_REUSEPORT}, so that
     * several reactors (see {@link ReactorPool}) or processes can listen on one port and the kernel
     * spreads incoming connections over them. Linux only.
     */
    public void setReusePort(boolean reusePort) {
        this.reusePort = reusePort;
    }

    /** Whether TCP ports set {@code SO_REUSEPORT}. */
    public boolean isReusePort() {
        return reusePort;
    }

    // ------------------------------------------------------------------ time

    @Override
    public double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    @Override
    public DelayedCall callLater(double delaySeconds, Runnable call) {
        checkThread("callLater");
        return timers.schedule(delaySeconds, call);
    }

    @Override
    public List<DelayedCall> getDelayedCalls() {
        return timers.pending();
    }

    // ------------------------------------------------------------------ threads

    @Override
    public void callFromThread(Runnable call) {
        threadCalls.add(call);
        if (Thread.currentThread() != thread && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    @Override
    public boolean isInReactorThread() {
        Thread t = thread;
        // A coroutine body holding control on behalf of the reactor thread counts as it.
        return Thread.currentThread() == t || (t != null && Coroutines.isDrivenBy(t));
    }

    /**
     * Throws when a reactor-thread-only method is called from another thread while the reactor
     * runs (before {@link #run()} any thread may set things up).
     */
    void checkThread(String what) {
        Thread t = thread;
        if (t != null && t != Thread.currentThread() && !Coroutines.isDrivenBy(t)) {
            throw new IllegalStateException(what + " must be called on the reactor thread (use callFromThread)");
        }
    }

    @Override
    public void callInThread(Runnable work) {
        threadPool.callInThread(work);
    }

    @Override
    public io.twisted.internet.threads.ThreadPool getThreadPool() {
        return threadPool.getThreadPool();
    }

    @Override
    public void suggestThreadPoolSize(int size) {
        threadPool.suggestThreadPoolSize(size);
    }

    /** A small pool for blocking host-name resolution, created on first use. */
    synchronized ExecutorService resolverPool() {
        if (resolverPool == null) {
            resolverPool = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "twisted-resolver");
                t.setDaemon(true);
                return t;
            });
        }
        return resolverPool;
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void run() {
        synchronized (this) {
            if (started) {
                throw new ReactorAlreadyRunning(loopDone ? "This reactor has already run and cannot be restarted" : "Reactor already running");
            }
            started = true;
            thread = Thread.currentThread();
        }
        running = true;
        triggers.fire(SystemEvent.STARTUP, () -> { });
        try {
            loop();
        } finally {
            running = false;
            closeAll();
            try {
                selector.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "closing the selector failed", e);
            }
            synchronized (this) {
                if (resolverPool != null) {
                    resolverPool.shutdownNow();
                }
            }
            thread = null;
        }
    }

    @Override
    public void stop() {
        if (!running || stopRequested) {
            throw new ReactorNotRunning();
        }
        stopRequested = true;
        if (isInReactorThread()) {
            beginShutdown();
        } else {
            callFromThread(this::beginShutdown);
        }
    }

    private boolean shuttingDown;

    private void beginShutdown() {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        // Twisted's reactor adds disconnectAll as the first "during shutdown" trigger.
        triggers.add(SystemEvent.Phase.DURING, SystemEvent.SHUTDOWN, () -> {
            disconnectAll();
            return null;
        });
        triggers.fire(SystemEvent.SHUTDOWN, () -> loopDone = true);
    }

    @Override
    public boolean isRunning() {
        return running && !stopRequested;
    }

    @Override
    public void callWhenRunning(Runnable call) {
        if (running) {
            callLater(0, call);
        } else {
            triggers.add(SystemEvent.Phase.AFTER, SystemEvent.STARTUP, () -> {
                call.run();
                return null;
            });
        }
    }

    @Override
    public Object addSystemEventTrigger(SystemEvent.Phase phase, SystemEvent event, SystemEventTrigger trigger) {
        checkThread("addSystemEventTrigger");
        return triggers.add(phase, event, trigger);
    }

    @Override
    public void removeSystemEventTrigger(Object handle) {
        checkThread("removeSystemEventTrigger");
        triggers.remove(handle);
    }

    // ------------------------------------------------------------------ the loop

    private void loop() {
        while (!loopDone) {
            runThreadCalls();
            timers.runDue(seconds(), false, t -> LOG.log(System.Logger.Level.ERROR, "Unhandled error in a delayed call", t));
            if (loopDone) {
                break;
            }
            try {
                if (!threadCalls.isEmpty()) {
                    selector.selectNow(dispatch);
                } else {
                    double next = timers.nextTime();
                    if (next == Double.POSITIVE_INFINITY) {
                        selector.select(dispatch);
                    } else {
                        long ms = (long) Math.ceil((next - seconds()) * 1000);
                        if (ms <= 0) {
                            selector.selectNow(dispatch);
                        } else {
                            selector.select(dispatch, ms);
                        }
                    }
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "select failed", e);
                continue;
            }
            wakeupPending.set(false);
        }
    }

    private void runThreadCalls() {
        // Run only what is queued now: calls queued by these calls wait for the next pass.
        int budget = threadCalls.size();
        for (int i = 0; i < budget; i++) {
            Runnable r = threadCalls.poll();
            if (r == null) {
                break;
            }
            try {
                r.run();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "Unhandled error in a call from another thread", t);
            }
        }
    }

    /**
     * Handles one ready key. Called by {@code select(Consumer)} for each ready channel, which spares
     * the selected-key set (a HashSet add and iteration per event) on every loop pass.
     */
    private final java.util.function.Consumer<SelectionKey> dispatch = this::dispatchKey;

    private void dispatchKey(SelectionKey key) {
        Selectable s = (Selectable) key.attachment();
        int ready;
        try {
            ready = key.readyOps();
        } catch (CancelledKeyException e) {
            return;
        }
        try {
            s.onReady(ready);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "Unhandled error handling I/O for " + s, t);
            try {
                s.abortOnError(t);
            } catch (Throwable t2) {
                LOG.log(System.Logger.Level.ERROR, "Error closing " + s, t2);
            }
        }
    }

    // ------------------------------------------------------------------ registration

    SelectionKey register(SelectableChannel ch, int ops, Selectable s) throws IOException {
        SelectionKey k = ch.register(selector, ops, s);
        selectables.add(s);
        return k;
    }

    /** Tracks a selectable whose channel is already registered (a connector's key taken over). */
    void adopt(Selectable s) {
        selectables.add(s);
    }

    void unregister(Selectable s) {
        selectables.remove(s);
    }

    /** Closes every port and connection (the "during shutdown" step Twisted calls disconnectAll). */
    private void disconnectAll() {
        for (Selectable s : new ArrayList<>(selectables)) {
            try {
                s.closeForShutdown();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "Error closing " + s + " at shutdown", t);
            }
        }
    }

    private void closeAll() {
        if (!selectables.isEmpty()) {
            disconnectAll();
        }
    }

    // ------------------------------------------------------------------ TCP

    @Override
    public ListeningPort listenTCP(int port, ProtocolFactory factory, int backlog, String iface) {
        checkThread("listenTCP");
        StreamPort p = new StreamPort(this, port, factory, backlog, iface);
        p.setReusePort(reusePort);
        p.startListening();
        return p;
    }

    @Override
    public Connector connectTCP(String host, int port, ClientFactory factory, double timeoutSeconds, SocketAddress bindAddress) {
        checkThread("connectTCP");
        TcpConnector c = new TcpConnector(this, host, port, factory, timeoutSeconds, bindAddress);
        c.connect();
        return c;
    }

    // ------------------------------------------------------------------ processes

    @Override
    public io.twisted.internet.process.ProcessTransport spawnProcess(io.twisted.internet.process.ProcessProtocol protocol,
            String executable, List<String> args, java.util.Map<String, String> env, java.nio.file.Path path) {
        checkThread("spawnProcess");
        return io.twisted.internet.process.ProcessSpawner.spawnProcess(this, protocol, executable, args, env, path);
    }

    // ------------------------------------------------------------------ UNIX

    @Override
    public ListeningPort listenUNIX(String path, ProtocolFactory factory, int backlog, int mode, boolean wantPID) {
        checkThread("listenUNIX");
        StreamPort p = new StreamPort(this, new UnixSocketFile(path, mode, wantPID), factory, backlog);
        p.startListening();
        return p;
    }

    @Override
    public Connector connectUNIX(String path, ClientFactory factory, double timeoutSeconds, boolean checkPID) {
        checkThread("connectUNIX");
        TcpConnector c = new TcpConnector(this, path, factory, timeoutSeconds, checkPID);
        c.connect();
        return c;
    }

    // ------------------------------------------------------------------ UDP

    @Override
    public DatagramTransport listenUDP(int port, DatagramProtocol protocol, String iface, int maxPacketSize) {
        checkThread("listenUDP");
        UdpPort p = new UdpPort(this, port, protocol, iface, maxPacketSize, false);
        p.startListening();
        return p;
    }

    @Override
    public DatagramTransport listenMulticast(int port, DatagramProtocol protocol, String iface, int maxPacketSize, boolean listenMultiple) {
        checkThread("listenMulticast");
        UdpPort p = new UdpPort(this, port, protocol, iface, maxPacketSize, listenMultiple);
        p.startListening();
        return p;
    }

    @Override
    public String toString() {
        return "<NioReactor " + (running ? "running" : "not running") + ">";
    }
}
