package io.twisted.twist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.cred.checkers.PasswordFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code twist passwd}: writes hashed entries that the password-file checker accepts. */
class PasswdToolTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int twist(String stdin, String... args) {
        Twist t = new Twist(Twist.discoverPlugins(getClass().getClassLoader()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), (maker, options) -> {
                    throw new AssertionError("no plugin runs");
                });
        return t.withInput(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))).execute(args, null);
    }

    @Test
    void createsTheFileWithAHashNeverThePassword() throws Exception {
        Path file = dir.resolve("users.txt");
        assertEquals(0, twist("s3cret pass\n", "passwd", "--iterations", "1000", file.toString(), "alice"), err.toString());
        String text = Files.readString(file);
        assertFalse(text.contains("s3cret"), text);
        assertTrue(text.startsWith("alice:$pbkdf2-sha256$1000$"), text);
        PasswordFile loaded = PasswordFile.load(file);
        assertTrue(loaded.get("alice").orElseThrow().matches("s3cret pass".toCharArray(), io.twisted.cred.checkers.Pbkdf2.hmacSha256()));
        assertFalse(loaded.get("alice").orElseThrow().matches("s3cret".toCharArray(), io.twisted.cred.checkers.Pbkdf2.hmacSha256()));
    }

    @Test
    void changesOneUserAndKeepsTheOtherLines() throws Exception {
        Path file = dir.resolve("users.txt");
        Files.writeString(file, "# mail users\n");
        assertEquals(0, twist("one\n", "passwd", "--iterations", "1000", file.toString(), "alice"));
        assertEquals(0, twist("two\n", "passwd", "--iterations", "1000", file.toString(), "bob"));
        assertEquals(0, twist("three\n", "passwd", "--iterations", "1000", file.toString(), "alice"));
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size(), lines.toString());
        assertEquals("# mail users", lines.get(0));
        PasswordFile loaded = PasswordFile.load(file);
        assertTrue(loaded.get("alice").orElseThrow().matches("three".toCharArray(), io.twisted.cred.checkers.Pbkdf2.hmacSha256()));
        assertTrue(loaded.get("bob").orElseThrow().matches("two".toCharArray(), io.twisted.cred.checkers.Pbkdf2.hmacSha256()));
        assertEquals(0, twist("", "passwd", "--delete", file.toString(), "alice"));
        assertEquals(List.of("bob"), List.copyOf(PasswordFile.load(file).entries().keySet()));
    }

    @Test
    void refusesWhatItCannotWrite() throws Exception {
        Path file = dir.resolve("users.txt");
        assertEquals(Twist.EXIT_USAGE, twist("x\n", "passwd", file.toString()));
        assertTrue(err.toString().contains("expected FILE and USER"), err.toString());
        assertEquals(1, twist("", "passwd", file.toString(), "alice"));
        assertTrue(err.toString().contains("no password"), err.toString());
        assertEquals(Twist.EXIT_USAGE, twist("x\n", "passwd", "--iterations", "1000", file.toString(), "a:b"));
        assertEquals(1, twist("", "passwd", "--delete", file.toString(), "nobody"));
        assertFalse(Files.exists(file), "nothing was written");
    }

    @Test
    void helpListsTheTool() {
        assertEquals(0, twist("", "--help"));
        assertTrue(out.toString().contains("passwd"), out.toString());
    }
}
