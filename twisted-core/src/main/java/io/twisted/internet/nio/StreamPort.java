package io.twisted.internet.nio;

import io.twisted.internet.ListeningPort;
import io.twisted.internet.Protocol;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.error.CannotListenError;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A listening stream socket, TCP or UNIX. Accepts up to {@link #ACCEPTS_PER_READY} connections each time the
 * socket is ready; when accepting fails for lack of resources (too many open files), stops
 * accepting for {@link #ACCEPT_RETRY_DELAY} seconds instead of spinning.
 */
final class StreamPort implements ListeningPort, Selectable {

    static final int ACCEPTS_PER_READY = 64;
    static final double ACCEPT_RETRY_DELAY = 0.1;

    private final NioReactor reactor;
    private final int port;
    private final ProtocolFactory factory;
    private final int backlog;
    private final String iface;
    private final UnixSocketFile unixFile;
    private ServerSocketChannel channel;
    private SelectionKey key;
    private SocketAddress boundAddress;
    private boolean listening;
    private boolean reusePort;
    private Deferred<Void> stopped;

    /** A TCP port. */
    StreamPort(NioReactor reactor, int port, ProtocolFactory factory, int backlog, String iface) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        this.reactor = reactor;
        this.port = port;
        this.factory = factory;
        this.backlog = backlog;
        this.iface = iface == null ? "" : iface;
        this.unixFile = null;
    }

    /** A UNIX socket port. */
    StreamPort(NioReactor reactor, UnixSocketFile unixFile, ProtocolFactory factory, int backlog) {
        this.reactor = reactor;
        this.port = 0;
        this.factory = factory;
        this.backlog = backlog;
        this.iface = "";
        this.unixFile = unixFile;
    }

    /** Sets {@code SO_REUSEPORT} on the TCP socket before it binds. */
    void setReusePort(boolean reusePort) {
        this.reusePort = reusePort;
    }

    void startListening() {
        if (unixFile != null) {
            try {
                unixFile.prepare();
                channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                channel.bind(unixFile.address(), backlog);
                channel.configureBlocking(false);
                unixFile.afterBind();
                boundAddress = unixFile.address();
            } catch (IOException e) {
                closeQuietly();
                unixFile.releaseLock();
                throw new CannotListenError("Couldn't listen on " + unixFile.path() + ": " + e.getMessage(), e);
            } catch (CannotListenError e) {
                closeQuietly();
                throw e;
            }
            register();
            return;
        }
        InetSocketAddress addr = iface.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(iface, port);
        if (addr.isUnresolved()) {
            throw new CannotListenError("Couldn't listen on " + iface + ":" + port + ": unknown interface address");
        }
        try {
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (reusePort) {
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            channel.bind(addr, backlog);
            channel.configureBlocking(false);
            boundAddress = channel.getLocalAddress();
        } catch (IOException e) {
            closeQuietly();
            throw new CannotListenError("Couldn't listen on " + (iface.isEmpty() ? "any" : iface) + ":" + port + ": " + e.getMessage(), e);
        }
        register();
    }

    private void register() {
        factory.doStart();
        try {
            key = reactor.register(channel, SelectionKey.OP_ACCEPT, this);
        } catch (IOException e) {
            closeQuietly();
            cleanupFile();
            factory.doStop();
            throw new CannotListenError("Couldn't register listening socket: " + e.getMessage(), e);
        }
        listening = true;
        NioReactor.LOG.log(System.Logger.Level.INFO, () -> factory.getClass().getSimpleName() + " starting on " + describe());
    }

    @Override
    public void onReady(int readyOps) {
        for (int i = 0; i < ACCEPTS_PER_READY && listening; i++) {
            SocketChannel sc;
            try {
                sc = channel.accept();
            } catch (IOException e) {
                // EMFILE/ENFILE/ENOBUFS and friends: back off instead of spinning on a ready socket.
                NioReactor.LOG.log(System.Logger.Level.ERROR, "Could not accept new connection (" + e.getMessage()
                        + "); pausing accepts for " + ACCEPT_RETRY_DELAY + "s");
                pauseAccepting();
                return;
            }
            if (sc == null) {
                return;
            }
            accepted(sc);
        }
    }

    private void pauseAccepting() {
        key.interestOps(0);
        reactor.callLater(ACCEPT_RETRY_DELAY, () -> {
            if (listening && key.isValid()) {
                key.interestOps(SelectionKey.OP_ACCEPT);
            }
        });
    }

    private void accepted(SocketChannel sc) {
        SocketAddress peer;
        try {
            sc.configureBlocking(false);
            if (unixFile == null) {
                sc.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            peer = sc.getRemoteAddress();
        } catch (IOException e) {
            closeQuietly(sc);
            return;
        }
        Protocol p;
        try {
            p = factory.buildProtocol(peer);
        } catch (Throwable t) {
            NioReactor.LOG.log(System.Logger.Level.ERROR, "buildProtocol failed for " + peer + "; connection dropped", t);
            closeQuietly(sc);
            return;
        }
        if (p == null) {
            closeQuietly(sc);
            return;
        }
        TcpConnection.start(reactor, sc, null, p, null);
    }

    private static void closeQuietly(SocketChannel sc) {
        try {
            sc.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    private void closeQuietly() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    @Override
    public SocketAddress getHost() {
        return boundAddress;
    }

    @Override
    public Deferred<Void> stopListening() {
        reactor.checkThread("stopListening");
        if (stopped != null) {
            return stopped;
        }
        stopped = new Deferred<>();
        if (listening) {
            listening = false;
            if (key != null) {
                key.cancel();
            }
            closeQuietly();
            reactor.unregister(this);
            cleanupFile();
            NioReactor.LOG.log(System.Logger.Level.INFO, () -> "(" + describe() + " Closed)");
            // Fire on the next pass, as Twisted does, so callers can add callbacks first.
            Deferred<Void> d = stopped;
            reactor.callLater(0, () -> {
                try {
                    factory.doStop();
                } finally {
                    d.callback(null);
                }
            });
        } else {
            stopped.callback(null);
        }
        return stopped;
    }

    @Override
    public void abortOnError(Throwable error) {
        stopListening();
    }

    @Override
    public void closeForShutdown() {
        if (listening) {
            listening = false;
            if (key != null) {
                key.cancel();
            }
            closeQuietly();
            reactor.unregister(this);
            cleanupFile();
            factory.doStop();
        }
    }

    private void cleanupFile() {
        if (unixFile != null) {
            unixFile.cleanup();
        }
    }

    private String describe() {
        if (unixFile != null) {
            return "UNIX Port " + unixFile.path();
        }
        return "TCP Port " + (boundAddress == null ? port : ((InetSocketAddress) boundAddress).getPort());
    }

    @Override
    public String toString() {
        return "<" + describe() + " of " + factory + ">";
    }
}
