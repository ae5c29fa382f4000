package io.twisted.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.testing.Chunkings;
import io.twisted.testing.Chunkings.Chunking;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class HttpParserTest {

    /** Feeds every chunk, resetting after each complete message, as a server does. */
    private static RecordingListener parseAll(HttpParser.Mode mode, Chunking chunking, HttpLimits limits) {
        RecordingListener rec = new RecordingListener();
        HttpParser parser = new HttpParser(mode, limits, rec);
        chunking.forEach(buf -> {
            while (buf.hasRemaining()) {
                parser.feed(buf);
                if (parser.isComplete()) {
                    parser.reset();
                }
            }
        });
        return rec;
    }

    private static RecordingListener parseAll(HttpParser.Mode mode, Chunking chunking) {
        return parseAll(mode, chunking, HttpLimits.DEFAULTS);
    }

    // RFC 9112 section 3: request-line, fields, a Content-Length body, then a second pipelined request.
    private static final String TWO_REQUESTS = "POST /form?x=1 HTTP/1.1\r\n"
            + "Host: example.com\r\n"
            + "Content-Type:   application/x-www-form-urlencoded  \r\n"
            + "Content-Length: 5\r\n"
            + "\r\n"
            + "a=b&c"
            + "GET / HTTP/1.0\r\n\r\n";

    static Stream<Chunking> twoRequests() {
        return Chunkings.of(TWO_REQUESTS).stream();
    }

    @ParameterizedTest
    @MethodSource("twoRequests")
    void parsesPipelinedRequestsWithContentLength(Chunking chunking) {
        RecordingListener rec = parseAll(HttpParser.Mode.REQUEST, chunking);
        assertEquals(List.of(
                "request POST /form?x=1 HTTP/1.1",
                "headers HttpHeaders[Host: example.com, Content-Type: application/x-www-form-urlencoded, Content-Length: 5]",
                "body a=b&c",
                "complete HttpHeaders[]",
                "request GET / HTTP/1.0",
                "headers HttpHeaders[]",
                "body ",
                "complete HttpHeaders[]"), rec.events);
    }

    // RFC 9112 section 7.1: chunk sizes in hex, an extension (ignored), a trailer field.
    private static final String CHUNKED = "PUT /up HTTP/1.1\r\n"
            + "Host: h\r\n"
            + "Transfer-Encoding: chunked\r\n"
            + "\r\n"
            + "5;name=value\r\nhello\r\n"
            + "1A\r\n" + "abcdefghijklmnopqrstuvwxyz" + "\r\n"
            + "0\r\n"
            + "Checksum: 42\r\n"
            + "\r\n";

    static Stream<Chunking> chunked() {
        return Chunkings.of(CHUNKED).stream();
    }

    @ParameterizedTest
    @MethodSource("chunked")
    void decodesChunkedBodyWithExtensionsAndTrailers(Chunking chunking) {
        RecordingListener rec = parseAll(HttpParser.Mode.REQUEST, chunking);
        assertEquals(List.of(
                "request PUT /up HTTP/1.1",
                "headers HttpHeaders[Host: h, Transfer-Encoding: chunked]",
                "body helloabcdefghijklmnopqrstuvwxyz",
                "complete HttpHeaders[Checksum: 42]"), rec.events);
    }

    // RFC 9112 section 4: status line; a HEAD-less 200 with content to the end of the connection.
    private static final String RESPONSES = "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
            + "HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n"
            + "HTTP/1.1 404 \r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";

    static Stream<Chunking> responses() {
        return Chunkings.of(RESPONSES).stream();
    }

    @ParameterizedTest
    @MethodSource("responses")
    void parsesResponsesIncludingInterimAndBodylessStatuses(Chunking chunking) {
        RecordingListener rec = parseAll(HttpParser.Mode.RESPONSE, chunking);
        assertEquals(List.of(
                "status HTTP/1.1 100 Continue", "headers HttpHeaders[]", "body ", "complete HttpHeaders[]",
                "status HTTP/1.1 200 OK", "headers HttpHeaders[Content-Length: 2]", "body ok", "complete HttpHeaders[]",
                "status HTTP/1.1 304 Not Modified", "headers HttpHeaders[Content-Length: 99]", "body ",
                "complete HttpHeaders[]",
                "status HTTP/1.1 404 ", "headers HttpHeaders[Transfer-Encoding: chunked]", "body abc",
                "complete HttpHeaders[]"), rec.events);
    }

    @Test
    void responseWithoutLengthRunsToEndOfInput() {
        RecordingListener rec = new RecordingListener();
        HttpParser parser = new HttpParser(HttpParser.Mode.RESPONSE, rec);
        parser.feed(ascii("HTTP/1.0 200 OK\r\n\r\nsome bytes"));
        assertFalse(parser.isComplete());
        parser.endOfInput();
        assertTrue(parser.isComplete());
        assertEquals("body some bytes", rec.events.get(2));
    }

    @Test
    void responseToHeadHasNoBody() {
        RecordingListener rec = new RecordingListener();
        HttpParser parser = new HttpParser(HttpParser.Mode.RESPONSE, rec);
        parser.expectNoBody();
        ByteBuffer in = ascii("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n");
        parser.feed(in);
        assertTrue(parser.isComplete());
    }

    @Test
    void skipsEmptyLinesBeforeRequestLine() {
        RecordingListener rec = new RecordingListener();
        HttpParser parser = new HttpParser(HttpParser.Mode.REQUEST, rec);
        parser.feed(ascii("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertTrue(parser.isComplete());
    }

    @Test
    void identicalRepeatedContentLengthsAreAccepted() {
        RecordingListener rec = new RecordingListener();
        HttpParser parser = new HttpParser(HttpParser.Mode.REQUEST, rec);
        parser.feed(ascii("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc"));
        assertTrue(parser.isComplete());
        assertEquals(3, parser.contentLength());
    }

    @Test
    void stopsAfterEachMessageLeavingTheRest() {
        RecordingListener rec = new RecordingListener();
        HttpParser parser = new HttpParser(HttpParser.Mode.REQUEST, rec);
        ByteBuffer in = ascii("GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n");
        parser.feed(in);
        assertTrue(parser.isComplete());
        assertEquals("GET /b", StandardCharsets.US_ASCII.decode(in.duplicate()).toString().substring(0, 6));
        parser.reset();
        parser.feed(in);
        assertEquals("/b", parser.target());
    }

    @Test
    void hostFieldSyntax() {
        for (String ok : new String[] {"example.com", "example.com:8080", "", "[::1]:80", "[2001:db8::1]", "a-b_c~d.e"}) {
            assertTrue(HttpParser.isValidHost(ok), ok);
        }
        for (String bad : new String[] {"a b", "<x>", "a:b", "[::1", "a:123456", "a/b", "a@b"}) {
            assertFalse(HttpParser.isValidHost(bad), bad);
        }
    }

    @Test
    void failedParserRefusesMoreInput() {
        HttpParser parser = new HttpParser(HttpParser.Mode.REQUEST, new RecordingListener());
        assertThrows(HttpParseException.class, () -> parser.feed(ascii("GET / HTTP/1.1\nHost: a\n\n")));
        assertThrows(IllegalStateException.class, () -> parser.feed(ascii("GET / HTTP/1.1\r\n")));
    }

    @Test
    void limitsAreConstructorArgumentsWithTheirStatuses() {
        HttpLimits small = HttpLimits.DEFAULTS.withMaxStartLine(32).withMaxHeaderSection(64).withMaxBody(4);
        assertEquals(414, status(small, "GET /" + "a".repeat(40) + " HTTP/1.1\r\n"));
        assertEquals(431, status(small, "GET / HTTP/1.1\r\nHost: a\r\nX-Long: " + "b".repeat(60) + "\r\n\r\n"));
        assertEquals(413, status(small, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n"));
        assertEquals(413, status(small, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\n"));
        assertEquals(431, status(HttpLimits.DEFAULTS.withMaxHeaderFields(2),
                "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\n\r\n"));
    }

    @Test
    void writerRefusesHeaderInjection() {
        HttpHeaders h = new HttpHeaders().add("X-Evil", "a\r\nSet-Cookie: b=c");
        assertThrows(IllegalArgumentException.class, () -> HttpWriter.responseHead(HttpVersion.HTTP_1_1, 200, "OK", h));
        HttpHeaders bad = new HttpHeaders().add("Bad Name", "x");
        assertThrows(IllegalArgumentException.class, () -> HttpWriter.responseHead(HttpVersion.HTTP_1_1, 200, "OK", bad));
    }

    @Test
    void writerOutputParsesBack() {
        HttpHeaders h = new HttpHeaders().add("Host", "example.com").add("Transfer-Encoding", "chunked");
        byte[] head = HttpWriter.requestHead("POST", "/x", HttpVersion.HTTP_1_1, h);
        byte[] chunk = HttpWriter.chunkHeader(26);
        String wire = new String(head, StandardCharsets.ISO_8859_1) + new String(chunk, StandardCharsets.ISO_8859_1)
                + "abcdefghijklmnopqrstuvwxyz\r\n" + new String(HttpWriter.LAST_CHUNK, StandardCharsets.ISO_8859_1);
        assertEquals("1a\r\n", new String(chunk, StandardCharsets.US_ASCII));
        RecordingListener rec = parseAll(HttpParser.Mode.REQUEST, Chunkings.whole(wire.getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("body abcdefghijklmnopqrstuvwxyz", rec.events.get(2));
    }

    @Test
    void datesRoundTripAndObsoleteFormsParse() {
        java.time.Instant t = java.time.Instant.parse("1994-11-06T08:49:37Z");
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDates.format(t));
        assertEquals(t, HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(t, HttpDates.parse("Sun Nov  6 08:49:37 1994"));
        assertEquals(null, HttpDates.parse("yesterday"));
    }

    static int status(HttpLimits limits, String input) {
        HttpParser parser = new HttpParser(HttpParser.Mode.REQUEST, limits, new RecordingListener());
        HttpParseException e = assertThrows(HttpParseException.class, () -> parser.feed(ascii(input)));
        return e.status();
    }

    static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
