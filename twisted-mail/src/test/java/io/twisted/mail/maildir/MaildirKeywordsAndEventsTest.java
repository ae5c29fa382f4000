package io.twisted.mail.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keyword letters ({@link MaildirKeywords}), claiming from new/, and change events ({@link MaildirEvents}). */
class MaildirKeywordsAndEventsTest {

    @TempDir
    Path dir;

    private final MaildirNames names = new MaildirNames(Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC), "h");

    @Test
    void keywordsGetLettersInOrderAndPersist() throws Exception {
        Maildir box = Maildir.open(dir.resolve("a"), names);
        MaildirKeywords k = MaildirKeywords.load(box);
        assertEquals(0, k.letterFor("Junk", false));
        assertEquals('a', k.letterFor("Junk", true));
        assertEquals('b', k.letterFor("$Forwarded", true));
        assertEquals('a', k.letterFor("JUNK", true));
        MaildirKeywords again = MaildirKeywords.load(box);
        assertEquals(List.of("Junk", "$Forwarded"), again.keywords());
        assertEquals("$Forwarded", again.keyword('b'));
        assertNull(again.keyword('c'));
        assertEquals(24, again.free());
    }

    @Test
    void atMost26KeywordsAndOnlyPrintableOnes() throws Exception {
        Maildir box = Maildir.open(dir.resolve("a"), names);
        MaildirKeywords k = MaildirKeywords.load(box);
        for (int i = 0; i < 26; i++) {
            assertEquals((char) ('a' + i), k.letterFor("k" + i, true));
        }
        assertEquals(0, k.letterFor("one-too-many", true));
        assertEquals(0, k.free());
        assertEquals(0, MaildirKeywords.load(box).letterFor("has space", true));
    }

    @Test
    void readsDovecotFilesAndSkipsJunkLines() throws Exception {
        Maildir box = Maildir.open(dir.resolve("a"), names);
        Files.write(box.root().resolve(MaildirKeywords.FILE_NAME),
                List.of("0 $Label1", "junk", "3 NonJunk", "99 Far", "x Y", "1 $Label1"), StandardCharsets.UTF_8);
        MaildirKeywords k = MaildirKeywords.load(box);
        assertEquals(List.of("$Label1", "NonJunk"), k.keywords());
        assertEquals('d', k.letterFor("nonjunk", false));
        assertEquals('b', k.letterFor("New", true));
    }

    @Test
    void keywordAndUnknownLettersSurviveFlagChanges() throws Exception {
        Maildir box = Maildir.open(dir.resolve("a"), names);
        MaildirMessage m = box.deliver("x".getBytes(StandardCharsets.US_ASCII));
        m = box.setFlags(m, EnumSet.of(MaildirFlag.SEEN), "ca");
        assertTrue(m.path().getFileName().toString().endsWith(":2,Sac"), m.toString());
        // Another agent's letter (Z) is kept too, and a plain flag change keeps the keywords.
        Path other = m.path().resolveSibling(m.uniqueName() + ":2,SZac");
        Files.move(m.path(), other);
        MaildirMessage parsed = box.messages().get(0);
        assertEquals("Zac", parsed.otherLetters());
        assertEquals("ac", parsed.keywordLetters());
        MaildirMessage flagged = box.setFlags(parsed, EnumSet.of(MaildirFlag.FLAGGED));
        assertTrue(flagged.path().getFileName().toString().endsWith(":2,FZac"), flagged.toString());
        MaildirMessage fewer = box.setFlags(flagged, EnumSet.noneOf(MaildirFlag.class), "c");
        assertTrue(fewer.path().getFileName().toString().endsWith(":2,Zc"), fewer.toString());
        assertThrows(IllegalArgumentException.class, () -> box.setFlags(fewer, EnumSet.noneOf(MaildirFlag.class), "A"));
    }

    @Test
    void claimMovesANewMessageToCurExactlyOnce() throws Exception {
        Maildir box = Maildir.open(dir.resolve("a"), names);
        MaildirMessage m = box.deliver("x".getBytes(StandardCharsets.US_ASCII));
        assertTrue(m.isNew());
        MaildirMessage claimed = box.claim(m);
        assertNotNull(claimed);
        assertEquals(box.root().resolve("cur").resolve(m.uniqueName() + ":2,"), claimed.path());
        assertNull(box.claim(m), "the second claim finds it gone from new/");
        assertNull(box.claim(claimed), "a message in cur/ is not new");
    }

    @Test
    void changesAreToldToListenersOfTheSameDirectory() throws Exception {
        MaildirStore store = new MaildirStore(dir, names);
        Maildir reader = store.mailbox("alice");
        Maildir writer = store.mailbox("Alice");
        AtomicInteger inbox = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        MaildirEvents.Subscription sub = reader.watch(inbox::incrementAndGet);
        reader.folder("Sent").watch(sent::incrementAndGet);
        MaildirMessage m = writer.deliver("x".getBytes(StandardCharsets.US_ASCII));
        assertEquals(1, inbox.get());
        m = writer.claim(m);
        m = writer.setFlags(m, EnumSet.of(MaildirFlag.SEEN));
        writer.setFlags(m, EnumSet.of(MaildirFlag.SEEN));
        assertEquals(3, inbox.get(), "an unchanged name is no change");
        writer.delete(m);
        writer.delete(m);
        assertEquals(4, inbox.get(), "deleting what is gone is no change");
        writer.folder("Sent").deliver("y".getBytes(StandardCharsets.US_ASCII));
        assertEquals(1, sent.get());
        assertEquals(4, inbox.get());
        // Another store (as another server process would have) shares no events.
        new MaildirStore(dir, names).mailbox("alice").deliver("w".getBytes(StandardCharsets.US_ASCII));
        assertEquals(4, inbox.get());
        sub.cancel();
        assertEquals(0, reader.events().listenerCount(reader.root()));
        writer.deliver("z".getBytes(StandardCharsets.US_ASCII));
        assertEquals(4, inbox.get());
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() throws Exception {
        Maildir box = Maildir.open(dir.resolve("a"), names);
        AtomicInteger calls = new AtomicInteger();
        box.watch(() -> {
            throw new IllegalStateException("boom");
        });
        box.watch(calls::incrementAndGet);
        box.deliver("x".getBytes(StandardCharsets.US_ASCII));
        assertEquals(1, calls.get());
    }
}
