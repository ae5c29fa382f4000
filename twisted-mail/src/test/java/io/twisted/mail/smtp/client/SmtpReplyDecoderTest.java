package io.twisted.mail.smtp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.mail.smtp.SmtpReply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmtpReplyDecoderTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void decodesMultiLineEhloReply() {
        SmtpReplyDecoder d = new SmtpReplyDecoder();
        assertNull(d.lineReceived(b("250-mx.example.com greets you")));
        assertTrue(d.isPartial());
        assertNull(d.lineReceived(b("250-PIPELINING")));
        SmtpReply r = d.lineReceived(b("250 SIZE 1000"));
        assertEquals(new SmtpReply(250, null, List.of("mx.example.com greets you", "PIPELINING", "SIZE 1000")), r);
        assertFalse(d.isPartial());
    }

    @Test
    void splitsOffAnEnhancedCodeOfTheSameClass() {
        SmtpReplyDecoder d = new SmtpReplyDecoder();
        assertEquals(SmtpReply.of(550, "5.1.1", "no such user"), d.lineReceived(b("550 5.1.1 no such user")));
        // class 2 text on a 5xx reply is text, not an enhanced code (RFC 3463 section 2)
        assertEquals(SmtpReply.of(550, null, "2.1.1 odd"), d.lineReceived(b("550 2.1.1 odd")));
        assertEquals(SmtpReply.of(250, null, ""), d.lineReceived(b("250")));
    }

    @Test
    void refusesMalformedLines() {
        assertThrows(SmtpProtocolException.class, () -> new SmtpReplyDecoder().lineReceived(b("hello")));
        assertThrows(SmtpProtocolException.class, () -> new SmtpReplyDecoder().lineReceived(b("25")));
        assertThrows(SmtpProtocolException.class, () -> new SmtpReplyDecoder().lineReceived(b("250+x")));
        assertThrows(SmtpProtocolException.class, () -> new SmtpReplyDecoder().lineReceived(b("199 x")));
        SmtpReplyDecoder d = new SmtpReplyDecoder();
        d.lineReceived(b("250-a"));
        assertThrows(SmtpProtocolException.class, () -> d.lineReceived(b("251 b")));
    }

    @Test
    void limitsTheLinesOfOneReply() {
        SmtpReplyDecoder d = new SmtpReplyDecoder(3);
        d.lineReceived(b("250-a"));
        d.lineReceived(b("250-b"));
        d.lineReceived(b("250-c"));
        assertThrows(SmtpProtocolException.class, () -> d.lineReceived(b("250 d")));
    }
}
