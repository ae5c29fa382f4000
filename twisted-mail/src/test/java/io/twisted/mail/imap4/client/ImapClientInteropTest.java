package io.twisted.mail.imap4.client;

import static io.twisted.mail.imap4.client.DovecotPeer.await;
import static io.twisted.mail.imap4.client.DovecotPeer.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.testing.ReactorThread;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our IMAP client against Dovecot 2.3 (Debian's dovecot-imapd, a private instance: see
 * {@link DovecotPeer}) over real loopback sockets: STARTTLS, LOGIN, SELECT, FETCH byte-exact
 * (eight-bit body through a literal), APPEND with a synchronising literal, SEARCH, STORE, COPY,
 * EXPUNGE, and IDLE woken by an APPEND from a second session.
 */
class ImapClientInteropTest {

    private static final byte[] MSG1 = bytes("From: bob@example.test\r\nSubject: seed 1\r\n\r\n.dot\r\nseed body 1\r\n");
    private static final byte[] MSG2 = bytes("From: bob@example.test\r\nSubject: seed 2\r\n\r\nb\u00e9te {5}\r\n");

    @TempDir
    Path tmp;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void sessionWithStartTlsFetchAppendStoreExpungeAgainstDovecot() throws Exception {
        try (DovecotPeer peer = DovecotPeer.start(tmp, List.of(MSG1, MSG2));
                ReactorThread rt = new ReactorThread("imap-interop")) {
            ImapClientProtocol client = new ImapClientProtocol(rt.reactor);
            DovecotPeer.connect(rt, peer.imapPort, client);
            ImapResponse greeting = ok(rt, client::greeting);
            assertEquals("OK", greeting.type());
            ok(rt, () -> client.startTLS(peer.clientTls()));
            Set<String> caps = ok(rt, client::capability);
            assertTrue(caps.contains("IMAP4REV1") && caps.contains("IDLE"), caps.toString());
            Object wrong = await(rt, () -> client.login("alice", "wrong"));
            assertEquals("NO", assertInstanceOf(ImapServerException.class, wrong).response().type());
            ok(rt, () -> client.login("alice", "secret"));
            ok(rt, () -> client.create("Archive"));
            List<ImapListEntry> folders = ok(rt, () -> client.list("", "*"));
            assertTrue(folders.stream().anyMatch(f -> f.name().equals("Archive")), folders.toString());

            ImapMailboxInfo info = ok(rt, () -> client.select("INBOX"));
            assertEquals(2, info.exists());
            assertTrue(info.uidValidity() > 0);
            assertTrue(info.permanentFlags().contains("\\Seen"));
            Map<Long, Map<String, Object>> fetched = ok(rt, () -> client.fetch("1:*", "(UID FLAGS RFC822.SIZE BODY.PEEK[])"));
            assertArrayEquals(MSG1, (byte[]) fetched.get(1L).get("BODY[]"));
            assertArrayEquals(MSG2, (byte[]) fetched.get(2L).get("BODY[]"));
            assertEquals(String.valueOf(MSG2.length), fetched.get(2L).get("RFC822.SIZE"));

            byte[] appended = bytes("Subject: appended\r\n\r\nvia APPEND \u00ff\r\n");
            ok(rt, () -> client.append("INBOX", List.of("\\Flagged"), appended));
            ok(rt, client::noop);
            assertEquals(List.of(3L), ok(rt, () -> client.search("FLAGGED")));
            Map<Long, Map<String, Object>> stored = ok(rt, () -> client.store("1", "+FLAGS", List.of("\\Deleted")));
            assertTrue(((List<?>) stored.get(1L).get("FLAGS")).contains("\\Deleted"), stored.toString());
            ok(rt, () -> client.copy("2", "Archive"));
            assertEquals(List.of(1L), ok(rt, client::expunge));
            Map<Long, Map<String, Object>> left = ok(rt, () -> client.fetch("1:*", "BODY.PEEK[]"));
            assertArrayEquals(MSG2, (byte[]) left.get(1L).get("BODY[]"));
            assertArrayEquals(appended, (byte[]) left.get(2L).get("BODY[]"));
            ImapMailboxInfo archive = ok(rt, () -> client.examine("Archive"));
            assertEquals(1, archive.exists());
            assertTrue(archive.readOnly());
            ok(rt, client::logout);
        }
    }

    @Test
    void idleWakesOnAppendFromAnotherSession() throws Exception {
        try (DovecotPeer peer = DovecotPeer.start(tmp, List.of(MSG1));
                ReactorThread rt = new ReactorThread("imap-interop")) {
            CompletableFuture<Long> woke = new CompletableFuture<>();
            ImapClientProtocol idler = new ImapClientProtocol(rt.reactor);
            idler.setListener(new ImapUntaggedListener() {
                @Override
                public void exists(long count) {
                    if (count == 2) {
                        woke.complete(count);
                    }
                }
            });
            DovecotPeer.connect(rt, peer.imapPort, idler);
            ok(rt, () -> idler.login("alice", "secret"));
            assertEquals(1, ok(rt, () -> idler.select("INBOX")).exists());
            ImapIdle[] idle = new ImapIdle[1];
            ok(rt, () -> {
                idle[0] = idler.idle();
                return idle[0].started();
            });

            ImapClientProtocol writer = new ImapClientProtocol(rt.reactor);
            DovecotPeer.connect(rt, peer.imapPort, writer);
            ok(rt, () -> writer.login("alice", "secret"));
            ok(rt, () -> writer.append("INBOX", List.of(), bytes("Subject: wake\r\n\r\nup\r\n")));

            assertEquals(2L, woke.get(30, TimeUnit.SECONDS));
            ok(rt, () -> idle[0].done());
            ok(rt, idler::logout);
            ok(rt, writer::logout);
        }
    }

    @Test
    void mailboxManagementStatusAndUidCommandsAgainstDovecot() throws Exception {
        try (DovecotPeer peer = DovecotPeer.start(tmp, List.of(MSG1, MSG2));
                ReactorThread rt = new ReactorThread("imap-interop")) {
            ImapClientProtocol client = new ImapClientProtocol(rt.reactor);
            DovecotPeer.connect(rt, peer.imapPort, client);
            ok(rt, () -> client.login("alice", "secret"));
            List<List<List<String>>> ns = ok(rt, client::namespace);
            assertEquals(3, ns.size());
            assertEquals(1, ns.get(0).size(), ns.toString());

            ok(rt, () -> client.create("Work"));
            ok(rt, () -> client.rename("Work", "Projects"));
            ok(rt, () -> client.create("Old"));
            ok(rt, () -> client.delete("Old"));
            List<String> names = ok(rt, () -> client.list("", "*")).stream().map(ImapListEntry::name).toList();
            assertTrue(names.contains("Projects") && !names.contains("Work") && !names.contains("Old"), names.toString());
            ok(rt, () -> client.subscribe("Projects"));
            assertEquals(List.of("Projects"), ok(rt, () -> client.lsub("", "Proj*")).stream().map(ImapListEntry::name).toList());
            ok(rt, () -> client.unsubscribe("Projects"));
            assertEquals(List.of(), ok(rt, () -> client.lsub("", "Proj*")));

            java.time.ZonedDateTime date = java.time.ZonedDateTime.parse("1994-02-07T21:52:25-08:00");
            ok(rt, () -> client.append("Projects", List.of("\\Seen"), date, bytes("Subject: dated\r\n\r\nold\r\n")));
            Map<String, Long> status = ok(rt, () -> client.status("Projects", List.of("MESSAGES", "UNSEEN", "UIDNEXT")));
            assertEquals(1L, status.get("MESSAGES"));
            assertEquals(0L, status.get("UNSEEN"));
            assertTrue(status.get("UIDNEXT") >= 2, status.toString());

            ImapMailboxInfo inbox = ok(rt, () -> client.select("INBOX"));
            assertEquals(2, inbox.exists());
            ok(rt, client::check);
            List<Long> uids = ok(rt, () -> client.uidSearch("ALL"));
            assertEquals(2, uids.size());
            String second = String.valueOf(uids.get(1));
            Map<Long, Map<String, Object>> stored = ok(rt, () -> client.uidStore(second, "+FLAGS", List.of("\\Flagged")));
            assertTrue(stored.get(2L).get("FLAGS").toString().contains("\\Flagged"), stored.toString());
            ok(rt, () -> client.uidCopy(second, "Projects"));
            assertEquals(List.of(1L), ok(rt, () -> client.move("1", "Projects")));
            ok(rt, () -> client.uidStore(second, "+FLAGS.SILENT", List.of("\\Deleted")));
            assertEquals(List.of(1L), ok(rt, () -> client.uidExpunge(second)));
            assertEquals(3L, ok(rt, () -> client.status("Projects", List.of("MESSAGES"))).get("MESSAGES"));
            ImapMailboxInfo projects = ok(rt, () -> client.examine("Projects"));
            assertEquals(3, projects.exists());
            Map<Long, Map<String, Object>> dated = ok(rt, () -> client.fetch("1", "INTERNALDATE"));
            String internal = new String((byte[]) dated.get(1L).get("INTERNALDATE"), StandardCharsets.US_ASCII);
            assertEquals(date.toInstant(), java.time.ZonedDateTime.parse(internal.strip(),
                    java.time.format.DateTimeFormatter.ofPattern("d-MMM-yyyy HH:mm:ss Z", java.util.Locale.ROOT)).toInstant(), internal);
            ok(rt, client::logout);
        }
    }
}
