package io.twisted.internet.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The description grammar, checked against what Twisted's {@code endpoints._parse} returns. */
class EndpointDescriptionTest {

    private static void assertParsed(String description, String type, List<String> args, Map<String, String> kwargs) {
        EndpointDescription d = EndpointDescription.parse(description);
        assertEquals(type, d.type(), "type of " + description);
        assertEquals(args, d.args(), "args of " + description);
        assertEquals(kwargs, d.kwargs(), "kwargs of " + description);
    }

    @Test
    void splitsPositionalArguments() {
        assertParsed("tcp:8080", "tcp", List.of("8080"), Map.of());
        assertParsed("tcp:8080:127.0.0.1:50", "tcp", List.of("8080", "127.0.0.1", "50"), Map.of());
    }

    @Test
    void splitsKeywordArguments() {
        assertParsed("tcp:port=8080:interface=127.0.0.1:backlog=50", "tcp", List.of(),
                Map.of("port", "8080", "interface", "127.0.0.1", "backlog", "50"));
        assertParsed("tcp:8080:interface=127.0.0.1", "tcp", List.of("8080"), Map.of("interface", "127.0.0.1"));
    }

    @Test
    void unescapesColonsInIpv6Addresses() {
        assertParsed("tcp6:8080:interface=\\:\\:1", "tcp6", List.of("8080"), Map.of("interface", "::1"));
        assertParsed("tcp6:port=80:interface=2001\\:0DB8\\:f00e\\:eb00\\:\\:1", "tcp6", List.of(),
                Map.of("port", "80", "interface", "2001:0DB8:f00e:eb00::1"));
    }

    @Test
    void backslashMakesAnyCharacterLiteral() {
        assertParsed("unix:/tmp/a\\=b", "unix", List.of("/tmp/a=b"), Map.of());
        assertParsed("unix:C\\\\dir", "unix", List.of("C\\dir"), Map.of());
        assertParsed("x:a\\b", "x", List.of("ab"), Map.of());
        assertParsed("x:key\\=1=v", "x", List.of(), Map.of("key=1", "v"));
    }

    @Test
    void onlyTheFirstEqualsSplitsAField() {
        assertParsed("ssl:443:extraCertChain=a=b", "ssl", List.of("443"), Map.of("extraCertChain", "a=b"));
    }

    @Test
    void keepsEmptyFields() {
        assertParsed("tcp:", "tcp", List.of(""), Map.of());
        assertParsed("tcp:80:interface=", "tcp", List.of("80"), Map.of("interface", ""));
        assertParsed("tcp::80", "tcp", List.of("", "80"), Map.of());
    }

    @Test
    void lastRepeatedKeywordWins() {
        assertParsed("tcp:port=1:port=2", "tcp", List.of(), Map.of("port", "2"));
    }

    @Test
    void typeMayComeAfterKeywords() {
        // Twisted takes the first positional field as the type, wherever it is.
        assertParsed("port=80:tcp", "tcp", List.of(), Map.of("port", "80"));
    }

    @Test
    void rejectsEmptyDescription() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EndpointDescription.parse(""));
        assertTrue(e.getMessage().contains("empty endpoint description"), e.getMessage());
    }

    @Test
    void rejectsTrailingBackslash() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EndpointDescription.parse("tcp:80\\"));
        assertTrue(e.getMessage().contains("lone backslash"), e.getMessage());
    }

    @Test
    void rejectsDescriptionWithoutType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EndpointDescription.parse("port=80"));
        assertTrue(e.getMessage().contains("has no type"), e.getMessage());
    }
}
