package io.twisted.mail.smtp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twisted.testing.Chunkings;
import io.twisted.testing.Chunkings.Chunking;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DotStufferTest {

    private static final String INPUT = ".first\r\nmid.dle\r\n..two\r\n.\r\nbare\nlf\n.x\r\nend";
    private static final String STUFFED = "..first\r\nmid.dle\r\n...two\r\n..\r\nbare\r\nlf\r\n..x\r\nend\r\n.\r\n";

    static Stream<Chunking> chunkings() {
        return Chunkings.of(INPUT).stream();
    }

    private static String run(Chunking chunking) {
        DotStuffer s = new DotStuffer();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunking.forEach(b -> {
            ByteBuffer o = s.stuff(b);
            byte[] bytes = new byte[o.remaining()];
            o.get(bytes);
            out.writeBytes(bytes);
        });
        out.writeBytes(s.finish());
        return out.toString(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chunkings")
    void stuffsLeadingDotsAcrossEveryChunkBoundary(Chunking chunking) {
        assertEquals(STUFFED, run(chunking));
    }

    @Test
    void endMarkerDependsOnHowTheMessageEnded() {
        assertEquals(".\r\n", run(Chunkings.whole(new byte[0])));
        assertEquals("a\r\n.\r\n", run(Chunkings.whole("a\r\n".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("a\r\n.\r\n", run(Chunkings.whole("a\r".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("a\r\n.\r\n", run(Chunkings.whole("a".getBytes(StandardCharsets.US_ASCII))));
    }
}
