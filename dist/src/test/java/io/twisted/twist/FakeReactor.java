package io.twisted.twist;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.Reactor;
import io.twisted.internet.ReactorTcp;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.UserError;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Records listenTCP/connectTCP calls, for plugin tests without sockets; {@link #asReactor()} for APIs that want a Reactor. */
public final class FakeReactor implements ReactorTcp {

    public static final class Listen implements ListeningPort {
        public final int port;
        public final ProtocolFactory factory;
        public final String iface;
        public boolean stopped;

        Listen(int port, ProtocolFactory factory, String iface) {
            this.port = port;
            this.factory = factory;
            this.iface = iface;
        }

        @Override
        public SocketAddress getHost() {
            return InetSocketAddress.createUnresolved(iface, port);
        }

        @Override
        public Deferred<Void> stopListening() {
            stopped = true;
            return Deferred.succeed(null);
        }
    }

    public static final class Connect implements Connector {
        public final String host;
        public final int port;
        public final ClientFactory factory;
        public boolean stoppedConnecting;

        Connect(String host, int port, ClientFactory factory) {
            this.host = host;
            this.port = port;
            this.factory = factory;
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

    @Override
    public ListeningPort listenTCP(int port, ProtocolFactory factory, int backlog, String iface) {
        Listen l = new Listen(port, factory, iface);
        listens.add(l);
        return l;
    }

    @Override
    public Connector connectTCP(String host, int port, ClientFactory factory, double timeoutSeconds, SocketAddress bindAddress) {
        Connect c = new Connect(host, port, factory);
        connects.add(c);
        return c;
    }

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
                        : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : "FakeReactor";
            }
            throw new UnsupportedOperationException("FakeReactor does not do " + method.getName());
        });
    }
}
