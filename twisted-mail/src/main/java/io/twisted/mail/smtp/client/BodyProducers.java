package io.twisted.mail.smtp.client;

import io.twisted.internet.Consumer;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.defer.Deferred;
import io.twisted.mail.transfer.StreamSender;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Ready-made {@link BodyProducer}s. Each streams its bytes with a
 * {@link io.twisted.mail.transfer.StreamSender} (16 KiB chunks, paused while the connection's write
 * queue is above its high watermark), yielding to the reactor between bursts.
 */
public final class BodyProducers {

    private BodyProducers() {
    }

    /** A message held in memory. */
    public static BodyProducer of(byte[] message, ReactorTime time) {
        Objects.requireNonNull(message, "message");
        return new StreamProducer(() -> new ByteArrayInputStream(message), message.length, time);
    }

    /** A message read from a file, opened when production starts and closed when it ends. */
    public static BodyProducer of(Path file, ReactorTime time) {
        Objects.requireNonNull(file, "file");
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            size = UNKNOWN_LENGTH_VALUE;
        }
        return new StreamProducer(() -> Files.newInputStream(file), size, time);
    }

    /** A message read from {@code in} (closed at the end), of {@code length} bytes or {@link BodyProducer#UNKNOWN_LENGTH}. */
    public static BodyProducer of(InputStream in, long length, ReactorTime time) {
        Objects.requireNonNull(in, "in");
        return new StreamProducer(() -> in, length, time);
    }

    private static final long UNKNOWN_LENGTH_VALUE = BodyProducer.UNKNOWN_LENGTH;

    /** Opens the stream when production starts. */
    @FunctionalInterface
    private interface Opener {
        InputStream open() throws IOException;
    }

    private static final class StreamProducer implements BodyProducer {
        private final Opener opener;
        private final long length;
        private final ReactorTime time;
        private StreamSender sender;

        StreamProducer(Opener opener, long length, ReactorTime time) {
            this.opener = opener;
            this.length = length;
            this.time = Objects.requireNonNull(time, "time");
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public Deferred<Void> startProducing(Consumer consumer) {
            if (sender != null) {
                throw new IllegalStateException("a BodyProducer is started once");
            }
            InputStream in;
            try {
                in = opener.open();
            } catch (IOException e) {
                return Deferred.fail(e);
            }
            sender = new StreamSender(time);
            return sender.send(in, consumer, null).addFinally(() -> close(in));
        }

        @Override
        public void stopProducing() {
            if (sender != null) {
                sender.stopProducing();
            }
        }

        private static void close(InputStream in) {
            try {
                in.close();
            } catch (IOException e) {
                // Everything was read already; a failing close loses nothing.
            }
        }
    }
}
