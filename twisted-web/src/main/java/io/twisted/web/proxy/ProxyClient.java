package io.twisted.web.proxy;

import io.twisted.internet.Protocol;
import io.twisted.internet.PushProducer;
import io.twisted.internet.defer.Failure;
import io.twisted.web.http.HttpHeaders;
import io.twisted.web.http.HttpMessageListener;
import io.twisted.web.http.HttpParseException;
import io.twisted.web.http.HttpParser;
import io.twisted.web.http.HttpVersion;
import io.twisted.web.http.HttpWriter;
import io.twisted.web.server.Request;
import io.twisted.web.server.RequestBodyReceiver;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The upstream side of a {@link ReverseProxyResource} or {@link ForwardProxyResource}: sends one
 * request, its body streamed from the client as it arrives (the client's body producer is
 * registered with the upstream transport, so a slow upstream pauses reading from the client),
 * parses the response with {@link HttpParser} in response mode, and relays it into the client's
 * {@link Request}. It is the request's producer, so a slow client pauses reading from upstream.
 * A client body of unknown length (chunked) goes upstream chunked.
 */
final class ProxyClient extends Protocol implements HttpMessageListener, PushProducer {

    /** Hop-by-hop fields, never forwarded (RFC 9110 section 7.6.1). */
    static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

    private final Request request;
    private final String target;
    private final String hostField;
    private final HttpParser parser;
    private boolean producing;
    private boolean done;

    ProxyClient(Request request, String target, String hostField) {
        this.request = request;
        this.target = target;
        this.hostField = hostField;
        this.parser = new HttpParser(HttpParser.Mode.RESPONSE, this);
        if (request.getMethod().equals("HEAD")) {
            parser.expectNoBody();
        }
        request.notifyFinish().addErrback(this::clientGone);
    }

    private Void clientGone(Failure reason) {
        done = true;
        if (transport != null) {
            transport.abortConnection();
        }
        return null;
    }

    @Override
    public void connectionMade() {
        if (done) {
            transport.abortConnection();
            return;
        }
        HttpHeaders in = request.getRequestHeaders();
        List<String> connectionTokens = in.tokens("Connection");
        HttpHeaders out = new HttpHeaders();
        for (int i = 0; i < in.size(); i++) {
            String name = in.name(i).toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || connectionTokens.contains(name) || name.equals("host")
                    || name.equals("content-length") || name.equals("expect")) {
                continue;
            }
            out.add(in.name(i), in.value(i));
        }
        out.add("Host", hostField);
        boolean chunkedUp = false;
        if (request.isBodyStreamed()) {
            String length = in.get("Content-Length");
            if (length != null) {
                out.add("Content-Length", length);
            } else {
                out.add("Transfer-Encoding", "chunked");
                chunkedUp = true;
            }
        } else {
            int length = request.getContent().length;
            if (length > 0 || !request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
                out.add("Content-Length", Integer.toString(length));
            }
        }
        out.add("Connection", "close");
        transport.write(HttpWriter.requestHead(request.getMethod(), target, HttpVersion.HTTP_1_1, out));
        Upload upload = new Upload(chunkedUp);
        upload.start();
    }

    /**
     * Sends the client's body upstream as it arrives: the client's body producer is registered with
     * the upstream transport, so a slow upstream pauses reading from the client.
     */
    private final class Upload implements RequestBodyReceiver {
        private final boolean chunked;
        private PushProducer clientBody;
        private boolean registered;
        private boolean over;

        Upload(boolean chunked) {
            this.chunked = chunked;
        }

        void start() {
            clientBody = request.receiveBody(this);
            if (!done) {
                registered = true;
                transport.registerProducer(clientBody, true);
            }
        }

        @Override
        public void bodyDataReceived(ByteBuffer data) {
            if (over || transport.isDisconnecting()) {
                data.position(data.limit());
                return;
            }
            if (chunked) {
                transport.writeSequence(List.of(ByteBuffer.wrap(HttpWriter.chunkHeader(data.remaining())), data,
                        ByteBuffer.wrap(HttpWriter.CRLF)));
            } else {
                transport.write(data);
            }
        }

        @Override
        public void bodyComplete() {
            if (over) {
                return;
            }
            if (chunked && !done) {
                transport.write(HttpWriter.LAST_CHUNK);
            }
            end();
        }

        @Override
        public void bodyFailed(Failure reason) {
            if (over) {
                return;
            }
            end();
            if (!done) {
                done = true;
                transport.abortConnection();
            }
        }

        private void end() {
            over = true;
            if (registered) {
                registered = false;
                transport.unregisterProducer();
            }
        }
    }


    @Override
    public void dataReceived(ByteBuffer data) {
        if (done) {
            data.position(data.limit());
            return;
        }
        try {
            while (data.hasRemaining() && !done) {
                parser.feed(data);
                if (parser.isComplete()) {
                    break;
                }
            }
        } catch (HttpParseException e) {
            done = true;
            ReverseProxyResource.badGateway(request, "malformed response from the upstream server: " + e.reason());
            transport.abortConnection();
        }
    }

    @Override
    public void statusLine(HttpVersion version, int status, String reason) {
        if (status < 200) {
            return; // interim responses are not relayed
        }
        request.setResponseCode(status, reason);
    }

    @Override
    public void headersComplete(HttpHeaders headers) {
        if (parser.status() < 200) {
            return;
        }
        List<String> connectionTokens = headers.tokens("Connection");
        boolean chunked = parser.isChunked();
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i).toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || connectionTokens.contains(name)
                    || (chunked && name.equals("content-length"))) {
                continue;
            }
            request.addHeader(headers.name(i), headers.value(i));
        }
        producing = true;
        request.registerProducer(this, true);
    }

    @Override
    public void bodyData(ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        request.write(b);
    }

    @Override
    public void messageComplete(HttpHeaders trailers) {
        if (parser.status() < 200) {
            parser.reset();
            return;
        }
        finishRelay();
        transport.loseConnection();
    }

    private void finishRelay() {
        if (done) {
            return;
        }
        done = true;
        if (producing) {
            producing = false;
            request.unregisterProducer();
        }
        if (!request.isFinished() && !request.isDisconnected()) {
            request.finish();
        }
    }

    @Override
    public void connectionLost(Failure reason) {
        if (done) {
            return;
        }
        try {
            parser.endOfInput();
        } catch (HttpParseException e) {
            done = true;
            ReverseProxyResource.badGateway(request, "the upstream server closed the connection early");
            return;
        }
        if (parser.isComplete()) {
            finishRelay();
        } else {
            done = true;
            ReverseProxyResource.badGateway(request, "the upstream server closed the connection without a response");
        }
    }

    // ------------------------------------------------------------------ producer for the client side

    @Override
    public void pauseProducing() {
        if (transport != null && !done) {
            transport.pauseProducing();
        }
    }

    @Override
    public void resumeProducing() {
        if (transport != null && !done) {
            transport.resumeProducing();
        }
    }

    @Override
    public void stopProducing() {
        if (transport != null) {
            transport.abortConnection();
        }
    }
}
