package io.twisted.web.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionLost;
import io.twisted.internet.error.TimeoutError;
import io.twisted.internet.task.Clock;
import io.twisted.testing.Chunkings;
import io.twisted.testing.Chunkings.Chunking;
import io.twisted.testing.StringTransport;
import io.twisted.web.http.HttpHeaders;
import io.twisted.web.http.HttpLimits;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** One connection's request writing and response parsing, in memory, with every chunking. */
class HttpClientProtocolTest {

    private final Clock clock = new Clock();
    private final StringTransport transport = new StringTransport();
    private final HttpClientProtocol proto = new HttpClientProtocol(clock, HttpLimits.DEFAULTS, 0);

    private static final String CHUNKED = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: b\r\n\r\n"
            + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";

    static Stream<Chunking> chunkedResponse() {
        return Chunkings.of(CHUNKED).stream();
    }

    static Stream<Chunking> lengthResponse() {
        return Chunkings.of("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 3\r\n\r\nabc").stream();
    }

    static Stream<Chunking> eofResponse() {
        return Chunkings.of("HTTP/1.0 200 OK\r\n\r\nto the end").stream();
    }

    private ClientRequest get(String method, boolean persistent) {
        return new ClientRequest(method, "/p?q=1", new HttpHeaders().add("Host", "example.com"), null,
                URI.create("http://example.com/p?q=1"), persistent);
    }

    private static <T> T result(Deferred<T> d) {
        assertTrue(d.isCalled(), "deferred has not fired");
        Object r = d.currentResult();
        if (r instanceof Failure f) {
            throw new AssertionError("failed: " + f.getTraceback());
        }
        @SuppressWarnings("unchecked")
        T t = (T) r;
        return t;
    }

    private static Failure failure(Deferred<?> d) {
        assertTrue(d.isCalled(), "deferred has not fired");
        Object r = d.currentResult();
        assertInstanceOf(Failure.class, r);
        d.addErrback(f -> null);
        return (Failure) r;
    }

    @Test
    void writesRequestHead() {
        proto.makeConnection(transport);
        proto.request(get("GET", true));
        assertEquals("GET /p?q=1 HTTP/1.1\r\nHost: example.com\r\n\r\n", transport.valueAsString());
    }

    @Test
    void nonPersistentRequestSaysConnectionClose() {
        proto.makeConnection(transport);
        proto.request(get("POST", false));
        assertEquals("POST /p?q=1 HTTP/1.1\r\nHost: example.com\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                transport.valueAsString());
    }

    @ParameterizedTest
    @MethodSource("chunkedResponse")
    void readsChunkedResponseAndGoesIdle(Chunking chunking) {
        proto.makeConnection(transport);
        Deferred<Response> d = proto.request(get("GET", true));
        Deferred<byte[]> body = d.addCallbackDeferred(Bodies::readBody);
        chunking.feedTo(proto);
        assertEquals("hello world", new String(result(body), StandardCharsets.US_ASCII));
        assertTrue(proto.isIdle());
        assertTrue(!transport.isDisconnecting());
    }

    @ParameterizedTest
    @MethodSource("lengthResponse")
    void skipsInterimResponseAndReadsContentLength(Chunking chunking) {
        proto.makeConnection(transport);
        Deferred<Response> d = proto.request(get("GET", true));
        Response[] seen = new Response[1];
        Deferred<byte[]> body = d.addCallbackDeferred(r -> {
            seen[0] = r;
            return Bodies.readBody(r);
        });
        chunking.feedTo(proto);
        assertEquals("abc", new String(result(body), StandardCharsets.US_ASCII));
        assertEquals(201, seen[0].code());
        assertEquals("Created", seen[0].phrase());
        assertEquals(3, seen[0].length());
    }

    @ParameterizedTest
    @MethodSource("eofResponse")
    void readsBodyToEndOfConnection(Chunking chunking) {
        proto.makeConnection(transport);
        Deferred<byte[]> body = proto.request(get("GET", true)).addCallbackDeferred(Bodies::readBody);
        chunking.feedTo(proto);
        proto.disconnect(new Failure(new ConnectionLost()));
        assertEquals("to the end", new String(result(body), StandardCharsets.US_ASCII));
    }

    @Test
    void closesAfterConnectionCloseResponse() {
        proto.makeConnection(transport);
        Deferred<byte[]> body = proto.request(get("GET", true)).addCallbackDeferred(Bodies::readBody);
        proto.dataReceived(ascii("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nx"));
        assertEquals("x", new String(result(body), StandardCharsets.US_ASCII));
        assertTrue(transport.isDisconnecting());
    }

    @Test
    void lostBeforeResponseIsResponseNeverReceived() {
        proto.makeConnection(transport);
        Deferred<Response> d = proto.request(get("GET", true));
        proto.disconnect(new Failure(new ConnectionLost()));
        assertInstanceOf(ResponseNeverReceived.class, failure(d).value());
    }

    @Test
    void lostInTheMiddleOfBodyFailsTheBody() {
        proto.makeConnection(transport);
        Deferred<byte[]> body = proto.request(get("GET", true)).addCallbackDeferred(Bodies::readBody);
        proto.dataReceived(ascii("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
        proto.disconnect(new Failure(new ConnectionLost()));
        assertInstanceOf(ResponseFailed.class, failure(body).value());
    }

    @Test
    void malformedResponseFailsAndAborts() {
        proto.makeConnection(transport);
        Deferred<Response> d = proto.request(get("GET", true));
        proto.dataReceived(ascii("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"));
        assertInstanceOf(ResponseFailed.class, failure(d).value());
        assertTrue(transport.isDisconnecting());
    }

    @Test
    void headResponseHasNoBody() {
        proto.makeConnection(transport);
        Deferred<byte[]> body = proto.request(get("HEAD", true)).addCallbackDeferred(Bodies::readBody);
        proto.dataReceived(ascii("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"));
        assertEquals(0, result(body).length);
        assertTrue(proto.isIdle());
    }

    @Test
    void responseTimeoutFailsAndAborts() {
        HttpClientProtocol timed = new HttpClientProtocol(clock, HttpLimits.DEFAULTS, 5);
        timed.makeConnection(transport);
        Deferred<Response> d = timed.request(get("GET", true));
        clock.advance(4.9);
        assertTrue(!d.isCalled());
        clock.advance(0.2);
        assertInstanceOf(TimeoutError.class, failure(d).value());
        assertTrue(transport.isDisconnecting());
    }

    @Test
    void sendsKnownLengthBody() {
        proto.makeConnection(transport);
        proto.request(new ClientRequest("PUT", "/", new HttpHeaders().add("Host", "h"), FileBodyProducer.of(ascii2("data")),
                URI.create("http://h/"), true));
        assertEquals("PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\ndata", transport.valueAsString());
    }

    @Test
    void sendsUnknownLengthBodyChunked() {
        proto.makeConnection(transport);
        var producer = new FileBodyProducer(new java.io.ByteArrayInputStream(ascii2("data")), BodyProducer.UNKNOWN_LENGTH);
        proto.request(new ClientRequest("POST", "/", new HttpHeaders().add("Host", "h"), producer, URI.create("http://h/"), true));
        assertEquals("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n4\r\ndata\r\n0\r\n\r\n",
                transport.valueAsString());
    }

    @Test
    void shortBodyFailsTheRequestAndAborts() {
        proto.makeConnection(transport);
        var producer = new FileBodyProducer(new java.io.ByteArrayInputStream(ascii2("abc")), 5);
        Deferred<Response> d = proto.request(new ClientRequest("PUT", "/", new HttpHeaders().add("Host", "h"), producer,
                URI.create("http://h/"), true));
        assertInstanceOf(RequestTransmissionFailed.class, failure(d).value());
        assertTrue(transport.isDisconnecting());
    }

    @Test
    void readBodyLimitAbortsTheConnection() {
        proto.makeConnection(transport);
        Deferred<byte[]> body = proto.request(get("GET", true)).addCallbackDeferred(r -> Bodies.readBody(r, 4));
        proto.dataReceived(ascii("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789"));
        assertInstanceOf(BodyTooLarge.class, failure(body).value());
        assertTrue(transport.isDisconnecting());
    }

    @Test
    void unreadBodyPausesTheConnectionUntilDelivered() {
        proto.makeConnection(transport);
        Response[] seen = new Response[1];
        proto.request(get("GET", true)).addCallback(r -> seen[0] = r);
        proto.dataReceived(ascii("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nabc"));
        assertEquals(StringTransport.ProducerState.PAUSED, transport.producerState());
        Deferred<byte[]> body = Bodies.readBody(seen[0]);
        assertEquals(StringTransport.ProducerState.PRODUCING, transport.producerState());
        proto.dataReceived(ascii("def"));
        assertArrayEquals(ascii2("abcdef"), result(body));
    }

    private static java.nio.ByteBuffer ascii(String s) {
        return java.nio.ByteBuffer.wrap(ascii2(s));
    }

    private static byte[] ascii2(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
