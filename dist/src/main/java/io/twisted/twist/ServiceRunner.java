package io.twisted.twist;

import io.twisted.application.ParsedOptions;
import io.twisted.application.Service;
import io.twisted.application.ServiceMaker;
import io.twisted.internet.Reactor;
import io.twisted.internet.SystemEvent;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs one plugin's service on a new reactor until it is stopped (Twisted's {@code twist} runner):
 * <ol>
 *   <li>makes the service ({@link ServiceMaker#makeService}); a bad option value is a usage error (exit 2);</li>
 *   <li>once the reactor runs, calls {@code privilegedStartService} and {@code startService}; if
 *       either throws (the port is in use...), logs why and stops with exit status 1;</li>
 *   <li>registers {@code stopService} as a "before shutdown" trigger, so the reactor waits for the
 *       Deferred it returns;</li>
 *   <li>on SIGINT/SIGTERM (a JVM shutdown hook) asks the reactor thread to stop and waits, at most
 *       {@link #SHUTDOWN_GRACE_SECONDS}, for {@code run()} to return, so shutdown triggers and the
 *       service's stop run before the JVM exits.</li>
 * </ol>
 */
public final class ServiceRunner {

    /** How long a signal waits for the reactor to finish stopping. */
    public static final long SHUTDOWN_GRACE_SECONDS = 15;

    private static final System.Logger LOG = System.getLogger(ServiceRunner.class.getName());

    private final ServiceMaker maker;
    private final ParsedOptions options;
    private final PrintStream err;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean signalled;
    private int status;

    private final int reactorCount;

    public ServiceRunner(ServiceMaker maker, ParsedOptions options, PrintStream err) {
        this(maker, options, err, 1);
    }

    /**
     * @param reactorCount reactors to run; above 1, the plugin's service is made once per reactor
     *     and their TCP ports share each port ({@code SO_REUSEPORT}): see
     *     {@link ServiceMaker#supportsMultipleReactors()}
     */
    public ServiceRunner(ServiceMaker maker, ParsedOptions options, PrintStream err, int reactorCount) {
        this.maker = maker;
        this.options = options;
        this.err = err;
        this.reactorCount = Math.max(1, reactorCount);
    }

    /** Runs until the reactor stops; returns the exit status. */
    public int run() {
        java.util.List<Reactor> reactors = new java.util.ArrayList<>();
        java.util.List<Service> services = new java.util.ArrayList<>();
        for (int i = 0; i < reactorCount; i++) {
            Reactor reactor = Reactor.create();
            if (reactorCount > 1 && reactor instanceof io.twisted.internet.nio.NioReactor) {
                ((io.twisted.internet.nio.NioReactor) reactor).setReusePort(true);
            }
            Service service;
            try {
                service = maker.makeService(reactor, options);
            } catch (IllegalArgumentException e) {
                String command = "twist " + maker.tapname();
                err.println(command + ": error: " + e.getMessage());
                err.println("Try '" + command + " --help' for more information.");
                return Twist.EXIT_USAGE;
            }
            reactor.callWhenRunning(() -> start(reactor, service));
            // Unconditional, as in Twisted: a service that failed half-way through starting (a second
            // port in use) still stops what it did start.
            reactor.addSystemEventTrigger(SystemEvent.Phase.BEFORE, SystemEvent.SHUTDOWN, service::stopService);
            reactors.add(reactor);
            services.add(service);
        }
        this.reactors = reactors;
        Thread hook = new Thread(this::onSignal, "twist-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        java.util.List<Thread> others = new java.util.ArrayList<>();
        for (int i = 1; i < reactors.size(); i++) {
            Reactor r = reactors.get(i);
            Thread t = new Thread(() -> {
                try {
                    r.run();
                } finally {
                    stopAll();
                }
            }, "twisted-reactor-" + i);
            others.add(t);
            t.start();
        }
        try {
            reactors.get(0).run();
        } finally {
            stopAll();
            for (Thread t : others) {
                try {
                    t.join(TimeUnit.SECONDS.toMillis(SHUTDOWN_GRACE_SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            // Logged before the latch opens: after a signal, the JVM halts as soon as the hook returns.
            LOG.log(System.Logger.Level.INFO, "twist " + maker.tapname() + " stopped");
            finished.countDown();
        }
        if (!signalled) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting; the hook returns at once as run() has ended.
            }
        }
        return status;
    }

    private volatile java.util.List<Reactor> reactors = java.util.List.of();

    /** Asks every reactor to stop (any thread; reactors already stopped are left alone). */
    private void stopAll() {
        for (Reactor r : reactors) {
            r.callFromThread(() -> {
                if (r.isRunning()) {
                    r.stop();
                }
            });
        }
    }

    private void start(Reactor reactor, Service service) {
        LOG.log(System.Logger.Level.INFO, "twist " + maker.tapname() + " starting (" + reactor.getClass().getSimpleName()
                + (reactorCount > 1 ? ", " + reactorCount + " reactors" : "") + ")");
        try {
            service.privilegedStartService();
            service.startService();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "twist " + maker.tapname() + ": cannot start: " + e.getMessage());
            LOG.log(System.Logger.Level.DEBUG, "start failure", e);
            status = 1;
            stopAll();
        }
    }

    private void onSignal() {
        if (finished.getCount() == 0) {
            return;
        }
        signalled = true;
        LOG.log(System.Logger.Level.INFO, "twist " + maker.tapname() + ": received a signal, shutting down");
        stopAll();
        try {
            if (!finished.await(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "the reactor did not stop within " + SHUTDOWN_GRACE_SECONDS + " s; exiting anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
