package io.twisted.mail.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaildirUidListTest {

    @TempDir
    Path dir;

    @Test
    void uidsAndValidityPersistAcrossLoads() throws Exception {
        Maildir box = Maildir.open(dir, new MaildirNames(Clock.systemUTC(), "h"));
        MaildirUidList a = MaildirUidList.load(box, 777);
        assertEquals(777, a.uidValidity());
        a.update(List.of("m1", "m2"));
        assertEquals(1, a.uid("m1"));
        assertEquals(2, a.uid("m2"));
        assertEquals(3, a.uidNext());
        MaildirUidList b = MaildirUidList.load(box, 999);
        assertEquals(777, b.uidValidity());
        assertEquals(2, b.uid("m2"));
        b.update(List.of("m2", "m3"));
        assertEquals(0, b.uid("m1"));
        assertEquals(3, b.uid("m3"));
        assertEquals(3, MaildirUidList.load(box, 1).uid("m3"));
    }

    @Test
    void aCorruptFileStartsANewValidity() throws Exception {
        Maildir box = Maildir.open(dir, new MaildirNames(Clock.systemUTC(), "h"));
        Files.writeString(dir.resolve(MaildirUidList.FILE_NAME), "garbage\n1 x\n");
        MaildirUidList l = MaildirUidList.load(box, 42);
        assertEquals(42, l.uidValidity());
        assertEquals(1, l.uidNext());
    }
}
