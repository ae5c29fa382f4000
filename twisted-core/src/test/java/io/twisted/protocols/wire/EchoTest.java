package io.twisted.protocols.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.twisted.testing.Chunkings;
import io.twisted.testing.Chunkings.Chunking;
import io.twisted.testing.StringTransport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EchoTest {

    private static final byte[] INPUT = "hello\r\n\0\u00ff binary\n".getBytes(StandardCharsets.ISO_8859_1);

    static Stream<Chunking> chunkings() {
        return Chunkings.of(INPUT).stream();
    }

    @ParameterizedTest
    @MethodSource("chunkings")
    void sendsBackEveryByteInOrder(Chunking chunking) {
        Echo echo = new Echo();
        StringTransport transport = new StringTransport();
        echo.makeConnection(transport);
        chunking.feedTo(echo);
        assertArrayEquals(INPUT, transport.value());
        assertFalse(transport.isDisconnecting());
    }

    @Test
    void writesTheVeryBufferItIsHanded() {
        List<ByteBuffer> written = new ArrayList<>();
        StringTransport transport = new StringTransport() {
            @Override
            public void write(ByteBuffer data) {
                written.add(data);
                super.write(data);
            }
        };
        Echo echo = new Echo();
        echo.makeConnection(transport);
        ByteBuffer in = ByteBuffer.wrap(INPUT);
        echo.dataReceived(in);
        assertEquals(1, written.size());
        assertSame(in, written.get(0));
        assertEquals(0, in.remaining());
    }
}
