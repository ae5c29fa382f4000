package io.twisted.internet.nio;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.DelayedCall;
import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectError;
import io.twisted.internet.error.ConnectionRefusedError;
import io.twisted.internet.error.DNSLookupError;
import io.twisted.internet.error.TimeoutError;
import io.twisted.internet.error.UserError;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * An outgoing TCP (or UNIX socket) connection attempt, as Twisted's {@code tcp.Connector}: resolves the host (off
 * the reactor thread unless it is a literal address), connects without blocking, enforces the
 * timeout, and reports to the {@link ClientFactory}. It can be {@link #connect() reconnected}
 * after a failure or loss (what {@code ReconnectingClientFactory} does).
 */
final class TcpConnector implements Connector, Selectable {

    private enum State { DISCONNECTED, CONNECTING, CONNECTED }

    private final NioReactor reactor;
    private final String host;
    private final int port;
    private final ClientFactory factory;
    private final double timeout;
    private final SocketAddress bindAddress;
    private final java.net.UnixDomainSocketAddress unixAddress;
    private final boolean checkPID;

    private State state = State.DISCONNECTED;
    private boolean factoryStarted;
    private int attempt;
    private SocketChannel channel;
    private SelectionKey key;
    private DelayedCall timeoutCall;
    private TcpConnection connection;
    private SocketAddress destination;

    TcpConnector(NioReactor reactor, String host, int port, ClientFactory factory, double timeout, SocketAddress bindAddress) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        this.reactor = reactor;
        this.host = host;
        this.port = port;
        this.factory = factory;
        this.timeout = timeout;
        this.bindAddress = bindAddress;
        this.unixAddress = null;
        this.checkPID = false;
    }

    /** A UNIX socket connector. */
    TcpConnector(NioReactor reactor, String path, ClientFactory factory, double timeout, boolean checkPID) {
        this.reactor = reactor;
        this.host = path;
        this.port = 0;
        this.factory = factory;
        this.timeout = timeout;
        this.bindAddress = null;
        this.unixAddress = java.net.UnixDomainSocketAddress.of(path);
        this.checkPID = checkPID;
    }

    @Override
    public void connect() {
        reactor.checkThread("connect");
        if (state != State.DISCONNECTED) {
            throw new IllegalStateException("Can't connect in this state: " + state);
        }
        state = State.CONNECTING;
        int myAttempt = ++attempt;
        if (!factoryStarted) {
            factory.doStart();
            factoryStarted = true;
        }
        factory.startedConnecting(this);
        if (state != State.CONNECTING || attempt != myAttempt) {
            return; // startedConnecting stopped us
        }
        if (timeout > 0) {
            timeoutCall = reactor.callLater(timeout, () -> {
                timeoutCall = null;
                failed(new Failure(new TimeoutError("User timeout caused connection failure.")));
            });
        }
        if (unixAddress != null) {
            if (checkPID) {
                java.nio.file.Path lock = java.nio.file.Path.of(host + ".lock");
                Long pid = UnixSocketFile.readPid(lock);
                if (pid == null || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    failed(new Failure(new ConnectError("no live server for " + host + ": lock file " + lock
                            + (pid == null ? " missing or unreadable" : " names process " + pid + ", which is not running"))));
                    return;
                }
            }
            startConnect(unixAddress);
        } else if (isLiteral(host)) {
            InetSocketAddress addr;
            try {
                addr = new InetSocketAddress(InetAddress.getByName(host), port);
            } catch (UnknownHostException e) {
                failed(new Failure(new DNSLookupError("address '" + host + "' not found: " + e.getMessage(), e)));
                return;
            }
            startConnect(addr);
        } else {
            reactor.resolverPool().execute(() -> {
                InetSocketAddress addr = null;
                UnknownHostException err = null;
                try {
                    addr = new InetSocketAddress(InetAddress.getByName(host), port);
                } catch (UnknownHostException e) {
                    err = e;
                }
                InetSocketAddress a = addr;
                UnknownHostException e = err;
                reactor.callFromThread(() -> {
                    if (state != State.CONNECTING || attempt != myAttempt) {
                        return;
                    }
                    if (e != null) {
                        failed(new Failure(new DNSLookupError("address '" + host + "' not found: " + e.getMessage(), e)));
                    } else {
                        startConnect(a);
                    }
                });
            });
        }
    }

    /** Whether {@code h} is an IPv4 or IPv6 literal (resolving it does not block). */
    static boolean isLiteral(String h) {
        if (h.isEmpty()) {
            return false;
        }
        if (h.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    private void startConnect(SocketAddress addr) {
        destination = addr;
        try {
            if (unixAddress != null) {
                channel = SocketChannel.open(java.net.StandardProtocolFamily.UNIX);
            } else {
                channel = SocketChannel.open();
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            channel.configureBlocking(false);
            if (bindAddress != null) {
                channel.bind(bindAddress);
            }
            if (channel.connect(addr)) {
                connected();
                return;
            }
            key = reactor.register(channel, SelectionKey.OP_CONNECT, this);
        } catch (IOException e) {
            failed(new Failure(connectError(e)));
        }
    }

    private static ConnectError connectError(IOException e) {
        if (e instanceof java.net.ConnectException || e instanceof java.nio.file.NoSuchFileException
                || String.valueOf(e.getMessage()).contains("No such file")) {
            return new ConnectionRefusedError("Connection was refused by other side: " + e.getMessage(), e);
        }
        return new ConnectError("An error occurred while connecting: " + e.getMessage(), e);
    }

    @Override
    public void onReady(int readyOps) {
        if (state != State.CONNECTING || channel == null) {
            return;
        }
        try {
            if (!channel.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            failed(new Failure(connectError(e)));
            return;
        }
        connected();
    }

    private void connected() {
        cancelTimeout();
        SelectionKey k = key;
        if (k != null) {
            // The connection takes this key over (a cancelled key could not be re-registered until the next select).
            k.interestOps(0);
            reactor.unregister(this);
            key = null;
        }
        SocketChannel ch = channel;
        channel = null;
        Protocol p;
        try {
            p = factory.buildProtocol(destination);
        } catch (Throwable t) {
            if (k != null) {
                k.cancel();
            }
            closeQuietly(ch);
            failed(new Failure(t));
            return;
        }
        if (p == null) {
            if (k != null) {
                k.cancel();
            }
            closeQuietly(ch);
            failed(new Failure(new ConnectError("the factory's buildProtocol returned null")));
            return;
        }
        state = State.CONNECTED;
        connection = TcpConnection.start(reactor, ch, k, p, this);
        if (connection == null) {
            state = State.CONNECTING;
            failed(new Failure(new ConnectError("could not register the connected socket")));
        }
    }

    private void failed(Failure reason) {
        if (state != State.CONNECTING) {
            return;
        }
        cancelTimeout();
        if (key != null) {
            key.cancel();
            reactor.unregister(this);
            key = null;
        }
        if (channel != null) {
            closeQuietly(channel);
            channel = null;
        }
        state = State.DISCONNECTED;
        try {
            factory.clientConnectionFailed(this, reason);
        } catch (Throwable t) {
            NioReactor.LOG.log(System.Logger.Level.ERROR, "Error in clientConnectionFailed", t);
        }
        if (state == State.DISCONNECTED) {
            stopFactory();
        }
    }

    /** Called by the connection when it is lost. */
    void connectionLost(Failure reason) {
        if (state != State.CONNECTED) {
            return;
        }
        state = State.DISCONNECTED;
        connection = null;
        try {
            factory.clientConnectionLost(this, reason);
        } catch (Throwable t) {
            NioReactor.LOG.log(System.Logger.Level.ERROR, "Error in clientConnectionLost", t);
        }
        if (state == State.DISCONNECTED) {
            stopFactory();
        }
    }

    private void stopFactory() {
        if (factoryStarted) {
            factoryStarted = false;
            factory.doStop();
        }
    }

    private void cancelTimeout() {
        if (timeoutCall != null) {
            if (timeoutCall.active()) {
                timeoutCall.cancel();
            }
            timeoutCall = null;
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    @Override
    public void stopConnecting() {
        if (state != State.CONNECTING) {
            throw new IllegalStateException("we're not trying to connect");
        }
        failed(new Failure(new UserError()));
    }

    @Override
    public void disconnect() {
        if (state == State.CONNECTING) {
            stopConnecting();
        } else if (state == State.CONNECTED && connection != null) {
            connection.loseConnection();
        }
    }

    @Override
    public SocketAddress getDestination() {
        if (destination != null) {
            return destination;
        }
        return unixAddress != null ? unixAddress : InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public void abortOnError(Throwable error) {
        failed(new Failure(error));
    }

    @Override
    public void closeForShutdown() {
        if (state == State.CONNECTING) {
            failed(new Failure(new UserError("Connection attempt stopped: the reactor is shutting down")));
        }
    }

    @Override
    public String toString() {
        return "<" + (unixAddress != null ? "UNIX connector to " + host : "TCP connector to " + host + ":" + port) + " " + state + ">";
    }
}
