package io.twisted.testing;

import static io.twisted.testing.Bytes.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.DatagramProtocol;
import io.twisted.internet.DatagramTransport;
import io.twisted.internet.Factory;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.SystemEvent;
import io.twisted.internet.SystemEvent.Phase;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.CannotListenError;
import io.twisted.internet.error.ConnectionDone;
import io.twisted.internet.error.ConnectionLost;
import io.twisted.internet.error.ConnectionRefusedError;
import io.twisted.internet.error.MessageLengthError;
import io.twisted.internet.error.ReactorAlreadyRunning;
import io.twisted.internet.error.ReactorNotRunning;
import io.twisted.internet.error.TimeoutError;
import io.twisted.internet.error.UserError;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MemoryReactorTest {

    private final MemoryReactor reactor = new MemoryReactor();

    // ------------------------------------------------------------------ time and threads

    @Test
    void timeComesFromTheInternalClock() {
        List<Double> fired = new ArrayList<>();
        reactor.callLater(5, () -> fired.add(reactor.seconds()));
        assertEquals(1, reactor.getDelayedCalls().size());
        reactor.advance(4.5);
        assertTrue(fired.isEmpty());
        reactor.pump(0.25, 0.25);
        assertEquals(List.of(5.0), fired);
        assertEquals(5.0, reactor.clock().seconds());
    }

    @Test
    void callFromThreadQueuesEvenOnTheReactorThread() {
        List<String> ran = new ArrayList<>();
        assertTrue(reactor.isInReactorThread());
        reactor.callFromThread(() -> {
            ran.add("a");
            reactor.callFromThread(() -> ran.add("c"));
        });
        reactor.callFromThread(() -> ran.add("b"));
        assertTrue(ran.isEmpty(), "never runs re-entrantly");
        assertEquals(2, reactor.pendingCallCount());
        assertEquals(3, reactor.runPendingCalls());
        assertEquals(List.of("a", "b", "c"), ran);
        assertEquals(0, reactor.runPendingCalls());
    }

    @Test
    void callFromThreadWorksFromAnotherThread() throws InterruptedException {
        AtomicBoolean inReactorThread = new AtomicBoolean(true);
        List<String> ran = new ArrayList<>();
        Thread t = new Thread(() -> {
            inReactorThread.set(reactor.isInReactorThread());
            reactor.callFromThread(() -> ran.add(Thread.currentThread().getName()));
        }, "worker");
        t.start();
        t.join();
        assertFalse(inReactorThread.get());
        reactor.advance(0);
        assertEquals(List.of(Thread.currentThread().getName()), ran);
    }

    @Test
    void advanceRunsPendingCallsAndTimersAndRethrowsTheFirstError() {
        List<String> ran = new ArrayList<>();
        reactor.callFromThread(() -> {
            throw new IllegalStateException("first");
        });
        reactor.callFromThread(() -> ran.add("thread call"));
        reactor.callLater(1, () -> {
            ran.add("timer");
            throw new IllegalArgumentException("second");
        });
        var e = assertThrows(IllegalStateException.class, () -> reactor.advance(1));
        assertEquals("first", e.getMessage());
        assertEquals(1, e.getSuppressed().length);
        assertEquals(List.of("thread call", "timer"), ran);
    }

    // ------------------------------------------------------------------ lifecycle

    @Test
    void runFiresStartupPhasesInOrderAndCallWhenRunningAfterThem() {
        List<String> events = new ArrayList<>();
        reactor.callWhenRunning(() -> events.add("whenRunning running=" + reactor.isRunning()));
        reactor.addSystemEventTrigger(Phase.AFTER, SystemEvent.STARTUP, () -> events.add("after"));
        reactor.addSystemEventTrigger(Phase.DURING, SystemEvent.STARTUP, () -> events.add("during running=" + reactor.isRunning()));
        reactor.addSystemEventTrigger(Phase.BEFORE, SystemEvent.STARTUP, () -> events.add("before running=" + reactor.isRunning()));
        assertEquals(1, reactor.triggers(SystemEvent.STARTUP, Phase.BEFORE).size());
        assertFalse(reactor.hasRun());
        reactor.run();
        assertEquals(List.of("before running=false", "during running=true", "whenRunning running=true", "after"), events);
        assertTrue(reactor.isRunning());
        assertTrue(reactor.hasRun());
        assertTrue(reactor.isStartupComplete());
        assertTrue(reactor.triggers(SystemEvent.STARTUP, Phase.AFTER).isEmpty(), "triggers run once");
        reactor.callWhenRunning(() -> events.add("next iteration"));
        assertEquals("after", events.get(events.size() - 1));
        reactor.advance(0);
        assertEquals("next iteration", events.get(events.size() - 1));
    }

    @Test
    void aShutdownTriggerReturningADeferredDelaysTheNextPhaseUntilItFires() {
        List<String> events = new ArrayList<>();
        Deferred<Void> flushed = new Deferred<>();
        Deferred<Void> closed = new Deferred<>();
        reactor.addSystemEventTrigger(Phase.BEFORE, SystemEvent.SHUTDOWN, () -> {
            events.add("before 1");
            return flushed;
        });
        reactor.addSystemEventTrigger(Phase.BEFORE, SystemEvent.SHUTDOWN, () -> {
            events.add("before 2");
            return closed;
        });
        reactor.addSystemEventTrigger(Phase.DURING, SystemEvent.SHUTDOWN, () -> events.add("during"));
        reactor.addSystemEventTrigger(Phase.AFTER, SystemEvent.SHUTDOWN, () -> events.add("after"));
        reactor.run();
        reactor.stop();
        assertFalse(reactor.isRunning());
        assertTrue(reactor.hasStopped());
        assertEquals(List.of("before 1", "before 2"), events);
        closed.callback(null);
        assertEquals(List.of("before 1", "before 2"), events, "waits for every Deferred of the phase");
        assertFalse(reactor.isShutdownComplete());
        flushed.callback(null);
        assertEquals(List.of("before 1", "before 2", "during", "after"), events);
        assertTrue(reactor.isShutdownComplete());
    }

    @Test
    void aDuringTriggerDeferredDelaysTheAfterPhase() {
        List<String> events = new ArrayList<>();
        Deferred<String> d = new Deferred<>();
        reactor.addSystemEventTrigger(Phase.DURING, SystemEvent.SHUTDOWN, () -> d);
        reactor.addSystemEventTrigger(Phase.AFTER, SystemEvent.SHUTDOWN, () -> events.add("after"));
        reactor.run();
        reactor.stop();
        assertTrue(events.isEmpty());
        d.callback("done");
        assertEquals(List.of("after"), events);
    }

    @Test
    void triggerErrorsAreRecordedAndTheEventGoesOn() {
        List<String> events = new ArrayList<>();
        reactor.addSystemEventTrigger(Phase.BEFORE, SystemEvent.SHUTDOWN, () -> {
            throw new IllegalStateException("boom");
        });
        reactor.addSystemEventTrigger(Phase.BEFORE, SystemEvent.SHUTDOWN, () -> Deferred.fail(new ConnectionLost()));
        reactor.addSystemEventTrigger(Phase.DURING, SystemEvent.SHUTDOWN, () -> events.add("during"));
        reactor.run();
        reactor.stop();
        assertEquals(List.of("during"), events);
        assertEquals(2, reactor.errors().size());
        assertInstanceOf(IllegalStateException.class, reactor.errors().get(0).value());
        assertInstanceOf(ConnectionLost.class, reactor.errors().get(1).value());
        assertEquals(2, reactor.flushErrors().size());
        assertTrue(reactor.errors().isEmpty());
    }

    @Test
    void removedTriggersDoNotRun() {
        List<String> events = new ArrayList<>();
        Object handle = reactor.addSystemEventTrigger(Phase.DURING, SystemEvent.STARTUP, () -> events.add("removed"));
        reactor.addSystemEventTrigger(Phase.DURING, SystemEvent.STARTUP, () -> events.add("kept"));
        reactor.removeSystemEventTrigger(handle);
        assertThrows(IllegalArgumentException.class, () -> reactor.removeSystemEventTrigger(handle));
        assertThrows(IllegalArgumentException.class, () -> reactor.removeSystemEventTrigger("nonsense"));
        assertThrows(IllegalArgumentException.class,
                () -> reactor.removeSystemEventTrigger(new MemoryReactor().addSystemEventTrigger(Phase.AFTER, SystemEvent.STARTUP, () -> null)));
        reactor.run();
        assertEquals(List.of("kept"), events);
    }

    @Test
    void aTriggerAddedWhileItsPhaseRunsRunsInIt() {
        List<String> events = new ArrayList<>();
        reactor.addSystemEventTrigger(Phase.BEFORE, SystemEvent.STARTUP, () -> reactor.addSystemEventTrigger(Phase.BEFORE,
                SystemEvent.STARTUP, () -> events.add("added")));
        reactor.run();
        assertEquals(List.of("added"), events);
    }

    @Test
    void stopFromAnotherThreadIsQueuedForTheReactorThread() throws InterruptedException {
        reactor.run();
        Thread t = new Thread(reactor::stop);
        t.start();
        t.join();
        assertFalse(reactor.isRunning());
        assertTrue(reactor.hasStopped());
        assertFalse(reactor.isShutdownComplete(), "the shutdown runs on the reactor thread");
        reactor.runPendingCalls();
        assertTrue(reactor.isShutdownComplete());
    }

    @Test
    void lifecycleMisuseIsRefused() {
        assertThrows(ReactorNotRunning.class, reactor::stop);
        reactor.run();
        assertThrows(ReactorAlreadyRunning.class, reactor::run);
        reactor.stop();
        assertThrows(ReactorNotRunning.class, reactor::stop);
        assertThrows(IllegalStateException.class, reactor::run);
    }

    // ------------------------------------------------------------------ listenTCP

    @Test
    void listenTcpRecordsItsArgumentsAndStartsTheFactory() {
        var factory = new RecordingFactory<>(AccumulatingProtocol::new);
        ListeningPort port = reactor.listenTCP(8080, factory, 10, "127.0.0.1");
        reactor.listenTCP(8081, factory);
        assertEquals(2, reactor.tcpServers().size());
        MemoryReactor.TcpServer s = reactor.tcpServers().get(0);
        assertEquals(8080, s.port());
        assertSame(factory, s.factory());
        assertEquals(10, s.backlog());
        assertEquals("127.0.0.1", s.iface());
        assertSame(port, s.listeningPort());
        assertEquals(new InetSocketAddress("127.0.0.1", 8080), port.getHost());
        assertEquals("", reactor.tcpServers().get(1).iface());
        assertEquals(1, factory.startCount(), "startFactory runs for the first port only");
        assertTrue(port.stopListening().isCalled());
        assertEquals(0, factory.stopCount());
        reactor.tcpServers().get(1).listeningPort().stopListening();
        reactor.tcpServers().get(1).listeningPort().stopListening();
        assertEquals(1, factory.stopCount());
    }

    @Test
    void portZeroGetsDistinctFakePorts() {
        var f = Factory.forProtocol(AccumulatingProtocol::new);
        int a = ((InetSocketAddress) reactor.listenTCP(0, f).getHost()).getPort();
        int b = ((InetSocketAddress) reactor.listenTCP(0, f).getHost()).getPort();
        assertNotEquals(0, a);
        assertNotEquals(a, b);
        assertEquals(0, reactor.tcpServers().get(0).port(), "the record keeps the requested port");
    }

    @Test
    void listeningTwiceOnTheSamePortAndInterfaceFails() {
        var f = Factory.forProtocol(AccumulatingProtocol::new);
        ListeningPort p = reactor.listenTCP(25, f);
        assertThrows(CannotListenError.class, () -> reactor.listenTCP(25, f));
        reactor.listenTCP(25, f, "127.0.0.1");
        p.stopListening();
        reactor.listenTCP(25, f);
    }

    @Test
    void acceptConnectsAProtocolBuiltForAFakeClientAddress() {
        var factory = new RecordingFactory<>(LoopbackPumpTest.Echo::new);
        reactor.listenTCP(7, factory);
        MemoryListeningPort port = reactor.tcpServers().get(0).listeningPort();
        MemoryListeningPort.Accepted conn = port.accept();
        assertSame(factory.lastProtocol(), conn.protocol());
        assertEquals(factory.addresses().get(0), conn.transport().getPeer());
        assertEquals(port.getHost(), conn.transport().getHost());
        conn.protocol().dataReceived(ascii("ping"));
        assertEquals("ping", conn.transport().valueAsString());
        conn.transport().loseConnection();
        assertFalse(conn.protocol().isConnected());
        port.stopListening();
        assertThrows(IllegalStateException.class, port::accept);
    }

    @Test
    void aClientConnectsToAListeningPortThroughAPump() {
        reactor.listenTCP(7, new Factory(LoopbackPumpTest.Echo::new));
        var client = new AccumulatingProtocol();
        LoopbackPump pump = reactor.tcpServers().get(0).listeningPort().connect(client, LoopbackPump.builder().chunkSize(1));
        client.transport().write(ascii("echo me"));
        pump.pump();
        assertEquals("echo me", client.valueAsString());
        assertEquals(reactor.tcpServers().get(0).listeningPort().getHost(), client.transport().getPeer());
    }

    // ------------------------------------------------------------------ connectTCP

    @Test
    void connectTcpRecordsItsArgumentsAndStartsConnecting() {
        var factory = new RecordingFactory<>(AccumulatingProtocol::new);
        var bind = new InetSocketAddress("127.0.0.1", 0);
        Connector c = reactor.connectTCP("mail.example", 25, factory, 10, bind);
        MemoryReactor.TcpClient rec = reactor.tcpClients().get(0);
        assertEquals("mail.example", rec.host());
        assertEquals(25, rec.port());
        assertSame(factory, rec.factory());
        assertEquals(10.0, rec.timeout());
        assertSame(bind, rec.bindAddress());
        assertSame(c, rec.connector());
        assertEquals(MemoryConnector.State.CONNECTING, rec.connector().state());
        assertEquals(List.of(c), factory.startedConnecting());
        assertEquals(1, factory.startCount());
        assertEquals(InetSocketAddress.createUnresolved("mail.example", 25), c.getDestination());
        assertTrue(rec.connector().actions().isEmpty());
    }

    @Test
    void succeedWiresTheFactoryProtocolToAStringTransportAndReportsItsLoss() {
        var factory = new RecordingFactory<>(AccumulatingProtocol::new);
        reactor.connectTCP("example.com", 80, factory);
        MemoryConnector c = reactor.tcpClients().get(0).connector();
        StringTransportWithDisconnection t = c.succeed();
        AccumulatingProtocol p = factory.lastProtocol();
        assertSame(t, p.transport());
        assertTrue(p.isMade());
        assertEquals(c.getDestination(), t.getPeer());
        assertEquals(List.of(c.getDestination()), factory.addresses());
        assertEquals(MemoryConnector.State.CONNECTED, c.state());
        assertTrue(reactor.getDelayedCalls().isEmpty(), "the connect timeout was cancelled");

        t.simulateConnectionLost(new Failure(new ConnectionLost()));
        assertInstanceOf(ConnectionLost.class, p.lostReason().value());
        assertEquals(1, factory.lostReasons().size());
        assertEquals(MemoryConnector.State.DISCONNECTED, c.state());
        assertEquals(1, factory.stopCount());
    }

    @Test
    void failReportsClientConnectionFailedAndStopsTheFactory() {
        var factory = new RecordingFactory<>(AccumulatingProtocol::new);
        reactor.connectTCP("example.com", 80, factory);
        MemoryConnector c = reactor.tcpClients().get(0).connector();
        c.fail(new ConnectionRefusedError());
        assertInstanceOf(ConnectionRefusedError.class, factory.failedReasons().get(0).value());
        assertEquals(1, factory.stopCount());
        assertEquals(MemoryConnector.State.DISCONNECTED, c.state());
        assertThrows(IllegalStateException.class, () -> c.fail(new ConnectionRefusedError()));
        assertThrows(IllegalStateException.class, c::succeed);
    }

    @Test
    void theConnectTimeoutFiresOnTheReactorClock() {
        var factory = new RecordingFactory<>(AccumulatingProtocol::new);
        reactor.connectTCP("slow.example", 80, factory, 30, null);
        reactor.advance(29.9);
        assertTrue(factory.failedReasons().isEmpty());
        reactor.advance(0.1);
        assertInstanceOf(TimeoutError.class, factory.failedReasons().get(0).value());
        assertEquals(MemoryConnector.State.DISCONNECTED, reactor.tcpClients().get(0).connector().state());
    }

    @Test
    void stopConnectingAndDisconnectAreRecordedAndActedOn() {
        var factory = new RecordingFactory<>(AccumulatingProtocol::new);
        MemoryConnector c = (MemoryConnector) reactor.connectTCP("example.com", 80, factory);
        c.stopConnecting();
        assertInstanceOf(UserError.class, factory.failedReasons().get(0).value());
        assertThrows(IllegalStateException.class, c::stopConnecting);
        c.connect();
        c.disconnect();
        assertInstanceOf(UserError.class, factory.failedReasons().get(1).value());
        c.connect();
        c.succeed();
        c.disconnect();
        assertInstanceOf(ConnectionDone.class, factory.lostReasons().get(0).value());
        assertEquals(List.of(MemoryConnector.Action.STOP_CONNECTING, MemoryConnector.Action.STOP_CONNECTING,
                MemoryConnector.Action.CONNECT, MemoryConnector.Action.DISCONNECT, MemoryConnector.Action.CONNECT,
                MemoryConnector.Action.DISCONNECT), c.actions());
        assertEquals(3, c.attempts());
        assertEquals(3, factory.startCount());
        assertEquals(3, factory.stopCount());
    }

    @Test
    void aFactoryThatReconnectsOnFailureKeepsRunning() {
        List<Failure> failures = new ArrayList<>();
        var factory = new ClientFactory(AccumulatingProtocol::new) {
            int starts;
            int stops;

            @Override
            public void startFactory() {
                starts++;
            }

            @Override
            public void stopFactory() {
                stops++;
            }

            @Override
            public void clientConnectionFailed(Connector connector, Failure reason) {
                failures.add(reason);
                if (failures.size() < 3) {
                    connector.connect();
                }
            }
        };
        reactor.connectTCP("flaky.example", 80, factory);
        MemoryConnector c = reactor.tcpClients().get(0).connector();
        c.fail(new ConnectionRefusedError());
        assertEquals(MemoryConnector.State.CONNECTING, c.state());
        assertEquals(0, factory.stops);
        c.fail(new ConnectionRefusedError());
        c.fail(new ConnectionRefusedError());
        assertEquals(3, failures.size());
        assertEquals(List.of(MemoryConnector.Action.CONNECT, MemoryConnector.Action.CONNECT), c.actions());
        assertEquals(1, factory.starts);
        assertEquals(1, factory.stops);
    }

    @Test
    void connectToAListeningPortPumpsAConversationAndReportsTheLoss() {
        var serverFactory = new RecordingFactory<>(LoopbackPumpTest.Echo::new);
        reactor.listenTCP(7, serverFactory);
        var clientFactory = new RecordingFactory<>(AccumulatingProtocol::new);
        reactor.connectTCP("127.0.0.1", 7, clientFactory);
        MemoryConnector c = reactor.tcpClients().get(0).connector();
        LoopbackPump pump = c.connectTo(reactor.tcpServers().get(0).listeningPort(), LoopbackPump.builder().reactor(reactor));
        AccumulatingProtocol client = clientFactory.lastProtocol();
        assertSame(pump.clientTransport(), c.transport());
        assertEquals(new InetSocketAddress("127.0.0.1", 7), client.transport().getPeer());
        client.transport().write(ascii("hello"));
        pump.pump();
        assertEquals("hello", client.valueAsString());
        assertEquals("hello", serverFactory.lastProtocol().valueAsString());
        c.disconnect();
        assertTrue(clientFactory.lostReasons().isEmpty(), "lost only once the pump runs");
        pump.pump();
        assertInstanceOf(ConnectionDone.class, clientFactory.lostReasons().get(0).value());
        assertTrue(serverFactory.lastProtocol().isLost());
        assertEquals(MemoryConnector.State.DISCONNECTED, c.state());
    }

    @Test
    void aClientFactoryReturningNoProtocolLosesTheConnection() {
        var factory = new RecordingFactory<AccumulatingProtocol>(() -> null);
        reactor.connectTCP("example.com", 80, factory);
        assertNull(reactor.tcpClients().get(0).connector().succeed());
        assertInstanceOf(ConnectionDone.class, factory.lostReasons().get(0).value());
        assertEquals(1, factory.stopCount());
    }

    // ------------------------------------------------------------------ UNIX

    @Test
    void unixServersAndClientsAreRecordedWithUnixAddresses() {
        var serverFactory = new RecordingFactory<>(LoopbackPumpTest.Echo::new);
        ListeningPort port = reactor.listenUNIX("/run/app.sock", serverFactory, 5, 0600, true);
        MemoryReactor.UnixServer s = reactor.unixServers().get(0);
        assertEquals("/run/app.sock", s.path());
        assertEquals(5, s.backlog());
        assertEquals(0600, s.mode());
        assertTrue(s.wantPID());
        assertEquals(UnixDomainSocketAddress.of("/run/app.sock"), port.getHost());
        assertThrows(CannotListenError.class, () -> reactor.listenUNIX("/run/app.sock", serverFactory));
        reactor.listenTCP(0, serverFactory); // TCP ports and UNIX ports live side by side

        var clientFactory = new RecordingFactory<>(AccumulatingProtocol::new);
        reactor.connectUNIX("/run/app.sock", clientFactory, 3, false);
        MemoryReactor.UnixClient c = reactor.unixClients().get(0);
        assertEquals("/run/app.sock", c.path());
        assertEquals(3.0, c.timeout());
        LoopbackPump pump = c.connector().connectTo(s.listeningPort());
        AccumulatingProtocol client = clientFactory.lastProtocol();
        assertEquals(UnixDomainSocketAddress.of("/run/app.sock"), client.transport().getPeer());
        assertEquals(UnixDomainSocketAddress.of(""), serverFactory.lastProtocol().transport().getPeer());
        client.transport().write(ascii("over unix"));
        pump.pump();
        assertEquals("over unix", client.valueAsString());

        MemoryListeningPort.Accepted accepted = s.listeningPort().accept();
        assertEquals(UnixDomainSocketAddress.of(""), accepted.transport().getPeer());
    }

    // ------------------------------------------------------------------ UDP

    static final class RecordingDatagramProtocol extends DatagramProtocol {
        final List<String> events = new ArrayList<>();

        @Override
        public void startProtocol() {
            events.add("start");
        }

        @Override
        public void stopProtocol() {
            events.add("stop");
        }

        @Override
        public void datagramReceived(ByteBuffer data, SocketAddress address) {
            events.add(Bytes.utf8String(data) + " from " + address);
            transport.write(data, address); // echo
        }

        @Override
        public void connectionRefused() {
            events.add("refused");
        }
    }

    @Test
    void udpPortsRecordTheirArgumentsSendsAndReceives() {
        var proto = new RecordingDatagramProtocol();
        DatagramTransport t = reactor.listenUDP(0, proto, "127.0.0.1", 16);
        MemoryReactor.UdpPort u = reactor.udpPorts().get(0);
        assertEquals(0, u.port());
        assertSame(proto, u.protocol());
        assertEquals(16, u.maxPacketSize());
        assertFalse(u.multicast());
        assertSame(t, u.transport());
        assertNotEquals(0, ((InetSocketAddress) t.getHost()).getPort());
        assertEquals(List.of("start"), proto.events);

        var from = new InetSocketAddress("192.0.2.7", 5353);
        assertTrue(u.transport().deliver(ascii("ping"), from));
        assertFalse(u.transport().deliver(ascii("seventeen bytes!!"), from), "longer than maxPacketSize");
        assertEquals(List.of("start", "ping from " + from), proto.events);
        MemoryDatagramTransport.Datagram sent = u.transport().sent().get(0);
        assertEquals("ping", Bytes.utf8String(sent.buffer()));
        assertEquals(from, sent.address());
        assertEquals(1, u.transport().takeSent().size());
        assertTrue(u.transport().sent().isEmpty());

        assertThrows(IllegalStateException.class, () -> t.write(ascii("x")), "not connected");
        assertThrows(MessageLengthError.class, () -> t.write(ByteBuffer.allocate(65508), from));

        t.connect("192.0.2.7", 5353);
        t.write(ascii("to peer"));
        assertEquals(from, u.transport().sent().get(0).address());
        assertFalse(u.transport().deliver(ascii("stranger"), new InetSocketAddress("192.0.2.8", 5353)));
        assertThrows(IllegalStateException.class, () -> t.write(ascii("x"), new InetSocketAddress("192.0.2.8", 1)));
        assertThrows(IllegalArgumentException.class, () -> t.connect("example.com", 53));
        u.transport().refuse();
        assertEquals("refused", proto.events.get(proto.events.size() - 1));

        t.stopListening();
        assertEquals("stop", proto.events.get(proto.events.size() - 1));
        assertFalse(u.transport().deliver(ascii("late"), from));
    }

    @Test
    void udpPortConflictsAndMulticastOptions() {
        var a = new RecordingDatagramProtocol();
        reactor.listenUDP(53, a);
        assertThrows(CannotListenError.class, () -> reactor.listenUDP(53, new RecordingDatagramProtocol()));
        reactor.listenTCP(53, Factory.forProtocol(AccumulatingProtocol::new)); // TCP 53 is another port
        DatagramTransport m1 = reactor.listenMulticast(5353, new RecordingDatagramProtocol(), "", 0, true);
        reactor.listenMulticast(5353, new RecordingDatagramProtocol(), "", 0, true);
        assertTrue(reactor.udpPorts().get(1).multicast());
        m1.joinGroup("224.0.0.251", null);
        m1.setTTL(4);
        m1.setLoopbackMode(false);
        m1.setBroadcastAllowed(true);
        m1.setOutgoingInterface("192.0.2.1");
        var mt = reactor.udpPorts().get(1).transport();
        assertEquals(java.util.Set.of("224.0.0.251%null"), mt.groups());
        assertEquals(4, m1.getTTL());
        assertFalse(m1.getLoopbackMode());
        assertTrue(m1.getBroadcastAllowed());
        assertEquals("192.0.2.1", mt.outgoingInterface());
        m1.leaveGroup("224.0.0.251", null);
        assertTrue(mt.groups().isEmpty());
    }
}
