package io.twisted.mail.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 2231 parameter continuations, charsets and languages. */
class MimeParametersTest {

    private static MimeParser.Parameterized p(String value) {
        return MimeParser.Parameterized.parse(value);
    }

    @Test
    void mergesEncodedAndPlainSectionsInOrder() {
        MimeParser.Parameterized d = p("attachment; filename*0*=utf-8''%E2%82%AC; filename*1=rate.pdf");
        assertEquals("€rate.pdf", d.param("filename"));
        assertEquals("€rate.pdf", d.param("FILENAME"));
        assertEquals(Map.of("filename", "€rate.pdf"), d.decodedParams());
        // As written: what BODYSTRUCTURE passes on.
        assertEquals(List.of("filename*0*", "filename*1"), List.copyOf(d.params().keySet()));
        assertEquals("utf-8''%E2%82%AC", d.rawParam("filename*0*"));
        assertNull(d.rawParam("filename"));
    }

    @Test
    void decodesCharsetAndLanguageOfASingleValue() {
        assertEquals("Gr\u00fc\u00dfe.pdf", p("application/pdf; name*=iso-8859-1'de'Gr%FC%DFe.pdf").param("name"));
        assertEquals("\u00fc", p("x/y; name*=UTF-8''%c3%bc").param("name"));
        // No charset: UTF-8 if valid, else ISO-8859-1.
        assertEquals("\u00fc", p("x/y; name*=''%c3%bc").param("name"));
        assertEquals("\u00fc", p("x/y; name*=''%fc").param("name"));
        // Unknown charset: the octets, one char each.
        assertEquals("a\u00fc", p("x/y; name*=x-klingon''a%fc").param("name"));
    }

    @Test
    void joinsSectionsWrittenOutOfOrderAndQuoted() {
        assertEquals("hello world", p("x/y; title*1=\" world\"; title*0=hello").param("title"));
        assertEquals("my file.txt", p("x/y; name*0=\"my file\"; name*1=\".txt\"").param("name"));
        assertEquals("\u20ac \u20ac", p("x/y; n*0*=utf-8'en'%E2%82%AC; n*1*=%20%E2%82; n*2*=%AC").param("n"));
    }

    @Test
    void stopsAtAGapAndIgnoresMalformedSectionNumbers() {
        assertEquals("a", p("x/y; t*0=a; t*2=c").param("t"));
        assertEquals("ab", p("x/y; t*0=a; t*01=x; t*1=b; t*1=y; t*z=q; t*-1=r").param("t"));
        // No section 0: the plain value, if any.
        assertEquals("plain", p("x/y; t=plain; t*1=b").param("t"));
        assertNull(p("x/y; t*1=b").param("t"));
        assertNull(p("x/y; *=b; *0=c").param(""));
    }

    @Test
    void extendedFormWinsOverPlain() {
        assertEquals("\u00e9", p("x/y; name=fallback; name*=utf-8''%C3%A9").param("name"));
        assertEquals("\u00e9", p("x/y; name*=utf-8''%C3%A9; name=fallback").param("name"));
    }

    @Test
    void malformedValuesDoNotThrow() {
        assertEquals("nocharsetA", p("x/y; x*0*=nocharset%41").param("x"));
        assertEquals("\u00e2%8", p("x/y; x*=iso-8859-1''%E2%8").param("x"));
        assertEquals("%", p("x/y; x*=utf-8''%").param("x"));
        assertEquals("%zz", p("x/y; x*=utf-8''%zz").param("x"));
        assertEquals("", p("x/y; x*=").param("x"));
        assertEquals("a'b", p("x/y; x*=a'b").param("x"));
    }

    @Test
    void boundsTheNumberOfSections() {
        Map<String, String> raw = new LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) {
            raw.put("n*" + i, "a");
        }
        assertEquals("a".repeat(MimeParameters.MAX_SECTIONS), MimeParameters.get(raw, "n"));
        StringBuilder header = new StringBuilder("x/y");
        for (int i = 0; i < 500; i++) {
            header.append("; n*").append(i).append("=b");
        }
        String v = p(header.toString()).param("n");
        assertTrue(v.length() <= MimeParameters.MAX_SECTIONS && v.matches("b+"), v);
    }

    @Test
    void mimePartGivesDecodedParametersAndFilename() {
        String msg = String.join("\r\n",
                "Content-Type: multipart/mixed; boundary=b",
                "",
                "--b",
                "Content-Type: application/pdf; name*=iso-8859-1'de'Gr%FC%DFe.pdf",
                "Content-Disposition: attachment; filename*0*=utf-8''%E2%82%AC; filename*1=rate.pdf",
                "",
                "x",
                "--b",
                "Content-Type: text/plain; charset=\"utf-8\"; name=\"=?utf-8?B?4oKsLnR4dA==?=\"",
                "",
                "y",
                "--b",
                "Content-Type: text/plain",
                "",
                "z",
                "--b--",
                "");
        MimePart root = MimeParser.parse(msg.getBytes(StandardCharsets.US_ASCII));
        MimePart pdf = root.children().get(0);
        assertEquals("Gr\u00fc\u00dfe.pdf", pdf.parameter("name"));
        assertEquals(Map.of("name*", "iso-8859-1'de'Gr%FC%DFe.pdf"), pdf.parameters());
        assertEquals("€rate.pdf", pdf.dispositionParameter("filename"));
        assertEquals("€rate.pdf", pdf.filename());
        MimePart txt = root.children().get(1);
        assertEquals("utf-8", txt.parameter("CHARSET"));
        assertEquals("€.txt", txt.filename());
        assertNull(root.children().get(2).filename());
        assertNull(root.children().get(2).dispositionParameter("filename"));
    }

    @Test
    void aBoundaryWrittenInSectionsSplitsTheMultipart() {
        String msg = "Content-Type: multipart/mixed; boundary*0=\"ab\"; boundary*1=cd\r\n\r\n"
                + "--abcd\r\n\r\none\r\n--abcd\r\n\r\ntwo\r\n--abcd--\r\n";
        MimePart root = MimeParser.parse(msg.getBytes(StandardCharsets.US_ASCII));
        assertEquals(2, root.children().size());
        assertEquals("abcd", root.parameter("boundary"));
        assertEquals(Map.of("boundary*0", "ab", "boundary*1", "cd"), root.parameters());
    }

    @Test
    void randomParameterListsNeverThrow() {
        java.util.Random rnd = new java.util.Random(2231);
        String[] pieces = {";", " ", "name", "*", "0", "1", "2", "01", "=", "\"", "'", "''", "utf-8", "x-bad", "%", "%E2",
                "%8", "%zz", "(", ")", "\\", "a", "\u00fc"};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder("x/y");
            int n = rnd.nextInt(24);
            for (int j = 0; j < n; j++) {
                sb.append(pieces[rnd.nextInt(pieces.length)]);
            }
            MimeParser.Parameterized parsed = p(sb.toString());
            parsed.decodedParams();
            parsed.param("name");
            MimeParser.parse(("Content-Type: multipart/mixed" + sb.substring(3) + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
    }
}
