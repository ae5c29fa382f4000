package io.twisted.mail.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MimeParserTest {

    static final String NESTED = String.join("\r\n",
            "From: \"Joe Q. Public\" <john.q.public@example.com>",
            "Subject: nested",
            "Content-Type: multipart/mixed; boundary=\"outer\"",
            "",
            "preamble",
            "--outer",
            "Content-Type: multipart/alternative; boundary=inner",
            "",
            "--inner",
            "Content-Type: text/plain; charset=utf-8",
            "",
            "plain body",
            "--inner",
            "Content-Type: text/html",
            "",
            "<p>html</p>",
            "--inner--",
            "--outer",
            "Content-Type: message/rfc822",
            "Content-Disposition: attachment; filename=\"fwd.eml\"",
            "",
            "Subject: inner",
            "From: a@b.test",
            "",
            "inner body",
            "--outer--",
            "epilogue",
            "");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String slice(String msg, long from, long to) {
        return msg.substring((int) from, (int) to);
    }

    @Test
    void parsesNestedMultipartsAndEncapsulatedMessages() {
        MimePart root = MimeParser.parse(bytes(NESTED));
        assertTrue(root.is("multipart", "mixed"));
        assertEquals(Map.of("boundary", "outer"), root.parameters());
        assertEquals(2, root.children().size());
        MimePart alt = root.children().get(0);
        assertTrue(alt.is("multipart", "alternative"));
        MimePart plain = alt.children().get(0);
        assertEquals("plain body", slice(NESTED, plain.bodyStart(), plain.end()));
        assertEquals("Content-Type: text/plain; charset=utf-8\r\n\r\n", slice(NESTED, plain.headerStart(), plain.bodyStart()));
        assertEquals(Map.of("charset", "utf-8"), plain.parameters());
        assertEquals(1, plain.lines());
        assertEquals("<p>html</p>", slice(NESTED, alt.children().get(1).bodyStart(), alt.children().get(1).end()));
        MimePart rfc822 = root.children().get(1);
        assertTrue(rfc822.is("message", "rfc822"));
        assertEquals("Subject: inner\r\nFrom: a@b.test\r\n\r\ninner body", slice(NESTED, rfc822.bodyStart(), rfc822.end()));
        assertEquals(4, rfc822.lines());
        MimePart inner = rfc822.message();
        assertEquals("inner", inner.header("subject"));
        assertEquals("inner body", slice(NESTED, inner.bodyStart(), inner.end()));
        assertTrue(inner.is("text", "plain"));
        assertEquals(Map.of("CHARSET", "US-ASCII"), inner.parameters());
    }

    @Test
    void missingCloseDelimiterEndsTheLastPartAtTheEnd() {
        String msg = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nfirst\r\n--b\r\nContent-Type: text/x\r\n\r\nlast\r\n";
        MimePart root = MimeParser.parse(bytes(msg));
        assertEquals(2, root.children().size());
        assertEquals("first", slice(msg, root.children().get(0).bodyStart(), root.children().get(0).end()));
        assertEquals("last\r\n", slice(msg, root.children().get(1).bodyStart(), root.children().get(1).end()));
    }

    @Test
    void multipartWithoutBoundaryOrDelimiterIsALeaf() {
        MimePart noParam = MimeParser.parse(bytes("Content-Type: multipart/mixed\r\n\r\nbody\r\n"));
        assertTrue(noParam.is("text", "plain"));
        assertTrue(noParam.children().isEmpty());
        String msg = "Content-Type: multipart/mixed; boundary=zz\r\n\r\nno delimiter here\r\n";
        MimePart noDelim = MimeParser.parse(bytes(msg));
        assertEquals(1, noDelim.children().size());
        assertEquals("no delimiter here\r\n", slice(msg, noDelim.children().get(0).bodyStart(), noDelim.children().get(0).end()));
    }

    @Test
    void badHeadersAreSkippedAndFoldedOnesUnfolded() {
        String msg = "Subject: a\r\n  folded\r\nnot a header line\r\nX Bad: no\r\n: empty name\r\nTo: x@y\r\n\r\nbody";
        MimePart p = MimeParser.parse(bytes(msg));
        assertEquals(List.of(new MimeField("Subject", "a  folded"), new MimeField("To", "x@y")), p.fields());
        assertEquals("body", slice(msg, p.bodyStart(), p.end()));
        assertTrue(p.is("TEXT", "PLAIN"));
    }

    @Test
    void bareLfLineEndsAndHeaderWithoutBodyParse() {
        String msg = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nx\n--b--\n";
        MimePart p = MimeParser.parse(bytes(msg));
        assertEquals("x", slice(msg, p.children().get(0).bodyStart(), p.children().get(0).end()));
        MimePart headerOnly = MimeParser.parse(bytes("Subject: s\r\nFrom: f@g"));
        assertEquals("f@g", headerOnly.header("From"));
        assertEquals(0, headerOnly.bodySize());
    }

    @Test
    void limitsCapHugeHeadersFieldsAndNesting() {
        String huge = "Subject: " + "x".repeat(200_000) + "\r\n\r\nbody";
        MimePart p = MimeParser.parse(bytes(huge));
        assertEquals(MimeParser.Limits.DEFAULT.maxFieldLength(), p.header("Subject").length());
        assertEquals("body", slice(huge, p.bodyStart(), p.end()));

        MimeParser.Limits small = new MimeParser.Limits(64, 10, 2, 1, 100);
        String msg = "A: 1\r\nB: 2\r\nC: 3\r\n\r\nbody";
        MimePart few = MimeParser.parse(bytes(msg), small);
        assertEquals(2, few.fields().size());
        String longHeader = "Subject: " + "y".repeat(100) + "\r\n\r\nbody";
        MimePart cut = MimeParser.parse(bytes(longHeader), small);
        assertEquals(64, cut.bodyStart());

        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            deep.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i).append("\r\n");
        }
        deep.append("\r\nleaf\r\n");
        MimePart d = MimeParser.parse(bytes(deep.toString()));
        int depth = 0;
        for (MimePart q = d; q.isMultipart(); q = q.children().get(0)) {
            depth++;
        }
        assertEquals(MimeParser.Limits.DEFAULT.maxDepth(), depth);
    }

    @Test
    void contentTypeParametersWithQuotesAndComments() {
        MimeParser.Parameterized p = MimeParser.Parameterized.parse("text/plain (comment); charset=\"utf-8\" ; name=\"a;b \\\"c\\\"\"; junk");
        assertEquals("text/plain", p.value());
        assertEquals("utf-8", p.param("CHARSET"));
        assertEquals("a;b \"c\"", p.param("name"));
        assertNull(p.param("junk"));
        MimePart bad = MimeParser.parse(bytes("Content-Type: garbage\r\n\r\nx"));
        assertTrue(bad.is("text", "plain"));
    }
}
