package io.twisted.cred.checkers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordFileTest {

    private static final String PASSLIB_PASSWORD =
            "$pbkdf2-sha256$6400$0ZrzXitFSGltTQnBWOsdAw$Y11AchqV4b0sUisdZd0Xr97KWoymNE0LNNrnEgY4H9M";

    @TempDir
    Path dir;

    @Test
    void absentFileReadsAsEmpty() throws IOException {
        PasswordFile pf = PasswordFile.load(dir.resolve("missing"));

        assertTrue(pf.entries().isEmpty());
        assertTrue(pf.warnings().isEmpty());
    }

    @Test
    void savedUsersReadBackAndNoPlainPasswordIsWritten() throws IOException {
        Path file = dir.resolve("passwords");
        PasswordFile pf = PasswordFile.load(file);
        pf.setPassword("alice", "wonderland".toCharArray(), 1000);
        pf.setPassword("bob", "builder".toCharArray(), 1000);
        pf.save();

        String text = Files.readString(file);
        assertFalse(text.contains("wonderland"));
        assertFalse(text.contains("builder"));
        assertTrue(text.matches("alice:\\$pbkdf2-sha256\\$1000\\$\\S+\nbob:\\$pbkdf2-sha256\\$1000\\$\\S+\n"), text);

        PasswordFile back = PasswordFile.load(file);
        assertEquals(List.of("alice", "bob"), List.copyOf(back.entries().keySet()));
        assertTrue(back.get("alice").orElseThrow().matches("wonderland".toCharArray(), Pbkdf2.hmacSha256()));
        assertFalse(back.get("alice").orElseThrow().matches("builder".toCharArray(), Pbkdf2.hmacSha256()));
    }

    @Test
    void savedFileIsReadableByItsOwnerOnly() throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return; // nothing to check on this file system
        }
        Path file = dir.resolve("passwords");
        PasswordFile pf = PasswordFile.load(file);
        pf.setHash("alice", PasswordHash.parse(PASSLIB_PASSWORD));
        pf.save();

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList(), "no temporary file left behind");
        }
    }

    @Test
    void editingKeepsCommentsAndSkippedLinesInPlace() throws IOException {
        Path file = dir.resolve("passwords");
        Files.writeString(file, "# users\nalice:" + PASSLIB_PASSWORD + "\n\nbroken line\nbob:" + PASSLIB_PASSWORD + "\n");
        PasswordFile pf = PasswordFile.load(file);

        PasswordHash replaced = PasswordHash.create("new".toCharArray(), 10, new SecureRandom(), Pbkdf2.hmacSha256());
        pf.setHash("alice", replaced);
        assertTrue(pf.remove("bob"));
        assertFalse(pf.remove("bob"));
        pf.setHash("carol", PasswordHash.parse(PASSLIB_PASSWORD));
        pf.save();

        assertEquals("# users\nalice:" + replaced.encoded() + "\n\nbroken line\ncarol:" + PASSLIB_PASSWORD + "\n",
                Files.readString(file));
    }

    @Test
    void malformedLinesAreSkippedWithWarningsThatNameTheLineNotItsContent() {
        List<String> text = List.of(
                "# comment",
                "   ",
                "alice:hunter2",                       // line 3: plain text
                "no colon here",                       // line 4
                ":" + PASSLIB_PASSWORD,                // line 5: empty user
                " bob:" + PASSLIB_PASSWORD,            // line 6: white space
                "carol:" + PASSLIB_PASSWORD + "  ",    // line 7: fine, trailing blanks ignored
                "carol:" + PASSLIB_PASSWORD,           // line 8: duplicate
                "dave:$pbkdf2-sha256$1000$$x");        // line 9: bad hash
        PasswordFile pf = PasswordFile.parse(Path.of("passwords"), text);

        assertEquals(List.of("carol"), List.copyOf(pf.entries().keySet()));
        List<String> w = pf.warnings();
        assertEquals(6, w.size(), w.toString());
        assertEquals(List.of("line 3", "line 4", "line 5", "line 6", "line 8", "line 9"),
                w.stream().map(s -> s.substring(0, s.indexOf(':'))).toList());
        for (String s : w) {
            assertFalse(s.contains("hunter2"), s);
        }
    }

    @Test
    void userNamesThatCannotBeWrittenAreRefused() {
        PasswordFile pf = PasswordFile.parse(Path.of("passwords"), List.of());
        PasswordHash h = PasswordHash.parse(PASSLIB_PASSWORD);

        for (String bad : List.of("", "a:b", "a\nb", "#root", " alice", "alice ")) {
            assertThrows(IllegalArgumentException.class, () -> pf.setHash(bad, h), bad);
        }
        pf.setHash("zoë ☃", h);
        assertTrue(pf.get("zoë ☃").isPresent());
    }

    @Test
    void oversizedFileIsRefused() throws IOException {
        Path file = dir.resolve("passwords");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[1]), PasswordFile.MAX_FILE_SIZE); // sparse: one byte over the limit
        }

        assertThrows(IOException.class, () -> PasswordFile.load(file));
    }

    @Test
    void nonUtf8FileIsRefused() throws IOException {
        Path file = dir.resolve("passwords");
        Files.write(file, new byte[] {'a', (byte) 0xff, ':', '\n'});

        assertThrows(IOException.class, () -> PasswordFile.load(file));
    }

    @Test
    void hashToolUsesTheDefaultIterationCount() {
        // One real-cost hash: the default is OWASP's 210,000 iterations.
        String hash = PasswordFile.hash("wonderland".toCharArray());

        assertTrue(hash.startsWith("$pbkdf2-sha256$210000$"), hash);
        assertFalse(hash.contains("wonderland"));
        assertTrue(PasswordHash.parse(hash).matches("wonderland".toCharArray(), Pbkdf2.hmacSha256()));
        assertTrue(PasswordHash.parse(PasswordFile.hash("x".toCharArray(), 5)).matches("x".toCharArray(), Pbkdf2.hmacSha256()));
        assertTrue(StandardCharsets.US_ASCII.newEncoder().canEncode(hash));
    }
}
