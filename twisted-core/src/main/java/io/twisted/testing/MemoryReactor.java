package io.twisted.testing;

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
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.CannotListenError;
import io.twisted.internet.error.ReactorAlreadyRunning;
import io.twisted.internet.error.ReactorNotRunning;
import io.twisted.internet.task.Clock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;

/**
 * A {@link Reactor} that does no I/O and never blocks, for tests, as Twisted's
 * {@code MemoryReactorClock}: it records what it is asked to listen on and connect to, keeps time
 * with an internal {@link Clock}, and runs its lifecycle (system event triggers) on demand.
 *
 * <pre>{@code
 * var reactor = new MemoryReactor();
 * var factory = new RecordingFactory<>(MyClientProtocol::new);
 * new MyService(reactor, factory).start();          // calls connectTCP("mail.example", 25, ...)
 *
 * MemoryReactor.TcpClient c = reactor.tcpClients().get(0);
 * assertEquals("mail.example", c.host());
 * StringTransport t = c.connector().succeed();      // the factory's protocol is now connected
 * assertEquals("EHLO me\r\n", t.valueAsString());
 *
 * reactor.advance(30);                              // time-outs fire
 * }</pre>
 *
 * <h2>Time</h2>
 * {@link #seconds()}, {@link #callLater} and {@link #getDelayedCalls()} use {@link #clock()}.
 * {@link #advance(double)} is one reactor iteration that also moves time: it runs pending
 * {@code callFromThread} calls, moves the clock (running due calls), then runs the calls queued
 * meanwhile. Exceptions thrown by those calls propagate out of {@code advance}, after all ran.
 *
 * <h2>Threads</h2>
 * The thread that created the reactor is its reactor thread ({@link #isInReactorThread()}).
 * {@link #callFromThread} only queues, from any thread, including the reactor thread (as a real
 * reactor runs such calls in its next iteration, never re-entrantly): {@link #runPendingCalls()}
 * or {@link #advance} runs them.
 *
 * <h2>Lifecycle</h2>
 * {@link #run()} does not block: it fires the startup event (before, during, after triggers;
 * {@link #isRunning()} becomes true as the during phase starts; {@link #callWhenRunning} calls are
 * after-startup triggers) and returns. {@link #stop()} fires the shutdown event at once,
 * synchronously (from another thread: at the next {@link #runPendingCalls()}). A trigger that returns an unfired {@link Deferred} delays the next phase until
 * that Deferred fires, so a test can check the state in between and then fire it. An exception
 * from a trigger, or a failed Deferred it returned, is recorded in {@link #errors()} (and logged)
 * and the event goes on, as in Twisted. Unlike a real reactor, shutdown does not close
 * connections or stop listening ports.
 *
 * <h2>TCP, UNIX, UDP</h2>
 * {@link #listenTCP} records a {@link TcpServer} and returns a {@link MemoryListeningPort}
 * (port 0 gets a distinct fake port from 49152 up; listening twice on the same non-zero port and
 * interface throws {@link CannotListenError}); the factory's {@code doStart} runs, and its
 * {@code doStop} at {@code stopListening}. {@link #connectTCP} records a {@link TcpClient} and
 * returns a {@link MemoryConnector} that is connecting, as a real one is: the factory's
 * {@code doStart} and {@code startedConnecting} have run and the timeout is scheduled on the
 * clock. The test then makes the attempt {@link MemoryConnector#succeed() succeed},
 * {@link MemoryConnector#fail fail} or {@link MemoryConnector#connectTo reach a server} through a
 * {@link LoopbackPump}. {@link #listenUNIX}/{@link #connectUNIX} work the same way with
 * {@link java.net.UnixDomainSocketAddress}es (no file is created), recorded in
 * {@link #unixServers()}/{@link #unixClients()}. {@link #listenUDP}/{@link #listenMulticast} record
 * a {@link UdpPort} and return a {@link MemoryDatagramTransport} that records what is sent and
 * delivers what the test hands it.
 *
 * <h2>Adding a transport family</h2>
 * Each family (SSL, processes, ...) gets, as TCP, UNIX and UDP have: a record of the call's arguments with
 * its returned handle (like {@link TcpServer}), a list and its accessor, and the interface method
 * appending to it. Stream families reuse {@link MemoryListeningPort} and {@link MemoryConnector}
 * (which take any {@link SocketAddress}) and {@link #allocatePort()}.
 *
 * <p>Not thread-safe except {@link #callFromThread}. Subclass it to add behaviour.
 */
public class MemoryReactor implements Reactor {

    private static final System.Logger LOG = System.getLogger(MemoryReactor.class.getName());
    private static final Pattern IPV4_PART = Pattern.compile("[0-9.]+");
    /** Bound on rounds of {@link #runPendingCalls()}, against calls that queue themselves forever. */
    private static final int MAX_PENDING_ROUNDS = 10_000;

    /** The arguments of one {@link #listenTCP} call and the port it returned. */
    public record TcpServer(int port, ProtocolFactory factory, int backlog, String iface, MemoryListeningPort listeningPort) {
    }

    /** The arguments of one {@link #connectTCP} call and the connector it returned. */
    public record TcpClient(String host, int port, ClientFactory factory, double timeout, SocketAddress bindAddress,
            MemoryConnector connector) {
    }

    /** The arguments of one {@link #listenUDP} or {@link #listenMulticast} call and the port it returned. */
    public record UdpPort(int port, DatagramProtocol protocol, String iface, int maxPacketSize, boolean multicast,
            boolean listenMultiple, MemoryDatagramTransport transport) {
    }

    /** The arguments of one {@link #listenUNIX} call and the port it returned. */
    public record UnixServer(String path, ProtocolFactory factory, int backlog, int mode, boolean wantPID,
            MemoryListeningPort listeningPort) {
    }

    /** The arguments of one {@link #connectUNIX} call and the connector it returned. */
    public record UnixClient(String path, ClientFactory factory, double timeout, boolean checkPID, MemoryConnector connector) {
    }

    private final Clock clock = new Clock();
    private final Thread reactorThread = Thread.currentThread();
    private final Queue<Runnable> threadCalls = new ConcurrentLinkedQueue<>();
    private final Map<SystemEvent, Map<SystemEvent.Phase, List<Trigger>>> triggers = new EnumMap<>(SystemEvent.class);
    private final List<Failure> errors = new ArrayList<>();
    private final List<TcpServer> tcpServers = new ArrayList<>();
    private final List<TcpClient> tcpClients = new ArrayList<>();
    private final List<UdpPort> udpPorts = new ArrayList<>();
    private final List<UnixServer> unixServers = new ArrayList<>();
    private final List<UnixClient> unixClients = new ArrayList<>();
    private final List<MemoryListeningPort> ports = new ArrayList<>();
    private int nextPort = 49152;
    private int nextClientPort = 40000;

    private boolean hasRun;
    private boolean running;
    private boolean hasStopped;
    private boolean startupComplete;
    private boolean shutdownComplete;

    /** A reactor at time 0, not running, whose reactor thread is the calling thread. */
    public MemoryReactor() {
        for (SystemEvent e : SystemEvent.values()) {
            Map<SystemEvent.Phase, List<Trigger>> m = new EnumMap<>(SystemEvent.Phase.class);
            for (SystemEvent.Phase p : SystemEvent.Phase.values()) {
                m.put(p, new ArrayList<>());
            }
            triggers.put(e, m);
        }
    }

    // ------------------------------------------------------------------ time

    /** The clock behind {@link #seconds()} and {@link #callLater}. */
    public Clock clock() {
        return clock;
    }

    @Override
    public double seconds() {
        return clock.seconds();
    }

    @Override
    public DelayedCall callLater(double delaySeconds, Runnable call) {
        return clock.callLater(delaySeconds, call);
    }

    @Override
    public List<DelayedCall> getDelayedCalls() {
        return clock.getDelayedCalls();
    }

    /**
     * One iteration that moves time by {@code seconds}: runs pending {@code callFromThread} calls,
     * advances the clock (running due calls), then runs the calls queued meanwhile. The first
     * exception propagates after everything ran, the others suppressed in it.
     */
    public void advance(double seconds) {
        RuntimeException first = null;
        try {
            runPendingCalls();
        } catch (RuntimeException e) {
            first = e;
        }
        try {
            clock.advance(seconds);
        } catch (RuntimeException e) {
            first = chain(first, e);
        }
        try {
            runPendingCalls();
        } catch (RuntimeException e) {
            first = chain(first, e);
        }
        if (first != null) {
            throw first;
        }
    }

    /** {@link #advance} by each of {@code timings} in turn. */
    public void pump(double... timings) {
        for (double t : timings) {
            advance(t);
        }
    }

    // ------------------------------------------------------------------ threads

    /** Queues {@code call} for {@link #runPendingCalls()}; never runs it at once. Any thread may call it. */
    // ------------------------------------------------------------------ processes

    private final java.util.List<MemoryProcessTransport> processes = new java.util.ArrayList<>();
    private long nextPid = 4000;

    /**
     * Records the request and starts {@code protocol} on a {@link MemoryProcessTransport}; no
     * process runs. The test plays the child through the protocol's callbacks.
     */
    @Override
    public io.twisted.internet.process.ProcessTransport spawnProcess(io.twisted.internet.process.ProcessProtocol protocol,
            String executable, java.util.List<String> args, java.util.Map<String, String> env, java.nio.file.Path path) {
        MemoryProcessTransport t = new MemoryProcessTransport(protocol, executable, args, env, path, nextPid++);
        processes.add(t);
        protocol.makeConnection(t);
        return t;
    }

    /** The processes spawned, in order. */
    public java.util.List<MemoryProcessTransport> processes() {
        return java.util.List.copyOf(processes);
    }

    // ------------------------------------------------------------------ thread pool

    private final java.util.ArrayDeque<Runnable> threadWork = new java.util.ArrayDeque<>();
    private int suggestedPoolSize = -1;

    /**
     * Records {@code work} instead of running it on another thread: {@link #runThreadWork()} runs
     * it on the calling (test) thread, so code using {@code callInThread} stays deterministic.
     */
    @Override
    public void callInThread(Runnable work) {
        threadWork.add(work);
    }

    /** Runs the work queued with {@link #callInThread}, in order, including work it queues; returns how many ran. */
    public int runThreadWork() {
        int n = 0;
        Runnable r;
        while ((r = threadWork.poll()) != null) {
            r.run();
            n++;
        }
        return n;
    }

    /** Work queued with {@link #callInThread} and not yet run. */
    public java.util.List<Runnable> pendingThreadWork() {
        return new java.util.ArrayList<>(threadWork);
    }

    /** Not available: a memory reactor runs nothing on other threads (use {@link #callInThread}). */
    @Override
    public io.twisted.internet.threads.ThreadPool getThreadPool() {
        throw new UnsupportedOperationException("MemoryReactor has no thread pool: callInThread work is run by runThreadWork()");
    }

    @Override
    public void suggestThreadPoolSize(int size) {
        suggestedPoolSize = size;
    }

    /** The last size given to {@link #suggestThreadPoolSize}, or -1. */
    public int suggestedThreadPoolSize() {
        return suggestedPoolSize;
    }

    @Override
    public void callFromThread(Runnable call) {
        threadCalls.add(java.util.Objects.requireNonNull(call, "call"));
    }

    /** Whether the caller is the thread that created this reactor. */
    @Override
    public boolean isInReactorThread() {
        return Thread.currentThread() == reactorThread;
    }

    /** How many {@code callFromThread} calls wait. */
    public int pendingCallCount() {
        return threadCalls.size();
    }

    /**
     * Runs queued {@code callFromThread} calls, in order, until none is left (calls queued by them
     * run too). The first exception propagates after all ran, the others suppressed in it.
     *
     * @return how many calls ran
     * @throws IllegalStateException if calls keep queueing more calls for {@value #MAX_PENDING_ROUNDS} rounds
     */
    public int runPendingCalls() {
        int ran = 0;
        RuntimeException first = null;
        for (int round = 0; !threadCalls.isEmpty(); round++) {
            if (round == MAX_PENDING_ROUNDS) {
                throw new IllegalStateException("callFromThread calls keep queueing more after " + MAX_PENDING_ROUNDS + " rounds");
            }
            int n = threadCalls.size();
            for (int i = 0; i < n; i++) {
                Runnable r = threadCalls.poll();
                if (r == null) {
                    break;
                }
                ran++;
                try {
                    r.run();
                } catch (RuntimeException e) {
                    first = chain(first, e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return ran;
    }

    private static RuntimeException chain(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Fires the startup event and returns (never blocks).
     *
     * @throws ReactorAlreadyRunning if it is running
     * @throws IllegalStateException if it ran and was stopped (not restartable, as Twisted's reactors)
     */
    @Override
    public void run() {
        if (running) {
            throw new ReactorAlreadyRunning("MemoryReactor is already running");
        }
        if (hasRun) {
            throw new IllegalStateException("MemoryReactor cannot be restarted");
        }
        hasRun = true;
        fireSystemEvent(SystemEvent.STARTUP).addCallback(ignored -> {
            startupComplete = true;
            return null;
        });
    }

    /**
     * Fires the shutdown event now; {@link #isRunning()} is false from here on. Called from
     * another thread than the reactor's, it queues the shutdown with {@link #callFromThread}.
     *
     * @throws ReactorNotRunning if {@link #run()} was not called, or {@code stop()} was
     */
    @Override
    public void stop() {
        if (!hasRun || hasStopped) {
            throw new ReactorNotRunning("Can't stop reactor that isn't running.");
        }
        hasStopped = true;
        running = false;
        if (isInReactorThread()) {
            beginShutdown();
        } else {
            callFromThread(this::beginShutdown);
        }
    }

    private void beginShutdown() {
        fireSystemEvent(SystemEvent.SHUTDOWN).addCallback(ignored -> {
            shutdownComplete = true;
            return null;
        });
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Whether {@link #run()} was called. */
    public boolean hasRun() {
        return hasRun;
    }

    /** Whether {@link #stop()} was called. */
    public boolean hasStopped() {
        return hasStopped;
    }

    /** Whether every startup trigger ran (and every Deferred they returned fired). */
    public boolean isStartupComplete() {
        return startupComplete;
    }

    /** Whether every shutdown trigger ran (and every Deferred they returned fired). */
    public boolean isShutdownComplete() {
        return shutdownComplete;
    }

    /**
     * Runs {@code call} as an after-startup trigger, or, if running already, with
     * {@code callLater(0, call)} (at the next {@link #advance}), as the NIO reactor does.
     */
    @Override
    public void callWhenRunning(Runnable call) {
        if (running) {
            callLater(0, call);
        } else {
            addSystemEventTrigger(SystemEvent.Phase.AFTER, SystemEvent.STARTUP, () -> {
                call.run();
                return null;
            });
        }
    }

    @Override
    public Object addSystemEventTrigger(SystemEvent.Phase phase, SystemEvent event, SystemEventTrigger trigger) {
        Trigger t = new Trigger(event, phase, java.util.Objects.requireNonNull(trigger, "trigger"));
        triggers.get(event).get(phase).add(t);
        return t;
    }

    /**
     * Removes a trigger that has not run yet; removing one that already ran does nothing.
     *
     * @throws IllegalArgumentException if {@code handle} did not come from {@link #addSystemEventTrigger} here
     */
    @Override
    public void removeSystemEventTrigger(Object handle) {
        if (!(handle instanceof Trigger) || ((Trigger) handle).owner() != this) {
            throw new IllegalArgumentException("not a trigger handle of this reactor: " + handle);
        }
        Trigger t = (Trigger) handle;
        if (!triggers.get(t.event).get(t.phase).remove(t) && !t.ran) {
            throw new IllegalArgumentException("trigger was already removed: " + handle);
        }
    }

    /** The triggers of {@code phase} of {@code event} that have not run yet, in order. */
    public List<SystemEventTrigger> triggers(SystemEvent event, SystemEvent.Phase phase) {
        List<SystemEventTrigger> out = new ArrayList<>();
        for (Trigger t : triggers.get(event).get(phase)) {
            out.add(t.trigger);
        }
        return out;
    }

    /**
     * Fires {@code event}: runs its before triggers, then (once every Deferred they returned has
     * fired) its during triggers, then likewise its after triggers. Each trigger runs once and is
     * removed; triggers added to a phase while it runs run in it too.
     *
     * @return fires once the after phase is done and its Deferreds fired
     */
    public Deferred<Void> fireSystemEvent(SystemEvent event) {
        Deferred<Void> done = new Deferred<>();
        runPhase(event, SystemEvent.Phase.BEFORE, () -> {
            if (event == SystemEvent.STARTUP && !hasStopped) {
                running = true;
            }
            runPhase(event, SystemEvent.Phase.DURING,
                    () -> runPhase(event, SystemEvent.Phase.AFTER, () -> done.callback(null)));
        });
        return done;
    }

    private void runPhase(SystemEvent event, SystemEvent.Phase phase, Runnable next) {
        List<Trigger> list = triggers.get(event).get(phase);
        List<Deferred<?>> waits = new ArrayList<>();
        while (!list.isEmpty()) {
            Trigger t = list.remove(0);
            t.ran = true;
            Object result;
            try {
                result = t.trigger.run();
            } catch (Exception | Error e) {
                recordError(new Failure(e), event, phase);
                continue;
            }
            if (result instanceof Deferred) {
                waits.add((Deferred<?>) result);
            }
        }
        if (waits.isEmpty()) {
            next.run();
            return;
        }
        int[] remaining = {waits.size()};
        for (Deferred<?> d : waits) {
            d.addBoth(r -> {
                if (r instanceof Failure) {
                    recordError((Failure) r, event, phase);
                }
                if (--remaining[0] == 0) {
                    next.run();
                }
                return null;
            });
        }
    }

    private void recordError(Failure f, SystemEvent event, SystemEvent.Phase phase) {
        errors.add(f);
        LOG.log(System.Logger.Level.WARNING, "error in " + phase + " " + event + " trigger", f.value());
    }

    /** Errors from system event triggers (thrown, or failed Deferreds they returned), in order. */
    public List<Failure> errors() {
        return Collections.unmodifiableList(errors);
    }

    /** Returns {@link #errors()} and forgets them. */
    public List<Failure> flushErrors() {
        List<Failure> out = List.copyOf(errors);
        errors.clear();
        return out;
    }

    private final class Trigger {
        final SystemEvent event;
        final SystemEvent.Phase phase;
        final SystemEventTrigger trigger;
        boolean ran;

        Trigger(SystemEvent event, SystemEvent.Phase phase, SystemEventTrigger trigger) {
            this.event = event;
            this.phase = phase;
            this.trigger = trigger;
        }

        MemoryReactor owner() {
            return MemoryReactor.this;
        }

        @Override
        public String toString() {
            return "Trigger[" + phase + " " + event + " " + trigger + "]";
        }
    }

    // ------------------------------------------------------------------ TCP

    /**
     * Records the call and returns a listening port on {@code port}, or on a fresh fake port for 0.
     *
     * @throws CannotListenError if a port of this reactor already listens on the same non-zero
     *     port and interface
     */
    @Override
    public ListeningPort listenTCP(int port, ProtocolFactory factory, int backlog, String iface) {
        java.util.Objects.requireNonNull(factory, "factory");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        String ifaceName = iface == null ? "" : iface;
        if (port != 0) {
            for (MemoryListeningPort p : ports) {
                if (p.isListening() && p.getHost() instanceof InetSocketAddress a && a.getPort() == port && p.iface().equals(ifaceName)) {
                    throw new CannotListenError("Couldn't listen on " + (ifaceName.isEmpty() ? "any" : ifaceName) + ":" + port
                            + ": Address already in use (MemoryReactor).");
                }
            }
        }
        int actual = port == 0 ? allocatePort() : port;
        MemoryListeningPort lp = new MemoryListeningPort(inetAddress(ifaceName, actual), ifaceName, factory, this::nextClientAddress);
        ports.add(lp);
        tcpServers.add(new TcpServer(port, factory, backlog, iface, lp));
        lp.start();
        return lp;
    }

    /** Records the call and returns a connector that is connecting (see the class comment). */
    @Override
    public Connector connectTCP(String host, int port, ClientFactory factory, double timeoutSeconds, SocketAddress bindAddress) {
        java.util.Objects.requireNonNull(host, "host");
        java.util.Objects.requireNonNull(factory, "factory");
        MemoryConnector c = new MemoryConnector(this, inetAddress(host, port), factory, timeoutSeconds, this::nextClientAddress);
        tcpClients.add(new TcpClient(host, port, factory, timeoutSeconds, bindAddress, c));
        c.startConnecting();
        return c;
    }

    /** Every {@link #listenTCP} call, in order. */
    public List<TcpServer> tcpServers() {
        return Collections.unmodifiableList(tcpServers);
    }

    /** Every {@link #connectTCP} call, in order. */
    public List<TcpClient> tcpClients() {
        return Collections.unmodifiableList(tcpClients);
    }

    // ------------------------------------------------------------------ UDP

    /**
     * Records the call and returns a {@link MemoryDatagramTransport} on {@code port} (a fresh fake
     * port for 0); the protocol is started on it.
     *
     * @throws CannotListenError if a UDP port of this reactor already uses the same non-zero port
     *     and interface (unless both were opened with {@code listenMultiple})
     */
    @Override
    public DatagramTransport listenUDP(int port, DatagramProtocol protocol, String iface, int maxPacketSize) {
        return listenDatagram(port, protocol, iface, maxPacketSize, false, false);
    }

    /** As {@link #listenUDP}, recorded with {@code multicast} true. */
    @Override
    public DatagramTransport listenMulticast(int port, DatagramProtocol protocol, String iface, int maxPacketSize,
            boolean listenMultiple) {
        return listenDatagram(port, protocol, iface, maxPacketSize, true, listenMultiple);
    }

    private DatagramTransport listenDatagram(int port, DatagramProtocol protocol, String iface, int maxPacketSize,
            boolean multicast, boolean listenMultiple) {
        java.util.Objects.requireNonNull(protocol, "protocol");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        String ifaceName = iface == null ? "" : iface;
        if (port != 0) {
            for (UdpPort u : udpPorts) {
                if (u.transport().isListening() && ((InetSocketAddress) u.transport().getHost()).getPort() == port
                        && (u.iface() == null ? "" : u.iface()).equals(ifaceName) && !(listenMultiple && u.listenMultiple())) {
                    throw new CannotListenError("Couldn't listen on " + (ifaceName.isEmpty() ? "any" : ifaceName) + ":" + port
                            + ": Address already in use (MemoryReactor).");
                }
            }
        }
        int actual = port == 0 ? allocatePort() : port;
        var t = new MemoryDatagramTransport(inetAddress(ifaceName, actual), protocol, maxPacketSize);
        udpPorts.add(new UdpPort(port, protocol, iface, maxPacketSize, multicast, listenMultiple, t));
        t.start();
        return t;
    }

    /** Every {@link #listenUDP} and {@link #listenMulticast} call, in order. */
    public List<UdpPort> udpPorts() {
        return Collections.unmodifiableList(udpPorts);
    }

    // ------------------------------------------------------------------ UNIX

    /**
     * Records the call and returns a listening port on {@code path} (a
     * {@link UnixDomainSocketAddress}; nothing touches the file system).
     *
     * @throws CannotListenError if a port of this reactor already listens on {@code path}
     */
    @Override
    public ListeningPort listenUNIX(String path, ProtocolFactory factory, int backlog, int mode, boolean wantPID) {
        java.util.Objects.requireNonNull(path, "path");
        java.util.Objects.requireNonNull(factory, "factory");
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
        for (MemoryListeningPort p : ports) {
            if (p.isListening() && address.equals(p.getHost())) {
                throw new CannotListenError("Couldn't listen on " + path + ": Address already in use (MemoryReactor).");
            }
        }
        MemoryListeningPort lp = new MemoryListeningPort(address, "", factory, MemoryReactor::unnamedUnixAddress);
        ports.add(lp);
        unixServers.add(new UnixServer(path, factory, backlog, mode, wantPID, lp));
        lp.start();
        return lp;
    }

    /** Records the call and returns a connector that is connecting (see the class comment). */
    @Override
    public Connector connectUNIX(String path, ClientFactory factory, double timeoutSeconds, boolean checkPID) {
        java.util.Objects.requireNonNull(path, "path");
        java.util.Objects.requireNonNull(factory, "factory");
        MemoryConnector c = new MemoryConnector(this, UnixDomainSocketAddress.of(path), factory, timeoutSeconds,
                MemoryReactor::unnamedUnixAddress);
        unixClients.add(new UnixClient(path, factory, timeoutSeconds, checkPID, c));
        c.startConnecting();
        return c;
    }

    /** Every {@link #listenUNIX} call, in order. */
    public List<UnixServer> unixServers() {
        return Collections.unmodifiableList(unixServers);
    }

    /** Every {@link #connectUNIX} call, in order. */
    public List<UnixClient> unixClients() {
        return Collections.unmodifiableList(unixClients);
    }

    /** The address of an unbound UNIX socket (a client's), as the JDK reports it: an empty path. */
    static SocketAddress unnamedUnixAddress() {
        return UnixDomainSocketAddress.of("");
    }

    // ------------------------------------------------------------------ shared helpers

    /** A fake port number not used by a port of this reactor, from 49152 up. */
    protected int allocatePort() {
        while (true) {
            int candidate = nextPort++;
            if (nextPort > 65535) {
                nextPort = 49152;
            }
            boolean used = false;
            for (MemoryListeningPort p : ports) {
                if (p.isListening() && p.getHost() instanceof InetSocketAddress a && a.getPort() == candidate) {
                    used = true;
                    break;
                }
            }
            if (!used) {
                return candidate;
            }
        }
    }

    /** A fake address for the client side of a connection accepted by a port: 198.51.100.1 with a fresh port. */
    SocketAddress nextClientAddress() {
        int p = nextClientPort++;
        if (nextClientPort > 65535) {
            nextClientPort = 40000;
        }
        return StringTransport.address(198, 51, 100, 1, p);
    }

    /**
     * {@code host:port} as a socket address made without a name lookup: resolved for an IP
     * literal ({@code ""} is 0.0.0.0), unresolved for a host name.
     */
    protected static InetSocketAddress inetAddress(String host, int port) {
        if (host.isEmpty()) {
            return StringTransport.address(0, 0, 0, 0, port);
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length == 4 && IPV4_PART.matcher(host).matches()) {
            byte[] a = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (parts[i].isEmpty() || parts[i].length() > 3 || Integer.parseInt(parts[i]) > 255) {
                    return InetSocketAddress.createUnresolved(host, port);
                }
                a[i] = (byte) Integer.parseInt(parts[i]);
            }
            try {
                return new InetSocketAddress(InetAddress.getByAddress(a), port);
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
        }
        if (host.indexOf(':') >= 0) {
            try {
                return new InetSocketAddress(InetAddress.getByName(host), port); // an IPv6 literal: no lookup
            } catch (UnknownHostException e) {
                return InetSocketAddress.createUnresolved(host, port);
            }
        }
        return InetSocketAddress.createUnresolved(host, port);
    }
}
