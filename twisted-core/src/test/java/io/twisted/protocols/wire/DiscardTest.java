package io.twisted.protocols.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.twisted.testing.Chunkings;
import io.twisted.testing.Chunkings.Chunking;
import io.twisted.testing.StringTransport;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DiscardTest {

    static Stream<Chunking> chunkings() {
        return Chunkings.of("anything at all\r\n").stream();
    }

    @ParameterizedTest
    @MethodSource("chunkings")
    void sendsNothingAndStaysOpen(Chunking chunking) {
        Discard discard = new Discard();
        StringTransport transport = new StringTransport();
        discard.makeConnection(transport);
        chunking.forEach(b -> {
            discard.dataReceived(b);
            assertEquals(0, b.remaining());
        });
        assertEquals(0, transport.value().length);
        assertFalse(transport.isDisconnecting());
    }
}
