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
}
