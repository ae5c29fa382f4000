package io.twisted.web.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twisted.web.http.HttpParseException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormParserTest {

    private static String latin1(String utf8Text) {
        return new String(utf8Text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Test
    void decodesPercentEscapesAndRawBytesAsUtf8() {
        Map<String, List<String>> args = FormParser.newArgs();
        FormParser.parseUrlEncoded(latin1("a=%C3%A9t%C3%A9&b=été&c=100%&d=x+y&=e&f"), args);
        assertEquals(List.of("été"), args.get("a"));
        assertEquals(List.of("été"), args.get("b"));
        assertEquals(List.of("100%"), args.get("c"));
        assertEquals(List.of("x y"), args.get("d"));
        assertEquals(List.of("e"), args.get(""));
        assertEquals(List.of(""), args.get("f"));
    }

    @Test
    void pathDecodingKeepsPlus() {
        assertEquals("a+b c", FormParser.percentDecode("a+b%20c", false));
    }

    @Test
    void tooManyFieldsIs400() {
        String many = "a=1&".repeat(FormParser.MAX_FIELDS + 1);
        HttpParseException e = assertThrows(HttpParseException.class, () -> FormParser.parseUrlEncoded(many, FormParser.newArgs()));
        assertEquals(400, e.status());
    }

    @Test
    void multipartWithQuotedBoundaryAndPreamble() {
        String body = "preamble\r\n--b\"q\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--b\"q--\r\nepilogue";
        assertEquals("b\"q", FormParser.headerParameter("multipart/form-data; boundary=\"b\\\"q\"", "boundary"));
        List<FormPart> parts = FormParser.parseMultipart(body.getBytes(StandardCharsets.ISO_8859_1), "b\"q");
        assertEquals(1, parts.size());
        assertEquals("x", parts.get(0).name());
        assertEquals("1", new String(parts.get(0).content(), StandardCharsets.UTF_8));
    }

    @Test
    void malformedMultipartIs400() {
        for (String body : new String[] {"no boundary at all", "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nunterminated",
            "--b\r\nContent-Disposition: form-data\r\n\r\nv\r\n--b--", "--b\r\nBadHeader\r\n\r\nv\r\n--b--"}) {
            assertThrows(HttpParseException.class, () -> FormParser.parseMultipart(body.getBytes(StandardCharsets.ISO_8859_1), "b"), body);
        }
    }
}
