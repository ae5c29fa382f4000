package io.twisted.web.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.testing.Chunkings;
import io.twisted.web.http.HttpLimits;
import io.twisted.web.resource.Resource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed, ambiguous and oversized requests (RFC 9112 sections 2.2, 3, 5, 6, 7 and 11.2): each
 * gets its status, {@code Connection: close}, and a closed connection, never a hang and never the
 * resource. Each is fed whole and one byte at a time.
 */
class SmugglingTest {

    /** A resource that would answer 200 to anything: it must never be reached. */
    static final class Anything extends Resource {
        int rendered;

        @Override
        public boolean isLeaf() {
            return true;
        }

        @Override
        public Object render(io.twisted.web.server.Request request) {
            rendered++;
            return "reached";
        }
    }

    static final HttpLimits SMALL = HttpLimits.DEFAULTS.withMaxStartLine(1024).withMaxHeaderSection(2048).withMaxBody(1000);

    static Stream<Arguments> cases() {
        String h = "Host: example.com\r\n";
        List<Object[]> c = new ArrayList<>();
        // framing conflicts (request smuggling, RFC 9112 section 6.3 and 11.2)
        c.add(new Object[] {400, "CL and TE together", "POST / HTTP/1.1\r\n" + h + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"});
        c.add(new Object[] {400, "TE and CL together", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n"});
        c.add(new Object[] {400, "conflicting CL fields", "POST / HTTP/1.1\r\n" + h + "Content-Length: 4\r\nContent-Length: 5\r\n\r\nabcde"});
        c.add(new Object[] {400, "conflicting CL list", "POST / HTTP/1.1\r\n" + h + "Content-Length: 4, 5\r\n\r\nabcde"});
        c.add(new Object[] {400, "negative CL", "POST / HTTP/1.1\r\n" + h + "Content-Length: -1\r\n\r\n"});
        c.add(new Object[] {400, "signed CL", "POST / HTTP/1.1\r\n" + h + "Content-Length: +4\r\n\r\nabcd"});
        c.add(new Object[] {400, "hex CL", "POST / HTTP/1.1\r\n" + h + "Content-Length: 0x4\r\n\r\nabcd"});
        c.add(new Object[] {400, "empty CL", "POST / HTTP/1.1\r\n" + h + "Content-Length:\r\n\r\n"});
        c.add(new Object[] {400, "huge CL", "POST / HTTP/1.1\r\n" + h + "Content-Length: 99999999999999999999999\r\n\r\n"});
        c.add(new Object[] {400, "TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"});
        c.add(new Object[] {400, "TE not ending in chunked", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked, identity\r\n\r\n"});
        c.add(new Object[] {400, "chunked twice", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"});
        c.add(new Object[] {501, "unknown transfer coding", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"});
        c.add(new Object[] {400, "TE with a space in the name", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n"});
        c.add(new Object[] {400, "empty TE", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: \r\n\r\n"});
        // chunk framing (section 7.1)
        c.add(new Object[] {400, "chunk size not hex", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\nzz\r\n"});
        c.add(new Object[] {400, "empty chunk size", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\n\r\n"});
        c.add(new Object[] {400, "chunk size with 0x", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n"});
        c.add(new Object[] {400, "negative chunk size", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\n-1\r\n"});
        c.add(new Object[] {400, "overflowing chunk size", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n"});
        c.add(new Object[] {400, "chunk data too long", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n"});
        c.add(new Object[] {400, "chunk size with a bare LF", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n"});
        c.add(new Object[] {400, "chunk size followed by garbage", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\n3 x\r\nabc\r\n0\r\n\r\n"});
        c.add(new Object[] {400, "chunk data ending in bare CR", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\rX0\r\n\r\n"});
        // line endings and bytes (section 2.2)
        c.add(new Object[] {400, "bare CR in a header", "GET / HTTP/1.1\r\n" + h + "X-A: a\rb\r\n\r\n"});
        c.add(new Object[] {400, "bare CR in the request line", "GET /\r HTTP/1.1\r\n" + h + "\r\n"});
        c.add(new Object[] {400, "bare LF line endings", "GET / HTTP/1.1\n" + h + "\n"});
        c.add(new Object[] {400, "NUL in a header value", "GET / HTTP/1.1\r\n" + h + "X-A: a\0b\r\n\r\n"});
        // fields (section 5)
        c.add(new Object[] {400, "obs-fold", "GET / HTTP/1.1\r\n" + h + "X-A: a\r\n  folded\r\n\r\n"});
        c.add(new Object[] {400, "whitespace before the first field", "GET / HTTP/1.1\r\n " + h + "\r\n"});
        c.add(new Object[] {400, "space before colon", "GET / HTTP/1.1\r\n" + h + "Content-Length : 0\r\n\r\n"});
        c.add(new Object[] {400, "field without colon", "GET / HTTP/1.1\r\n" + h + "NoColon\r\n\r\n"});
        c.add(new Object[] {400, "non-token field name", "GET / HTTP/1.1\r\n" + h + "X(A): 1\r\n\r\n"});
        c.add(new Object[] {400, "HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n"});
        c.add(new Object[] {400, "two Host fields", "GET / HTTP/1.1\r\n" + h + h + "\r\n"});
        c.add(new Object[] {400, "invalid Host", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n"});
        c.add(new Object[] {400, "Host with markup", "GET / HTTP/1.1\r\nHost: <script>\r\n\r\n"});
        c.add(new Object[] {400, "Host with a bad port", "GET / HTTP/1.1\r\nHost: a:8o\r\n\r\n"});
        // request line (section 3)
        c.add(new Object[] {400, "two spaces in the request line", "GET  / HTTP/1.1\r\n" + h + "\r\n"});
        c.add(new Object[] {400, "missing version", "GET /\r\n" + h + "\r\n"});
        c.add(new Object[] {400, "lower-case version", "GET / http/1.1\r\n" + h + "\r\n"});
        c.add(new Object[] {505, "HTTP/2.0 over HTTP/1 framing", "GET / HTTP/2.0\r\n" + h + "\r\n"});
        c.add(new Object[] {400, "non-ASCII in the target", "GET /\u00e9 HTTP/1.1\r\n" + h + "\r\n"});
        c.add(new Object[] {400, "method with a slash", "G/T / HTTP/1.1\r\n" + h + "\r\n"});
        c.add(new Object[] {400, "fragment in the target", "GET /a#b HTTP/1.1\r\n" + h + "\r\n"});
        c.add(new Object[] {400, "relative target", "GET a/b HTTP/1.1\r\n" + h + "\r\n"});
        // limits
        c.add(new Object[] {414, "request line too long", "GET /" + "a".repeat(1100) + " HTTP/1.1\r\n" + h + "\r\n"});
        c.add(new Object[] {431, "header section too large", "GET / HTTP/1.1\r\n" + h + "X-Big: " + "b".repeat(2100) + "\r\n\r\n"});
        c.add(new Object[] {413, "declared body too large", "POST / HTTP/1.1\r\n" + h + "Content-Length: 1001\r\n\r\n"});
        c.add(new Object[] {413, "chunked body too large", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\n3e8\r\n" + "x".repeat(1000) + "\r\n1\r\n"});
        c.add(new Object[] {417, "unknown expectation", "POST / HTTP/1.1\r\n" + h + "Expect: teapot\r\nContent-Length: 0\r\n\r\n"});
        c.add(new Object[] {400, "bad multipart body", "POST / HTTP/1.1\r\n" + h + "Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 5\r\n\r\nhello"});
        return c.stream().map(a -> Arguments.of(a[0], a[1], a[2]));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("cases")
    void refusedWithStatusAndClosedWhole(int status, String what, String request) {
        check(status, request, Chunkings.whole(request.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("cases")
    void refusedWithStatusAndClosedBytewise(int status, String what, String request) {
        check(status, request, Chunkings.bytewise(request.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static void check(int status, String request, Chunkings.Chunking chunking) {
        Anything resource = new Anything();
        Harness harness = new Harness(resource, SMALL);
        harness.send(chunking);
        String out = harness.output();
        assertTrue(out.startsWith("HTTP/1.1 " + status + " "), "expected " + status + " for " + request + ", got: " + out);
        assertTrue(out.contains("\r\nConnection: close\r\n"), out);
        assertTrue(harness.closed(), "connection left open");
        assertEquals(0, resource.rendered, "the resource was reached");
        assertEquals(List.of(status), harness.statuses());
    }
}
