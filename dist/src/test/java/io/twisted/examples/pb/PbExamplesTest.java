package io.twisted.examples.pb;

import static org.junit.jupiter.api.Assertions.*;

import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.spread.pb.PbClientFactory;
import io.twisted.spread.pb.PbServerFactory;
import io.twisted.spread.pb.RemoteReference;
import io.twisted.testing.LoopbackPump;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PB examples in memory. */
class PbExamplesTest {

    static Object result(Deferred<?> d) {
        assertTrue(d.isCalled());
        Object r = d.currentResult();
        assertFalse(r instanceof Failure, () -> ((Failure) r).getTraceback());
        return r;
    }

    @Test
    void echoServerEchoes() {
        PbClientFactory client = new PbClientFactory();
        LoopbackPump pump = LoopbackPump.builder().chunkSize(3).connect(new PbServerFactory(new EchoServer.Echoer()), client);
        Deferred<RemoteReference> root = client.getRootObject();
        pump.pump();
        Deferred<Object> d = ((RemoteReference) result(root)).callRemote("echo", List.of("hello network", 7L));
        pump.pump();
        assertEquals(List.of("hello network", 7L), result(d));
    }

    @Test
    void pondIsCopiedAndScoreboardFollows() {
        PbClientFactory client = new PbClientFactory(PondServer.types());
        LoopbackPump pump = LoopbackPump.connect(new PbServerFactory(new PondServer.PondRoot()), client);
        Deferred<RemoteReference> root = client.getRootObject();
        pump.pump();
        Deferred<Scoreboard.Copy> d = PondClient.run((RemoteReference) result(root));
        pump.pump();
        assertEquals(10, ((Scoreboard.Copy) result(d)).score());
    }

    @Test
    void loginEchoServerEchoesAndFails() {
        PbClientFactory client = new PbClientFactory();
        LoopbackPump pump = LoopbackPump.connect(new PbServerFactory(new io.twisted.spread.pb.PortalRoot(LoginEchoServer.portal())), client);
        Deferred<RemoteReference> login = client.login("guest", "guest", null);
        pump.pump();
        RemoteReference avatar = (RemoteReference) result(login);
        Deferred<Object> echo = avatar.callRemote("echo", "hello world");
        Deferred<Object> error = avatar.callRemote("error");
        pump.pump();
        assertEquals("hello world", result(echo));
        Failure f = (Failure) error.currentResult();
        assertEquals("exception!", ((io.twisted.spread.pb.RemoteError) f.value()).value());
        error.addErrback(x -> null);
    }
}
