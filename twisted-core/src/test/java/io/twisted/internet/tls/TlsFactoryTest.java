package io.twisted.internet.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.Factory;
import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionRefusedError;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsFactoryTest {

    static final class Recording extends ClientFactory {
        final List<String> events = new ArrayList<>();

        Recording() {
            super(Recorder::new);
        }

        @Override
        public void startFactory() {
            events.add("start");
        }

        @Override
        public void stopFactory() {
            events.add("stop");
        }

        @Override
        public void clientConnectionFailed(Connector connector, Failure reason) {
            events.add("failed " + reason.value().getClass().getSimpleName());
        }
    }

    @Test
    void wrapsEachProtocolInATlsLayer() {
        Recording wrapped = new Recording();
        TlsFactory factory = TlsLayer.wrapFactory(wrapped, TestPki.server());
        Protocol p = factory.buildProtocol(new InetSocketAddress("127.0.0.1", 1));
        TlsLayer layer = assertInstanceOf(TlsLayer.class, p);
        assertSame(factory, layer.factory());
        assertSame(wrapped, layer.protocol().factory(), "the app keeps its own factory");
        assertSame(wrapped, factory.wrappedFactory());
    }

    @Test
    void refusedConnectionStaysRefused() {
        TlsFactory factory = TlsLayer.wrapFactory(Factory.forProtocol(() -> null), TestPki.server());
        assertNull(factory.buildProtocol(null));
    }

    @Test
    void forwardsLifecycleAndClientCallbacks() {
        Recording wrapped = new Recording();
        TlsFactory factory = TlsLayer.wrapFactory(wrapped, TestPki.client("localhost"));
        factory.doStart();
        factory.clientConnectionFailed(null, new Failure(new ConnectionRefusedError()));
        factory.doStop();
        assertEquals(List.of("start", "failed ConnectionRefusedError", "stop"), wrapped.events);
    }

    @Test
    void twoWrappedFactoriesTalk() {
        Factory serverFactory = Factory.forProtocol(() -> new Recorder().echoing());
        Factory clientFactory = Factory.forProtocol(() -> new Recorder().greeting("ping"));
        Protocol server = TlsLayer.wrapFactory(serverFactory, TestPki.server()).buildProtocol(null);
        Protocol client = TlsLayer.wrapFactory(clientFactory, TestPki.client("localhost")).buildProtocol(null);
        Shuttle s = new Shuttle(client, server).connect();
        s.pump();
        assertEquals("ping", ((Recorder) ((TlsLayer) client).protocol()).text());
    }
}
