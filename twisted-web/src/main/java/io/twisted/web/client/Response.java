package io.twisted.web.client;

import io.twisted.internet.Protocol;
import io.twisted.web.http.HttpHeaders;
import io.twisted.web.http.HttpVersion;
import java.net.URI;
import java.util.Objects;

/**
 * An HTTP response whose head has arrived (Twisted's {@code IResponse}); the body follows through
 * {@link #deliverBody}.
 *
 * <p>Until {@code deliverBody} is called the connection stops reading, so an unread body costs at
 * most one read of buffered memory. The body protocol is connected to a transport that is only a
 * producer: {@code pauseProducing}/{@code resumeProducing} pause and resume reading from the
 * server, {@code stopProducing} (or {@code loseConnection}/{@code abortConnection}) abandons the
 * body and closes the connection. It then hears {@code dataReceived} for each piece of decoded
 * content and, last, {@code connectionLost} with {@link ResponseDone} (whole body),
 * {@link PotentialDataLoss} (body delimited by the connection's end) or {@link ResponseFailed}.
 */
public final class Response {

    /** Where a response's body comes from: the connection, or a decoding wrapper. */
    interface BodySource {
        void deliverBody(Protocol protocol);
    }

    private final HttpVersion version;
    private final int code;
    private final String phrase;
    private final HttpHeaders headers;
    private final long length;
    private final String method;
    private final URI uri;
    private final BodySource body;
    private final Response previous;
    private boolean delivered;

    Response(HttpVersion version, int code, String phrase, HttpHeaders headers, long length, String method, URI uri,
            BodySource body, Response previous) {
        this.version = version;
        this.code = code;
        this.phrase = phrase;
        this.headers = headers;
        this.length = length;
        this.method = method;
        this.uri = uri;
        this.body = body;
        this.previous = previous;
    }

    /** The protocol version of the response. */
    public HttpVersion version() {
        return version;
    }

    /** The status code. */
    public int code() {
        return code;
    }

    /** The reason phrase. */
    public String phrase() {
        return phrase;
    }

    /** The header fields. */
    public HttpHeaders headers() {
        return headers;
    }

    /** The body length when the server declared one, else {@link BodyProducer#UNKNOWN_LENGTH}. */
    public long length() {
        return length;
    }

    /** The method of the request this answers. */
    public String requestMethod() {
        return method;
    }

    /** The absolute URI of the request this answers. */
    public URI requestUri() {
        return uri;
    }

    /** The response that redirected to this one ({@link RedirectAgent}), or {@code null}. */
    public Response previousResponse() {
        return previous;
    }

    /**
     * Streams the body to {@code protocol} (see the class comment). Call once.
     *
     * @throws IllegalStateException on a second call
     */
    public void deliverBody(Protocol protocol) {
        Objects.requireNonNull(protocol, "protocol");
        if (delivered) {
            throw new IllegalStateException("the body of a response can be delivered once");
        }
        delivered = true;
        body.deliverBody(protocol);
    }

    /** This response with another body (and length), for decoding wrappers. */
    Response withBody(BodySource newBody, long newLength, HttpHeaders newHeaders) {
        return new Response(version, code, phrase, newHeaders, newLength, method, uri, newBody, previous);
    }

    /** This response with {@code previousResponse} set. */
    Response withPrevious(Response previousResponse) {
        Response r = new Response(version, code, phrase, headers, length, method, uri, body, previousResponse);
        r.delivered = delivered;
        return r;
    }

    @Override
    public String toString() {
        return "Response[" + version + " " + code + " " + phrase + " for " + method + " " + uri + "]";
    }
}
