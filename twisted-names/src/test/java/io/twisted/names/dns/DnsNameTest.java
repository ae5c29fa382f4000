package io.twisted.names.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DnsNameTest {

    @Test
    void parsesAbsoluteAndRelativeNames() {
        DnsName origin = DnsName.of("example.com.");
        assertEquals("www.example.com.", DnsName.parse("www", origin).toString());
        assertEquals("www.example.org.", DnsName.parse("www.example.org.", origin).toString());
        assertEquals(origin, DnsName.parse("@", origin));
        assertEquals(DnsName.ROOT, DnsName.of("."));
        assertEquals("example.com.", DnsName.of("example.com").toString());
    }

    @Test
    void comparesIgnoringAsciiCaseButKeepsCase() {
        DnsName a = DnsName.of("WWW.Example.COM.");
        DnsName b = DnsName.of("www.example.com.");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals("WWW.Example.COM.", a.toString());
        assertNotEquals(DnsName.of("www.example.org."), b);
    }

    @Test
    void escapesRoundTrip() {
        DnsName n = DnsName.of("a\\.b\\032c\\\\d.example.");
        assertEquals(2, n.labelCount());
        assertEquals(7, n.label(0).length);
        assertEquals("a\\.b\\ c\\\\d.example.", n.toString());
        assertEquals(n, DnsName.of(n.toString()));
        DnsName binary = DnsName.of("\\000\\255.x.");
        assertEquals("\\000\\255.x.", binary.toString());
    }

    @Test
    void enforcesLabelAndNameLimits() {
        String label63 = "a".repeat(63);
        assertEquals(63, DnsName.of(label63 + ".com.").label(0).length);
        assertThrows(DnsFormatException.class, () -> DnsName.of("a".repeat(64) + ".com."));
        String name = (label63 + ".").repeat(3) + "a".repeat(61) + ".";
        assertEquals(255, DnsName.of(name).wireLength());
        assertThrows(DnsFormatException.class, () -> DnsName.of((label63 + ".").repeat(3) + "a".repeat(62) + "."));
        assertThrows(DnsFormatException.class, () -> DnsName.of("a..b."));
        assertThrows(DnsFormatException.class, () -> DnsName.of("a\\"));
        assertThrows(DnsFormatException.class, () -> DnsName.of("a\\25"));
        assertThrows(DnsFormatException.class, () -> DnsName.of("a\\256"));
        assertThrows(DnsFormatException.class, () -> DnsName.parse("www", null));
    }

    @Test
    void subdomainsWildcardsAndRelativeText() {
        DnsName origin = DnsName.of("example.com.");
        DnsName www = DnsName.of("www.EXAMPLE.com.");
        assertTrue(www.isSubdomainOf(origin));
        assertTrue(origin.isSubdomainOf(origin));
        assertFalse(origin.isSubdomainOf(www));
        assertFalse(DnsName.of("badexample.com.").isSubdomainOf(origin));
        assertEquals("*.example.com.", www.wildcardOf(origin).toString());
        assertTrue(www.wildcardOf(origin).isWildcard());
        assertEquals("www", www.toRelativeString(origin));
        assertEquals("@", origin.toRelativeString(origin));
        assertEquals("www.example.org.", DnsName.of("www.example.org").toRelativeString(origin));
        assertEquals(origin, www.parent());
        assertEquals(DnsName.of("com."), www.suffix(1));
    }
}
