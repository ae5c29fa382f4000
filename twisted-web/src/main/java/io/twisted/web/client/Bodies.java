package io.twisted.web.client;

import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.web.http.HttpLimits;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Reading whole response bodies (Twisted's {@code readBody}). */
public final class Bodies {

    /** Default most bytes {@link #readBody(Response)} accepts: {@link HttpLimits#DEFAULT_MAX_BODY}. */
    public static final long DEFAULT_MAX_BODY = HttpLimits.DEFAULT_MAX_BODY;

    private Bodies() {
    }

    /** The whole body, at most {@link #DEFAULT_MAX_BODY} bytes. */
    public static Deferred<byte[]> readBody(Response response) {
        return readBody(response, DEFAULT_MAX_BODY);
    }

    /**
     * The whole body. A body delimited only by the connection's end ({@link PotentialDataLoss}) is
     * accepted as whole.
     *
     * @return fires with the bytes, or fails with {@link BodyTooLarge} (the connection is then
     *     closed) or the {@link ResponseFailed} the body ended with
     */
    public static Deferred<byte[]> readBody(Response response, long maxBytes) {
        Collector c = new Collector(maxBytes);
        response.deliverBody(c);
        return c.result;
    }

    /** Reads and drops the body (so that its connection can be reused); fires when it ends. */
    public static Deferred<Void> discard(Response response) {
        return readBody(response, Long.MAX_VALUE).addCallback(b -> null);
    }

    private static final class Collector extends Protocol {
        final Deferred<byte[]> result = new Deferred<>(d -> stop());
        private final long max;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long size;

        Collector(long max) {
            this.max = max;
        }

        private void stop() {
            if (transport != null) {
                transport.stopProducing();
            }
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            if (result.isCalled()) {
                data.position(data.limit());
                return;
            }
            size += data.remaining();
            if (size > max) {
                data.position(data.limit());
                result.errback(new BodyTooLarge(max));
                stop();
                return;
            }
            byte[] b = new byte[data.remaining()];
            data.get(b);
            out.writeBytes(b);
        }

        @Override
        public void connectionLost(Failure reason) {
            if (result.isCalled()) {
                return;
            }
            if (reason.check(ResponseDone.class) != null) {
                result.callback(out.toByteArray());
            } else {
                result.errback(reason);
            }
        }
    }
}
