package io.twisted.mail.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.testing.Chunkings;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByteStufferTest {

    private static String run(String message, long bodyLines, Chunkings.Chunking chunking) {
        ByteStuffer s = new ByteStuffer(bodyLines);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunking.forEach(buf -> {
            ByteBuffer b = s.apply(buf);
            out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
        });
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void stuffsDotsAtLineStartsInEveryChunking() {
        String msg = ".a\r\nb.\r\n..c\r\n\r\n.\r\n";
        for (Chunkings.Chunking c : Chunkings.of(msg)) {
            assertEquals("..a\r\nb.\r\n...c\r\n\r\n..\r\n", run(msg, -1, c), c.name());
        }
    }

    @Test
    void topKeepsHeaderBlankLineAndNBodyLinesInEveryChunking() {
        String msg = "A: 1\r\nB: 2\r\n\r\nl1\r\n.l2\r\nl3\r\n";
        for (Chunkings.Chunking c : Chunkings.of(msg)) {
            assertEquals("A: 1\r\nB: 2\r\n\r\nl1\r\n..l2\r\n", run(msg, 2, c), c.name());
            assertEquals("A: 1\r\nB: 2\r\n\r\n", run(msg, 0, c), c.name());
        }
    }

    @Test
    void reportsWhetherTheOutputEndsWithALineBreak() {
        ByteStuffer s = new ByteStuffer();
        assertTrue(s.endsWithLineBreak());
        s.apply(ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(s.endsWithLineBreak());
        s.apply(ByteBuffer.wrap("\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(s.endsWithLineBreak());
    }

    @Test
    void bareLfGoesOutAsCrlfAndWireSizeCountsIt() throws Exception {
        String msg = "A: 1\n\n.\nmixed\r\nend\n";
        for (Chunkings.Chunking c : Chunkings.of(msg)) {
            assertEquals("A: 1\r\n\r\n..\r\nmixed\r\nend\r\n", run(msg, -1, c), c.name());
            assertEquals("A: 1\r\n\r\n..\r\n", run(msg, 1, c), c.name());
        }
        long size = ByteStuffer.wireSize(new java.io.ByteArrayInputStream(msg.getBytes(StandardCharsets.US_ASCII)));
        assertEquals("A: 1\r\n\r\n.\r\nmixed\r\nend\r\n".length(), size);
        assertEquals(0, ByteStuffer.wireSize(java.io.InputStream.nullInputStream()));
    }
}
