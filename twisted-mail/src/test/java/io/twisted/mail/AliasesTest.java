package io.twisted.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.mail.Aliases.Address;
import io.twisted.mail.Aliases.File;
import io.twisted.mail.Aliases.Program;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The aliases(5) reader and alias expansion. */
class AliasesTest {

    @TempDir
    Path dir;

    private Aliases aliases(String text) throws Exception {
        Path f = dir.resolve("aliases");
        Files.writeString(f, text);
        return Aliases.load(f);
    }

    @Test
    void readsEveryKindOfTargetWithContinuationsQuotesAndComments() throws Exception {
        Files.writeString(dir.resolve("staff.list"), "# staff\ncarol\ndave@example.org\n");
        Aliases a = aliases("# aliases\n"
                + "Postmaster: alice\n"
                + "team: alice, bob@example.org,\n"
                + "      /var/mail/team.mbox\n"
                + "\n"
                + "tickets: \"|/usr/bin/ticket --queue a,b\"\n"
                + "staff: :include:staff.list\n");
        assertEquals(List.of("postmaster", "team", "tickets", "staff"), List.copyOf(a.names()));
        assertTrue(a.isAlias("POSTMASTER"));
        assertFalse(a.isAlias("alice"));
        assertEquals(List.of(new Address("alice@example.com"), new Address("bob@example.org"), new File(Path.of("/var/mail/team.mbox"))),
                a.expand("team", "example.com", d -> d.equals("example.com")));
        assertEquals(List.of(new Program("/usr/bin/ticket --queue a,b")), a.expand("Tickets", "example.com", d -> true));
        assertEquals(List.of(new Address("carol@example.com"), new Address("dave@example.org")),
                a.expand("staff", "example.com", d -> d.equals("example.com")));
    }

    @Test
    void expandsAliasesOfAliasesAndStopsAtLoops() throws Exception {
        Aliases a = aliases("all: sales, support, ops@example.com\n"
                + "sales: alice, bob\n"
                + "support: bob, all\n"
                + "ops: ops, /backup/ops.mbox\n"
                + "remote: x@example.org\n");
        assertEquals(List.of(new Address("alice@example.com"), new Address("bob@example.com"), new Address("all@example.com"),
                new Address("ops@example.com"), new File(Path.of("/backup/ops.mbox"))),
                a.expand("all", "example.com", d -> d.equals("example.com")));
        // A name that is an alias only in a local domain: x@example.org is kept as it is.
        assertEquals(List.of(new Address("x@example.org")), a.expand("remote", "example.com", d -> d.equals("example.com")));
    }

    @Test
    void badFilesAreErrorsNamingTheLine() throws Exception {
        for (String bad : List.of("no colon here\n", "a: b\na: c\n", "  leading continuation\n", "a: \"|unterminated\n",
                "a:\n", "a: |\n", "a b: c\n", "a: some one\n", "a: :include:missing.list\n")) {
            Exception e = assertThrows(Exception.class, () -> aliases(bad), bad);
            assertTrue(e.getMessage().contains("aliases") || e.getMessage().contains("missing"), e.getMessage());
        }
    }

    @Test
    void expansionIsBounded() throws Exception {
        StringBuilder chain = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            chain.append("a").append(i).append(": a").append(i + 1).append('\n');
        }
        Aliases deep = aliases(chain.toString());
        assertThrows(IllegalArgumentException.class, () -> deep.expand("a0", "example.com", d -> true));
        StringBuilder wide = new StringBuilder("big: ");
        for (int i = 0; i < 1200; i++) {
            wide.append(i == 0 ? "" : ", ").append("user").append(i);
        }
        assertThrows(IllegalArgumentException.class, () -> aliases(wide + "\n"));
        assertEquals(Set.of(), Aliases.none().names());
    }
}
