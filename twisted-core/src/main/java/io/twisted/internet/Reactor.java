package io.twisted.internet;

/**
 * An event loop: time, threads, TCP, lifecycle. Created and passed explicitly (no global reactor):
 * <pre>{@code
 * Reactor reactor = Reactor.create();
 * reactor.listenTCP(8000, Factory.forProtocol(Echo::new));
 * reactor.run();
 * }</pre>
 * All methods but {@link #callFromThread} belong to the reactor thread once {@link #run()} started.
 */
public interface Reactor extends ReactorTime, ReactorCore, ReactorThreads, ReactorTcp, ReactorSsl, ReactorUdp, ReactorUnix,
        ReactorThreadPools, ReactorProcess {

    /** A new reactor on Java NIO (epoll on Linux). */
    static Reactor create() {
        return new io.twisted.internet.nio.NioReactor();
    }

    /** The body of a {@link #react} program. */
    @FunctionalInterface
    interface Main {
        /** Starts the program's work; the reactor stops when the returned Deferred fires. */
        io.twisted.internet.defer.Deferred<?> run(Reactor reactor) throws Exception;
    }

    /**
     * Runs {@code main} in a new reactor until the Deferred it returns fires, as Twisted's
     * {@code task.react}: returns the exit status, 0 on success and 1 when it failed (the failure is
     * logged). A {@link io.twisted.internet.defer.CancelledError} also gives 1. Use as
     * {@code System.exit(Reactor.react(r -> ...))}.
     */
    static int react(Main main) {
        Reactor reactor = create();
        int[] status = {0};
        reactor.callWhenRunning(() -> {
            io.twisted.internet.defer.Deferred<?> d;
            try {
                d = main.run(reactor);
            } catch (Throwable t) {
                d = io.twisted.internet.defer.Deferred.fail(t);
            }
            if (d == null) {
                d = io.twisted.internet.defer.Deferred.succeed(null);
            }
            d.addBoth(r -> {
                if (r instanceof io.twisted.internet.defer.Failure) {
                    status[0] = 1;
                    System.getLogger("io.twisted.internet").log(System.Logger.Level.ERROR,
                            "main function encountered error", ((io.twisted.internet.defer.Failure) r).value());
                }
                if (reactor.isRunning()) {
                    reactor.stop();
                }
                return null;
            });
        });
        reactor.run();
        return status[0];
    }
}
