package io.twisted.amp;

import static org.junit.jupiter.api.Assertions.*;

import io.twisted.amp.wire.AmpBox;
import io.twisted.spread.banana.BananaEncoder;
import io.twisted.spread.pb.Broker;
import io.twisted.spread.pb.PbServerFactory;
import io.twisted.spread.pb.TestRootAccess;
import io.twisted.testing.StringTransport;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated input against an AMP server and a PB server broker: no exception may escape
 * {@code dataReceived}; the connection either carries on or closes.
 */
class RobustnessTest {

    static void feed(io.twisted.internet.Protocol p, byte[] data, Random r) {
        int i = 0;
        while (i < data.length) {
            int n = Math.min(data.length - i, 1 + r.nextInt(17));
            p.dataReceived(ByteBuffer.wrap(data, i, n));
            i += n;
        }
    }

    static byte[] mutate(byte[] valid, Random r) {
        byte[] b = valid.clone();
        for (int k = 0; k < 1 + r.nextInt(4); k++) {
            b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        }
        return b;
    }

    @Test
    void ampSurvivesRandomAndMutatedBoxes() {
        Random r = new Random(42);
        byte[] valid = Chunks.concat(
                new AmpBox().putAscii("_command", "Sum").putAscii("_ask", "1").putAscii("a", "1").putAscii("b", "2").encode(),
                new AmpBox().putAscii("_command", "Divide").putAscii("_ask", "2").putAscii("numerator", "1").putAscii("denominator", "0").encode());
        for (int i = 0; i < 600; i++) {
            var t = new StringTransport();
            var amp = new TestCommands.Calculator();
            amp.makeConnection(t);
            byte[] input = i % 2 == 0 ? mutate(valid, r) : randomBytes(r);
            assertDoesNotThrow(() -> feed(amp, input, r), "input " + i);
        }
    }

    @Test
    void pbSurvivesRandomAndMutatedExpressions() {
        Random r = new Random(7);
        byte[] hello = BananaEncoder.encode("pb".getBytes(), false);
        byte[] valid = Chunks.concat(hello,
                BananaEncoder.encode(List.of("version".getBytes(), 6L), true),
                BananaEncoder.encode(List.of("message".getBytes(), 1L, "root".getBytes(), "echo".getBytes(), 1L,
                        List.of("tuple".getBytes(), List.of("list".getBytes(), 1L, List.of("unicode".getBytes(), "x".getBytes()))),
                        List.of("dictionary".getBytes())), true));
        for (int i = 0; i < 600; i++) {
            var t = new StringTransport();
            Broker b = (Broker) new PbServerFactory(TestRootAccess.root()).buildProtocol(null);
            b.makeConnection(t);
            byte[] input = i % 2 == 0 ? mutate(valid, r) : Chunks.concat(hello, randomBytes(r));
            assertDoesNotThrow(() -> feed(b, input, r), "input " + i);
        }
    }

    static byte[] randomBytes(Random r) {
        byte[] b = new byte[1 + r.nextInt(200)];
        r.nextBytes(b);
        return b;
    }
}
