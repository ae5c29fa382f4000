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
public interface Reactor extends ReactorTime, ReactorCore, ReactorThreads, ReactorTcp {

    /** A new reactor on Java NIO (epoll on Linux). */
    static Reactor create() {
        return new io.twisted.internet.nio.NioReactor();
    }
}
