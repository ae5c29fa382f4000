package io.twisted.internet.nio;

/** Something registered with a {@link NioReactor}'s selector: a port, a connection, a connector. */
interface Selectable {

    /** Handles readiness; {@code readyOps} as {@link java.nio.channels.SelectionKey#readyOps()}. */
    void onReady(int readyOps) throws Exception;

    /** Closes after an unexpected error escaped {@link #onReady}. */
    void abortOnError(Throwable error);

    /** Closes because the reactor is shutting down. */
    void closeForShutdown();
}
