package io.twisted.mail.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.testing.Chunkings;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DotUnstufferTest {

    /** Decodes {@code wire} in every chunking; returns the message and checks what follows. */
    private static void check(String wire, String message, String after) {
        byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
        for (Chunkings.Chunking c : Chunkings.of(bytes)) {
            DotUnstuffer u = new DotUnstuffer();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            c.forEach(buf -> {
                if (u.isDone()) {
                    rest.write(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
                    return;
                }
                if (u.decode(buf, b -> out.write(b.array(), b.arrayOffset() + b.position(), b.remaining()))) {
                    rest.write(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
                }
            });
            assertEquals(message, out.toString(StandardCharsets.ISO_8859_1), c.name());
            assertEquals(after, rest.toString(StandardCharsets.ISO_8859_1), c.name());
            assertTrue(u.isDone(), c.name());
        }
    }

    @Test
    void endsAtTheLoneDotLineAndKeepsTheRest() {
        check("Subject: x\r\n\r\nbody\r\n.\r\nQUIT\r\n", "Subject: x\r\n\r\nbody\r\n", "QUIT\r\n");
    }

    @Test
    void removesOneLeadingDot() {
        check("..leading\r\n...three\r\n.x\r\n.\r\n", ".leading\r\n..three\r\nx\r\n", "");
    }

    @Test
    void emptyMessage() {
        check(".\r\n", "", "");
    }

    @Test
    void dotThenCrThenOtherKeepsTheCr() {
        check("..\rz\r\n.\r\n", ".\rz\r\n", "");
        check(".\r\r\n.\r\n", "\r\r\n", "");
    }

    @Test
    void bareLineFeedsNeverEndTheMessage() {
        check("a\n.\nb\r\n.\n\r\n.\r\n", "a\n.\nb\r\n\n\r\n", "");
        check("a\r.\r\nb\r\n.\r\n", "a\r.\r\nb\r\n", "");
    }

    @Test
    void notDoneWithoutTheTerminator() {
        DotUnstuffer u = new DotUnstuffer();
        ByteBuffer in = ByteBuffer.wrap("abc\r\n.".getBytes(StandardCharsets.US_ASCII));
        assertFalse(u.decode(in, b -> { }));
        assertFalse(u.isDone());
        assertEquals(in.limit(), in.position());
    }

    @Test
    void stuffThenUnstuffRoundTripsRandomMessages() {
        Random rnd = new Random(5);
        byte[] alphabet = ".\r\n.ab".getBytes(StandardCharsets.US_ASCII);
        for (int n = 0; n < 300; n++) {
            byte[] msg = new byte[rnd.nextInt(40)];
            for (int i = 0; i < msg.length; i++) {
                msg[i] = alphabet[rnd.nextInt(alphabet.length)];
            }
            byte[] wire = DotUnstuffer.stuff(msg);
            DotUnstuffer u = new DotUnstuffer();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.wrap(wire);
            assertTrue(u.decode(in, b -> out.write(b.array(), b.position(), b.remaining())));
            assertFalse(in.hasRemaining());
            byte[] expected = msg;
            if (!(msg.length >= 2 && msg[msg.length - 2] == '\r' && msg[msg.length - 1] == '\n')) {
                expected = new byte[msg.length + 2];
                System.arraycopy(msg, 0, expected, 0, msg.length);
                expected[msg.length] = '\r';
                expected[msg.length + 1] = '\n';
            }
            assertArrayEquals(expected, out.toByteArray(), new String(msg, StandardCharsets.US_ASCII));
        }
    }
}
