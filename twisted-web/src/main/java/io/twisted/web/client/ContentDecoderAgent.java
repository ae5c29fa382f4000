package io.twisted.web.client;

import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.Protocol;
import io.twisted.web.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.zip.DataFormatException;

/**
 * Asks for gzip content coding ({@code Accept-Encoding: gzip}, RFC 9110 section 12.5.3) and
 * decodes responses that use it (Twisted's {@code ContentDecoderAgent} with {@code GzipDecoder}),
 * streaming: the body protocol receives decoded bytes. A decoded response has no
 * {@code Content-Length} and loses {@code gzip} from its {@code Content-Encoding}. A corrupt or
 * truncated gzip body ends with {@link ResponseFailed}. Other codings are passed through as they are.
 */
public final class ContentDecoderAgent implements HttpAgent {

    private final HttpAgent agent;

    /** Decodes gzip for {@code agent}'s responses. */
    public ContentDecoderAgent(HttpAgent agent) {
        this.agent = Objects.requireNonNull(agent, "agent");
    }

    @Override
    public Deferred<Response> request(String method, String uri, HttpHeaders headers, BodyProducer body) {
        HttpHeaders h = new HttpHeaders();
        if (headers != null) {
            for (int i = 0; i < headers.size(); i++) {
                h.add(headers.name(i), headers.value(i));
            }
        }
        h.set("Accept-Encoding", "gzip");
        return agent.request(method, uri, h, body).addCallback(ContentDecoderAgent::decode);
    }

    static Response decode(Response r) {
        List<String> codings = r.headers().tokens("Content-Encoding");
        if (codings.isEmpty()) {
            return r;
        }
        String last = codings.get(codings.size() - 1);
        if (!last.equals("gzip") && !last.equals("x-gzip")) {
            return r;
        }
        HttpHeaders h = new HttpHeaders();
        for (int i = 0; i < r.headers().size(); i++) {
            String name = r.headers().name(i);
            if (!name.equalsIgnoreCase("Content-Encoding") && !name.equalsIgnoreCase("Content-Length")) {
                h.add(name, r.headers().value(i));
            }
        }
        if (codings.size() > 1) {
            h.add("Content-Encoding", String.join(", ", codings.subList(0, codings.size() - 1)));
        }
        return r.withBody(p -> r.deliverBody(new Decoding(p)), BodyProducer.UNKNOWN_LENGTH, h);
    }

    /** Sits between the connection and the user's body protocol, decoding gzip. */
    private static final class Decoding extends Protocol {
        private final Protocol inner;
        private final GzipDecoder decoder = new GzipDecoder();
        private boolean failed;

        Decoding(Protocol inner) {
            this.inner = inner;
        }

        @Override
        public void connectionMade() {
            inner.makeConnection(transport);
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            if (failed) {
                data.position(data.limit());
                return;
            }
            try {
                decoder.decode(data, inner::dataReceived);
            } catch (DataFormatException e) {
                failed = true;
                data.position(data.limit());
                inner.disconnect(new Failure(new ResponseFailed("corrupt gzip body: " + e.getMessage(),
                        List.of(new Failure(e)))));
                transport.stopProducing();
            }
        }

        @Override
        public void connectionLost(Failure reason) {
            if (failed) {
                return;
            }
            if (reason.check(ResponseDone.class) != null && !decoder.isComplete()) {
                inner.disconnect(new Failure(new ResponseFailed("truncated gzip body",
                        List.of(new Failure(new DataFormatException("gzip stream ended early"))))));
            } else {
                inner.disconnect(reason);
            }
        }
    }
}
