package io.twisted.mail.transfer;

import io.twisted.internet.Consumer;
import io.twisted.internet.DelayedCall;
import io.twisted.internet.PushProducer;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.defer.Deferred;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Streams an {@link InputStream} (a stored message) to a transport as a push producer: it writes
 * chunks of {@value #CHUNK_SIZE} bytes until the transport pauses it (its write queue passed the
 * high watermark) and goes on when resumed, so memory stays bounded whatever the message size
 * and however slow the client. After {@value #CHUNKS_PER_TURN} chunks in a row it yields to the
 * reactor ({@code callLater(0)}) so other connections are served meanwhile. Each chunk may be
 * transformed (byte-stuffing) before it is written.
 *
 * <p>The Deferred from {@link #send} fires when the stream is exhausted (the producer is then
 * unregistered), or fails with the read error, or with {@link IllegalStateException} if the
 * transport stops the producer (connection lost). The stream is not closed here.
 */
public final class StreamSender implements PushProducer {

    /** Bytes read per chunk: 16 KiB. */
    public static final int CHUNK_SIZE = 1 << 14;
    /** Chunks written before yielding to the reactor. */
    public static final int CHUNKS_PER_TURN = 16;

    private final ReactorTime time;
    private final byte[] chunk = new byte[CHUNK_SIZE];
    private InputStream in;
    private Consumer consumer;
    private UnaryOperator<ByteBuffer> transform;
    private Deferred<Void> done;
    private boolean paused;
    private DelayedCall next;

    /** A sender that yields through {@code time}. */
    public StreamSender(ReactorTime time) {
        this.time = Objects.requireNonNull(time, "time");
    }

    /**
     * Starts streaming {@code in} to {@code consumer}.
     *
     * @param transform applied to each chunk before writing, or {@code null}
     */
    public Deferred<Void> send(InputStream in, Consumer consumer, UnaryOperator<ByteBuffer> transform) {
        if (this.consumer != null) {
            throw new IllegalStateException("a StreamSender sends one stream");
        }
        this.in = Objects.requireNonNull(in, "in");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.transform = transform;
        this.done = new Deferred<>();
        Deferred<Void> result = done;
        consumer.registerProducer(this, true);
        schedule();
        return result;
    }

    private void schedule() {
        if (next == null && in != null && !paused) {
            next = time.callLater(0, this::produce);
        }
    }

    private void produce() {
        next = null;
        for (int i = 0; i < CHUNKS_PER_TURN && in != null && !paused; i++) {
            int n;
            try {
                n = in.readNBytes(chunk, 0, CHUNK_SIZE);
            } catch (IOException e) {
                finish(e);
                return;
            }
            if (n == 0) {
                finish(null);
                return;
            }
            ByteBuffer buf = ByteBuffer.wrap(chunk, 0, n);
            consumer.write(transform == null ? buf : transform.apply(buf));
        }
        schedule();
    }

    @Override
    public void pauseProducing() {
        paused = true;
    }

    @Override
    public void resumeProducing() {
        paused = false;
        schedule();
    }

    @Override
    public void stopProducing() {
        in = null;
        if (next != null) {
            next.cancel();
            next = null;
        }
        if (done != null) {
            Deferred<Void> d = done;
            done = null;
            d.errback(new IllegalStateException("the consumer stopped the transfer"));
        }
    }

    private void finish(IOException error) {
        in = null;
        consumer.unregisterProducer();
        Deferred<Void> d = done;
        done = null;
        if (d == null) {
            return;
        }
        if (error == null) {
            d.callback(null);
        } else {
            d.errback(error);
        }
    }
}
