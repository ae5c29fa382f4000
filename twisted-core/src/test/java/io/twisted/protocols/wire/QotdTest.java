package io.twisted.protocols.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.testing.StringTransport;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class QotdTest {

    private static String serve(Qotd qotd) {
        StringTransport transport = new StringTransport();
        qotd.makeConnection(transport);
        assertTrue(transport.isDisconnecting());
        return transport.valueAsString();
    }

    @Test
    void sendsTwistedsQuoteAndCloses() {
        assertEquals("An apple a day keeps the doctor away.\r\n", serve(new Qotd()));
    }

    @Test
    void sendsAQuoteFromTheSupplierToEachConnection() {
        Iterator<String> quotes = List.of("one\r\n", "two\r\n").iterator();
        Qotd qotd = new Qotd(quotes::next);
        assertEquals("one\r\n", serve(qotd));
        assertEquals("two\r\n", serve(qotd));
    }

    @Test
    void cutsAQuoteToTheRfc865LimitOf512Characters() {
        assertEquals("q".repeat(512), serve(new Qotd(() -> "q".repeat(600))));
    }

    @Test
    void sendsNonAsciiAsQuestionMarks() {
        assertEquals("caf?\r\n", serve(new Qotd(() -> "caf\u00e9\r\n")));
    }
}
