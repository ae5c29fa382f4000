package io.twisted.mail.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twisted.mail.mime.AddressParser.Address;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressParserTest {

    @Test
    void namesAddrSpecsAndEncodedWordsLeftEncoded() {
        assertEquals(List.of(
                new Address("Joe Q. Public", null, "john.q.public", "example.com"),
                new Address(null, null, "jdoe", "example.org"),
                new Address("=?ISO-8859-1?Q?Andr=E9?= Pirard", null, "PIRARD", "vm1.ulg.ac.be")),
                AddressParser.parse("\"Joe Q. Public\" <john.q.public@example.com>, jdoe@example.org (comment),\r\n"
                        + " =?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>"));
    }

    @Test
    void groupsGiveStartAndEndMarkers() {
        assertEquals(List.of(
                new Address(null, null, "A Group", null),
                new Address("Ed Jones", null, "c", "a.test"),
                new Address(null, null, "joe", "where.test"),
                new Address(null, null, null, null),
                new Address(null, null, "undisclosed-recipients", null),
                new Address(null, null, null, null),
                new Address(null, null, "x", "y.test")),
                AddressParser.parse("A Group:Ed Jones <c@a.test>,joe@where.test;, undisclosed-recipients:;, x@y.test"));
    }

    @Test
    void routesQuotedLocalPartsAndMissingDomains() {
        assertEquals(List.of(new Address("N", "@r1.test,@r2.test", "u", "h.test")), AddressParser.parse("N <@r1.test,@r2.test:u@h.test>"));
        assertEquals(List.of(new Address(null, null, "a b", "c.test")), AddressParser.parse("\"a b\"@c.test"));
        assertEquals(List.of(new Address(null, null, "nobody", AddressParser.MISSING_DOMAIN)), AddressParser.parse("nobody"));
        assertEquals(List.of(new Address(null, null, "u", "[1.2.3.4]")), AddressParser.parse("<u@[1.2.3.4]>"));
        assertEquals(List.of(new Address(null, null, "g", null), new Address(null, null, null, null)), AddressParser.parse("g: <unterminated"
                .substring(0, 2)));
        assertEquals(List.of(), AddressParser.parse("  ,, "));
        assertEquals(List.of(new Address(null, null, "a", "b.test")), AddressParser.parse(") a@b.test)"));
    }
}
