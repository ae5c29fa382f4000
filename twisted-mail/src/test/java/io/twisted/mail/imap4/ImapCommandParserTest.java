package io.twisted.mail.imap4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.mail.imap4.ImapCommandParser.Atom;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImapCommandParserTest {

    private static List<Object> parse(String s) {
        return ImapCommandParser.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void atomsQuotedStringsLiteralsAndLists() {
        List<Object> v = parse("1:* (FLAGS BODY.PEEK[HEADER.FIELDS (FROM TO)]<0.10>) \"a \\\"q\\\" b\" {4}\r\nx\r\ny NIL");
        assertEquals(new Atom("1:*"), v.get(0));
        assertEquals(List.of(new Atom("FLAGS"), new Atom("BODY.PEEK[HEADER.FIELDS (FROM TO)]<0.10>")), v.get(1));
        assertArrayEquals("a \"q\" b".getBytes(StandardCharsets.US_ASCII), (byte[]) v.get(2));
        assertArrayEquals("x\r\ny".getBytes(StandardCharsets.US_ASCII), (byte[]) v.get(3));
        assertEquals(new Atom("NIL"), v.get(4));
        assertEquals(List.of(), parse(""));
    }

    @Test
    void syntaxErrors() {
        for (String bad : List.of("(a", "\"open", "{5}\r\nab", "a)", "{x}\r\n")) {
            assertThrows(IllegalArgumentException.class, () -> parse(bad), bad);
        }
    }

    @Test
    void sequenceSets() {
        SequenceSet s = SequenceSet.parse("1,3:4,9:*");
        assertTrue(s.contains(1, 12));
        assertFalse(s.contains(2, 12));
        assertTrue(s.contains(4, 12));
        assertTrue(s.contains(12, 12));
        assertTrue(SequenceSet.parse("5:2").contains(3, 10));
        assertTrue(SequenceSet.parse("*").contains(7, 7));
        for (String bad : List.of("0", "a", "1:", ",", "1::2")) {
            assertThrows(IllegalArgumentException.class, () -> SequenceSet.parse(bad), bad);
        }
    }
}
