package io.twisted.internet.endpoints;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.Reactor;
import io.twisted.internet.ReactorTcp;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.error.CannotListenError;
import io.twisted.internet.error.UserError;
import io.twisted.internet.defer.Failure;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny in-memory {@link ReactorTcp} recording listens and connects, for endpoint tests; {@link #asReactor()}
 * views it as a full {@link Reactor} whose other methods throw.
 */
public final class FakeTcpReactor implements ReactorTcp {

    /** One listenTCP call. */
    public static final class Listen implements ListeningPort {
        public final int port;
        public final ProtocolFactory factory;
        public final int backlog;
        public final String iface;
        public boolean stopped;

        Listen(int port, ProtocolFactory factory, int backlog, String iface) {
            this.port = port;
            this.factory = factory;
            this.backlog = backlog;
            this.iface = iface;
        }

        @Override
        public SocketAddress getHost() {
            return InetSocketAddress.createUnresolved(iface.isEmpty() ? "0.0.0.0" : iface, port == 0 ? 40000 : port);
        }

        @Override
        public Deferred<Void> stopListening() {
            stopped = true;
            factory.doStop();
            return Deferred.succeed(null);
        }
    }

    /** One connectTCP call. */
    public static final class Connect implements Connector {
        public final String host;
        public final int port;
        public final ClientFactory factory;
        public final double timeout;
        public final SocketAddress bindAddress;
        public boolean stoppedConnecting;

        Connect(String host, int port, ClientFactory factory, double timeout, SocketAddress bindAddress) {
            this.host = host;
            this.port = port;
            this.factory = factory;
            this.timeout = timeout;
            this.bindAddress = bindAddress;
        }

        @Override
        public void connect() {
        }

        @Override
        public void stopConnecting() {
            stoppedConnecting = true;
            factory.clientConnectionFailed(this, new Failure(new UserError()));
        }

        @Override
        public void disconnect() {
        }

        @Override
        public SocketAddress getDestination() {
            return InetSocketAddress.createUnresolved(host, port);
        }
    }

    public final List<Listen> listens = new ArrayList<>();
    public final List<Connect> connects = new ArrayList<>();
    /** Ports that are "in use": listenTCP on them throws CannotListenError. */
    public final List<Integer> busyPorts = new ArrayList<>();

    @Override
    public ListeningPort listenTCP(int port, ProtocolFactory factory, int backlog, String iface) {
        if (busyPorts.contains(port)) {
            throw new CannotListenError("Couldn't listen on " + iface + ":" + port + ": Address already in use.");
        }
        Listen l = new Listen(port, factory, backlog, iface);
        listens.add(l);
        factory.doStart();
        return l;
    }

    @Override
    public Connector connectTCP(String host, int port, ClientFactory factory, double timeoutSeconds, SocketAddress bindAddress) {
        Connect c = new Connect(host, port, factory, timeoutSeconds, bindAddress);
        connects.add(c);
        factory.doStart();
        factory.startedConnecting(c);
        return c;
    }

    /** This object as a {@link Reactor}: TCP calls come here, anything else throws. */
    public Reactor asReactor() {
        return (Reactor) Proxy.newProxyInstance(Reactor.class.getClassLoader(), new Class<?>[] {Reactor.class}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == ReactorTcp.class) {
                try {
                    return method.invoke(this, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("equals") ? proxy == args[0]
                        : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : "FakeTcpReactor";
            }
            throw new UnsupportedOperationException("FakeTcpReactor does not do " + method.getName());
        });
    }
}
