package io.twisted.protocols.basic;

import io.twisted.internet.Consumer;
import io.twisted.internet.PullProducer;
import io.twisted.internet.defer.Deferred;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Streams a file (any {@link InputStream}) to a {@link Consumer}, as Twisted's
 * {@code basic.FileSender}: a {@link PullProducer} that writes one chunk of at most
 * {@value #CHUNK_SIZE} bytes each time the consumer asks, so a slow peer never makes memory grow.
 *
 * <pre>{@code
 * new FileSender().beginFileTransfer(Files.newInputStream(path), transport, null)
 *         .addCallback(this::onSent)
 *         .addErrback(this::onSendFailed);
 * }</pre>
 *
 * <p>The returned {@link Deferred} fires with the last byte sent (an empty array if the file was
 * empty), so that a caller can tell whether the data ended with a line break (SMTP and POP3 need
 * that), or fails with the read error, or with {@link IllegalStateException} if the consumer stops
 * the transfer ({@code stopProducing}, e.g. the connection was lost). The stream is read on the
 * reactor thread, as in Twisted: use it for local files, not for streams that may block for long.
 * The stream is not closed: the caller owns it. One chunk buffer is reused throughout (writes
 * consume their buffer during the call).
 */
public final class FileSender implements PullProducer {

    /** Bytes read and written per {@link #resumeProducing()}: 16 KiB, as Twisted. */
    public static final int CHUNK_SIZE = 1 << 14;

    private InputStream file;
    private Consumer consumer;
    private UnaryOperator<ByteBuffer> transform;
    private Deferred<byte[]> deferred;
    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK_SIZE);
    private byte[] lastSent = new byte[0];

    /**
     * Registers with {@code consumer} as a pull producer and sends {@code file} chunk by chunk.
     *
     * @param transform applied to each chunk before it is written (e.g. dot-stuffing), or
     *     {@code null}; it may return the chunk itself or a new buffer
     * @return fires with the last byte sent (0 or 1 bytes) once all is written
     * @throws IllegalStateException if a transfer was already begun with this sender
     */
    public Deferred<byte[]> beginFileTransfer(InputStream file, Consumer consumer,
            UnaryOperator<ByteBuffer> transform) {
        if (this.consumer != null) {
            throw new IllegalStateException("a FileSender sends one file");
        }
        this.file = Objects.requireNonNull(file, "file");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.transform = transform;
        this.deferred = new Deferred<>();
        Deferred<byte[]> result = deferred;
        consumer.registerProducer(this, false);
        return result;
    }

    /** Writes the next chunk, or, at the end of the file, unregisters and fires the Deferred. */
    @Override
    public void resumeProducing() {
        if (file == null) {
            return;
        }
        int n;
        chunk.clear();
        try {
            n = file.readNBytes(chunk.array(), 0, CHUNK_SIZE);
        } catch (IOException e) {
            finish(e);
            return;
        }
        if (n == 0) {
            finish(null);
            return;
        }
        chunk.position(n);
        chunk.flip();
        ByteBuffer out = transform == null ? chunk : transform.apply(chunk);
        if (out.hasRemaining()) {
            lastSent = new byte[] {out.get(out.limit() - 1)};
        }
        consumer.write(out);
    }

    /** Nothing to do: a pull producer writes only when asked. */
    public void pauseProducing() {
    }

    /** The consumer is going away: the Deferred fails. */
    @Override
    public void stopProducing() {
        file = null;
        if (deferred != null) {
            Deferred<byte[]> d = deferred;
            deferred = null;
            d.errback(new IllegalStateException("Consumer asked us to stop producing"));
        }
    }

    private void finish(IOException error) {
        file = null;
        consumer.unregisterProducer();
        Deferred<byte[]> d = deferred;
        deferred = null;
        if (d == null) {
            return;
        }
        if (error == null) {
            d.callback(lastSent);
        } else {
            d.errback(error);
        }
    }
}
