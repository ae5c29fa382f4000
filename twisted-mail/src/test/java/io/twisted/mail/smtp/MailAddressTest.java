package io.twisted.mail.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MailAddressTest {

    @Test
    void parsesPathsWithParametersAfterThem() {
        MailAddress.Parsed p = MailAddress.parsePath("<Smith@bar.com> SIZE=10", false);
        assertEquals("Smith", p.address().localPart());
        assertEquals("bar.com", p.address().domain());
        assertEquals(" SIZE=10", "<Smith@bar.com> SIZE=10".substring(p.end()));
    }

    @Test
    void nullSenderSourceRoutesQuotedLocalPartsAndLiterals() {
        assertTrue(MailAddress.parsePath("<>", true).address().isNull());
        assertThrows(IllegalArgumentException.class, () -> MailAddress.parsePath("<>", false));
        assertEquals("user@d.test", MailAddress.parsePath("<@a.test,@b.test:user@d.test>", false).address().toString());
        assertEquals("\"a >b\"@x.test", MailAddress.parsePath("<\"a >b\"@x.test>", false).address().toString());
        assertEquals("[192.0.2.1]", MailAddress.parsePath("<u@[192.0.2.1]>", false).address().domain());
    }

    @Test
    void equalityIgnoresDomainCaseOnly() {
        assertEquals(MailAddress.parse("a@EXAMPLE.com"), MailAddress.parse("a@example.com"));
        assertTrue(!MailAddress.parse("A@example.com").equals(MailAddress.parse("a@example.com")));
    }

    @Test
    void refusesMalformedAndOverlongAddresses() {
        for (String bad : List.of("<a@b", "a@b>", "<@a:>", "<a@>", "<@b>", "<a..b@c>", "<.a@c>", "<a@-b.c>", "<a b@c>",
                "<a@b..c>", "<" + "l".repeat(65) + "@x.test>", "<a@" + "d".repeat(64) + ".test>",
                "<" + "l".repeat(60) + "@" + ("d".repeat(60) + ".").repeat(4) + "test>")) {
            assertThrows(IllegalArgumentException.class, () -> MailAddress.parsePath(bad, true), bad);
        }
    }
}
