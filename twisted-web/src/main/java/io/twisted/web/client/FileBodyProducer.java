package io.twisted.web.client;

import io.twisted.internet.Consumer;
import io.twisted.internet.defer.Deferred;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link BodyProducer} reading an {@link InputStream} in pieces of {@value #CHUNK_SIZE} bytes
 * (Twisted's {@code FileBodyProducer}). It writes until the connection pauses it, so a large
 * upload to a slow server costs bounded memory.
 *
 * <p>Reads happen on the reactor thread, as in Twisted: use it for in-memory content and local
 * files, not for streams that may block for long (network streams, pipes).
 */
public final class FileBodyProducer implements BodyProducer {

    /** Bytes read per write. */
    public static final int CHUNK_SIZE = 64 * 1024;

    private final InputStream in;
    private final long length;
    private Consumer consumer;
    private Deferred<Void> done;
    private boolean paused;
    private boolean stopped;
    private boolean producing;

    /** A producer of {@code length} bytes (or {@link #UNKNOWN_LENGTH}) from {@code in}. */
    public FileBodyProducer(InputStream in, long length) {
        this.in = in;
        this.length = length;
    }

    /** A producer of {@code content}. */
    public static FileBodyProducer of(byte[] content) {
        return new FileBodyProducer(new ByteArrayInputStream(content), content.length);
    }

    /** A producer of the file at {@code path}, its length taken now. */
    public static FileBodyProducer of(Path path) throws IOException {
        return new FileBodyProducer(Files.newInputStream(path), Files.size(path));
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public Deferred<Void> startProducing(Consumer consumer) {
        if (this.consumer != null) {
            throw new IllegalStateException("a FileBodyProducer produces once");
        }
        this.consumer = consumer;
        this.done = new Deferred<>();
        produce();
        return done;
    }

    private void produce() {
        if (producing) {
            return; // resumed from inside our own write
        }
        producing = true;
        try {
            byte[] buf = new byte[CHUNK_SIZE];
            while (!paused && !stopped && !done.isCalled()) {
                int n = in.read(buf);
                if (n < 0) {
                    close();
                    done.callback(null);
                    return;
                }
                if (n > 0) {
                    consumer.write(ByteBuffer.wrap(buf, 0, n));
                }
            }
        } catch (IOException | RuntimeException e) {
            close();
            if (!done.isCalled()) {
                done.errback(e instanceof IOException io ? new UncheckedIOException(io) : e);
            }
        } finally {
            producing = false;
        }
    }

    @Override
    public void pauseProducing() {
        paused = true;
    }

    @Override
    public void resumeProducing() {
        paused = false;
        if (consumer != null && !stopped) {
            produce();
        }
    }

    @Override
    public void stopProducing() {
        stopped = true;
        close();
    }

    private void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing more will be read
        }
    }
}
