package io.twisted.web.client;

import io.twisted.internet.Factory;
import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Failure;
import io.twisted.web.http.HttpHeaders;
import io.twisted.web.http.HttpMessageListener;
import io.twisted.web.http.HttpParser;
import io.twisted.web.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A scripted HTTP server protocol for client tests: parses each request with {@link HttpParser}
 * and answers with the bytes the script returns for it (closing when the script's answer says so).
 */
final class FakeHttpServer extends Protocol implements HttpMessageListener {

    /** A request the server received. */
    record Received(String method, String target, HttpHeaders headers, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    /** What to answer: bytes, and whether to close afterwards. */
    record Answer(String bytes, boolean close) {
        static Answer of(String bytes) {
            return new Answer(bytes, false);
        }
    }

    private final Function<Received, Answer> script;
    final List<Received> requests;
    private final HttpParser parser = new HttpParser(HttpParser.Mode.REQUEST, this);
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean lost;

    FakeHttpServer(Function<Received, Answer> script, List<Received> requests) {
        this.script = script;
        this.requests = requests;
    }

    /** A factory of servers sharing {@code requests}; counts connections in {@code connections[0]}. */
    static Factory factory(Function<Received, Answer> script, List<Received> requests, int[] connections) {
        return Factory.forProtocol(() -> {
            connections[0]++;
            return new FakeHttpServer(script, requests);
        });
    }

    static Factory factory(Function<Received, Answer> script, List<Received> requests) {
        return factory(script, requests, new int[1]);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        while (data.hasRemaining()) {
            parser.feed(data);
            if (parser.isComplete()) {
                parser.reset();
            }
        }
    }

    @Override
    public void requestLine(String method, String target, HttpVersion version) {
    }

    @Override
    public void headersComplete(HttpHeaders headers) {
        body.reset();
    }

    @Override
    public void bodyData(ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        body.writeBytes(b);
    }

    @Override
    public void messageComplete(HttpHeaders trailers) {
        Received r = new Received(parser.method(), parser.target(), parser.headers(), body.toByteArray());
        requests.add(r);
        Answer a = script.apply(r);
        transport.write(a.bytes().getBytes(StandardCharsets.ISO_8859_1));
        if (a.close()) {
            transport.loseConnection();
        }
    }

    @Override
    public void connectionLost(Failure reason) {
        lost = true;
    }

    static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }
}
