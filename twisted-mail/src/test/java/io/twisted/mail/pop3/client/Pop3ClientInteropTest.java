package io.twisted.mail.pop3.client;

import static io.twisted.mail.imap4.client.DovecotPeer.await;
import static io.twisted.mail.imap4.client.DovecotPeer.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.mail.imap4.client.DovecotPeer;
import io.twisted.testing.ReactorThread;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our POP3 client against Dovecot 2.3 (Debian's dovecot-pop3d, a private instance: see
 * {@link DovecotPeer}) over real loopback sockets: CAPA, STLS, USER/PASS, STAT, LIST, UIDL, RETR
 * collected and streamed (dot-unstuffed, byte-exact), TOP, DELE, RSET, NOOP and QUIT applying
 * the deletion.
 */
class Pop3ClientInteropTest {

    private static final byte[] MSG1 = bytes("From: bob@example.test\r\nSubject: one\r\n\r\n.dot\r\n..two\r\n.\r\nend\r\n");
    private static final byte[] MSG2 = bytes("From: bob@example.test\r\nSubject: two\r\n\r\n" + "x".repeat(5000) + "\r\n");

    @TempDir
    Path tmp;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void sessionWithStlsAgainstDovecot() throws Exception {
        try (DovecotPeer peer = DovecotPeer.start(tmp, List.of(MSG1, MSG2));
                ReactorThread rt = new ReactorThread("pop3-interop")) {
            Pop3ClientProtocol client = new Pop3ClientProtocol(rt.reactor);
            DovecotPeer.connect(rt, peer.pop3Port, client);
            ok(rt, client::greeting);
            List<String> caps = ok(rt, client::capabilities);
            assertTrue(caps.contains("STLS") && caps.contains("UIDL"), caps.toString());
            ok(rt, () -> client.startTLS(peer.clientTls()));
            Object wrong = await(rt, () -> client.login("alice", "wrong"));
            Pop3ServerException e = assertInstanceOf(Pop3ServerException.class, wrong);
            assertFalse(e.getMessage().contains("wrong"));
            try {
                ok(rt, () -> client.login("alice", "secret"));
            } catch (AssertionError x) {
                throw new AssertionError(peer.log(), x);
            }
            assertEquals(new Pop3Stat(2, MSG1.length + MSG2.length), ok(rt, client::stat));
            assertEquals(Map.of(1, (long) MSG1.length, 2, (long) MSG2.length), ok(rt, client::listSize));
            assertEquals(2, ok(rt, client::listUID).size());
            assertArrayEquals(MSG1, ok(rt, () -> client.retrieve(1)));
            ByteArrayOutputStream streamed = new ByteArrayOutputStream();
            ok(rt, () -> client.retrieve(2, line -> {
                streamed.writeBytes(line);
                streamed.writeBytes(new byte[] {'\r', '\n'});
            }));
            assertArrayEquals(MSG2, streamed.toByteArray());
            assertEquals("From: bob@example.test\r\nSubject: one\r\n\r\n.dot\r\n",
                    new String(ok(rt, () -> client.top(1, 1)), StandardCharsets.ISO_8859_1));
            ok(rt, () -> client.delete(1));
            ok(rt, client::reset);
            ok(rt, client::noop);
            ok(rt, () -> client.delete(2));
            ok(rt, client::quit);
            assertEquals(1, peer.messageFiles());
        }
    }
}
