package io.twisted.mail.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.mail.smtp.MailAddress;
import io.twisted.mail.smtp.MessageReceiver;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayQueueTest {

    @TempDir
    Path dir;

    private static final MailAddress ALICE = MailAddress.parse("alice@local.test");
    private static final MailAddress BOB = MailAddress.parse("bob@example.com");

    private List<String> files(String sub) throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve(sub))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void receiverCommitsMessageAndEnvelopeOnlyAtTheEnd() throws Exception {
        RelayQueue q = new RelayQueue(dir, () -> 1000.5);
        MessageReceiver r = q.newMessage(ALICE, List.of(BOB));
        r.write(ByteBuffer.wrap("Subject: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        r.write(ByteBuffer.wrap("body\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(List.of(), files("queue"));
        assertEquals(1, files("tmp").size());
        assertTrue(r.eomReceived().isCalled());
        assertEquals(List.of(), files("tmp"));
        List<RelayEnvelope> loaded = new RelayQueue(dir, () -> 0).load();
        assertEquals(1, loaded.size());
        RelayEnvelope e = loaded.get(0);
        assertEquals(ALICE, e.from());
        assertEquals(List.of(BOB), e.recipients());
        assertEquals(1000.5, e.created());
        assertEquals(0, e.attempts());
        assertArrayEquals("Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(q.messagePath(e.id())));
        assertArrayEquals("Subject: x\r\n".getBytes(StandardCharsets.US_ASCII), q.readHeaders(e.id(), 1000));
    }

    @Test
    void abandonedMessageLeavesNothing() throws Exception {
        RelayQueue q = new RelayQueue(dir, () -> 0);
        MessageReceiver r = q.newMessage(ALICE, List.of(BOB));
        r.write(ByteBuffer.wrap(new byte[100]));
        r.connectionLost();
        assertEquals(List.of(), files("tmp"));
        assertEquals(List.of(), files("queue"));
    }

    @Test
    void envelopeRoundTripsAndRejectsDamage() throws Exception {
        RelayEnvelope e = new RelayEnvelope("abc-1", MailAddress.NULL_SENDER, List.of(BOB, ALICE), 12.25, 3, 99.5);
        assertEquals(e, RelayEnvelope.decode(e.encode()));
        byte[] full = e.encode();
        // A truncated file (no final newline) is not taken as an envelope.
        assertThrows(IllegalArgumentException.class, () -> RelayEnvelope.decode(java.util.Arrays.copyOf(full, full.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> RelayEnvelope.decode("junk\n".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(IllegalArgumentException.class, () -> new RelayEnvelope("../x", ALICE, List.of(BOB), 0, 0, 0));
    }

    @Test
    void unreadableEnvelopeIsSetAside() throws Exception {
        RelayQueue q = new RelayQueue(dir, () -> 0);
        RelayEnvelope e = q.enqueue(ALICE, List.of(BOB), new byte[] {'x'});
        Files.write(dir.resolve("queue/" + e.id() + ".env"), "garbage\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of(), q.load());
        assertTrue(Files.exists(dir.resolve("queue/" + e.id() + ".env.bad")));
    }
}
