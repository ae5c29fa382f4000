package io.twisted.mail.maildir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaildirTest {

    @TempDir
    Path dir;

    private final MaildirNames names = new MaildirNames(Clock.fixed(Instant.ofEpochSecond(1_700_000_000, 123_456_000), ZoneOffset.UTC), "mx/ex:ample");

    private static long count(Path d) throws Exception {
        try (var s = Files.list(d)) {
            return s.count();
        }
    }

    @Test
    void openCreatesTmpNewCur() throws Exception {
        Maildir box = Maildir.open(dir.resolve("alice"), names);
        for (String sub : List.of("tmp", "new", "cur")) {
            assertTrue(Files.isDirectory(box.root().resolve(sub)), sub);
        }
    }

    @Test
    void uniqueNamesFollowTheSpecAndEscapeTheHost() {
        String a = names.next();
        String b = names.next();
        assertNotEquals(a, b);
        assertTrue(a.startsWith("1700000000.M123456P"), a);
        assertTrue(a.endsWith(".mx\\057ex\\072ample"), a);
        assertFalse(a.contains("/") || a.contains(":"), a);
    }

    @Test
    void streamedDeliveryAppearsInNewOnlyAfterCommit() throws Exception {
        Maildir box = Maildir.open(dir, names);
        MaildirDelivery d = box.startDelivery();
        byte[] big = new byte[MaildirDelivery.BUFFER_SIZE * 3 + 17];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        for (int off = 0; off < big.length; off += 1000) {
            d.write(ByteBuffer.wrap(big, off, Math.min(1000, big.length - off)));
        }
        assertEquals(0, count(dir.resolve("new")));
        assertEquals(1, count(dir.resolve("tmp")));
        MaildirMessage m = d.commit();
        assertEquals(0, count(dir.resolve("tmp")));
        assertEquals(List.of(m), box.messages());
        assertTrue(m.isNew());
        assertArrayEquals(big, Files.readAllBytes(m.path()));
        assertEquals(big.length, d.size());
    }

    @Test
    void abortedDeliveryLeavesNothing() throws Exception {
        Maildir box = Maildir.open(dir, names);
        MaildirDelivery d = box.startDelivery();
        d.write("partial".getBytes(StandardCharsets.US_ASCII));
        d.abort();
        d.abort();
        assertEquals(0, count(dir.resolve("tmp")));
        assertEquals(0, count(dir.resolve("new")));
        assertThrows(IllegalStateException.class, () -> d.write(new byte[1]));
    }

    @Test
    void flagsGoIntoTheInfoSuffixInAsciiOrder() throws Exception {
        Maildir box = Maildir.open(dir, names);
        MaildirMessage m = box.deliver("x\r\n".getBytes(StandardCharsets.US_ASCII));
        MaildirMessage seen = box.setFlags(m, EnumSet.of(MaildirFlag.SEEN, MaildirFlag.DRAFT, MaildirFlag.REPLIED));
        assertEquals(m.uniqueName() + ":2,DRS", seen.path().getFileName().toString());
        assertEquals(dir.resolve("cur"), seen.path().getParent());
        MaildirMessage reread = box.messages().get(0);
        assertEquals(EnumSet.of(MaildirFlag.SEEN, MaildirFlag.DRAFT, MaildirFlag.REPLIED), reread.flags());
        assertFalse(reread.isNew());
        assertEquals(m.uniqueName(), reread.uniqueName());
        box.delete(reread);
        assertTrue(box.messages().isEmpty());
    }

    @Test
    void aDeliveryCanCarryAnEarlierTimeAndSortsByIt() throws Exception {
        Maildir box = Maildir.open(dir.resolve("alice"), names);
        MaildirMessage now = box.deliver("now".getBytes(StandardCharsets.US_ASCII));
        MaildirMessage old;
        try (MaildirDelivery d = box.startDelivery(Instant.ofEpochSecond(837_596_665))) {
            d.write("old".getBytes(StandardCharsets.US_ASCII));
            old = d.commit();
        }
        assertTrue(old.uniqueName().startsWith("837596665.M0P"), old.uniqueName());
        assertNotEquals(names.next(Instant.EPOCH), names.next(Instant.EPOCH));
        assertEquals(List.of(old.uniqueName(), now.uniqueName()), box.messages().stream().map(MaildirMessage::uniqueName).toList());
    }

    @Test
    void parsesUnknownFlagLettersAndNoSuffix() {
        MaildirMessage m = MaildirMessage.parse(Path.of("cur/123.abc.host:2,SaT"), false);
        assertEquals(EnumSet.of(MaildirFlag.SEEN, MaildirFlag.TRASHED), m.flags());
        assertEquals("123.abc.host", m.uniqueName());
        assertEquals(Set.of(), MaildirMessage.parse(Path.of("new/1.x.h"), true).flags());
    }

    @Test
    void messagesAreSortedByDeliveryTime() throws Exception {
        Maildir box = Maildir.open(dir, names);
        Files.write(dir.resolve("new/950000000.M10P1Q2.h"), new byte[0]);
        Files.write(dir.resolve("new/950000000.M9P1Q3.h"), new byte[0]);
        Files.write(dir.resolve("new/900000000.a.h"), new byte[0]);
        Files.write(dir.resolve("cur/1000000000.b.h:2,S"), new byte[0]);
        Files.write(dir.resolve("new/999999999.c.h"), new byte[0]);
        List<String> order = box.messages().stream().map(MaildirMessage::uniqueName).toList();
        assertEquals(List.of("900000000.a.h", "950000000.M9P1Q3.h", "950000000.M10P1Q2.h", "999999999.c.h", "1000000000.b.h"), order);
    }

    @Test
    void maildirPlusPlusFolders() throws Exception {
        Maildir box = Maildir.open(dir, names);
        Maildir sent = box.folder("Sent");
        box.folder("Lists.twisted");
        assertTrue(Files.exists(dir.resolve(".Sent/maildirfolder")));
        assertTrue(Files.isDirectory(dir.resolve(".Lists.twisted/new")));
        sent.deliver(new byte[] {'x'});
        assertEquals(1, sent.messages().size());
        assertTrue(box.messages().isEmpty());
        assertEquals(List.of("Lists.twisted", "Sent"), box.folders());
        for (String bad : List.of("", "../x", "a/b", ".hidden", "a..b", "tab\t")) {
            assertThrows(IllegalArgumentException.class, () -> box.folder(bad), bad);
        }
    }

    @Test
    void cleanTmpRemovesOldLeftovers() throws Exception {
        Maildir box = Maildir.open(dir, names);
        Path old = dir.resolve("tmp/old");
        Files.write(old, new byte[1]);
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(Instant.ofEpochSecond(1000)));
        Files.write(dir.resolve("tmp/fresh"), new byte[1]);
        assertEquals(1, box.cleanTmp(Instant.ofEpochSecond(2000)));
        assertTrue(Files.exists(dir.resolve("tmp/fresh")));
    }

    @Test
    void storeGivesEachUserAMaildirAndRefusesUnsafeNames() throws Exception {
        MaildirStore store = new MaildirStore(dir, names);
        Maildir a = store.mailbox("Alice");
        assertEquals(dir.resolve("alice"), a.root());
        for (String bad : List.of("", "..", ".x", "a/b", "a b", "a\\b")) {
            assertThrows(IllegalArgumentException.class, () -> store.mailbox(bad), bad);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.add(names.next()));
        }
    }
}
