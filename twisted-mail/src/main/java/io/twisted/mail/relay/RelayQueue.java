package io.twisted.mail.relay;

import io.twisted.internet.defer.Deferred;
import io.twisted.mail.smtp.MailAddress;
import io.twisted.mail.smtp.MessageReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * The relay's queue on disk: each entry is {@code queue/ID.msg} (the message as received) and
 * {@code queue/ID.env} (its {@link RelayEnvelope}). Both are written in {@code tmp/}, synced
 * ({@code fsync}), then renamed into {@code queue/}, the message first; the envelope's rename is
 * the commit, and the directory is synced after it. So after a crash an entry is either whole or
 * absent: {@link #load()} deletes {@code tmp/} leftovers and messages without an envelope.
 *
 * <p>File I/O is blocking and runs on the calling (reactor) thread, as the Maildir delivery does;
 * each call touches one small envelope or streams one message.
 */
public final class RelayQueue {

    private static final System.Logger LOG = System.getLogger(RelayQueue.class.getName());

    private final Path tmp;
    private final Path queue;
    private final DoubleSupplier wallClock;
    private Consumer<RelayEnvelope> listener = e -> { };

    /**
     * A queue in {@code directory} (created if missing).
     *
     * @param wallClock seconds since the epoch, for the envelopes' times
     */
    public RelayQueue(Path directory, DoubleSupplier wallClock) throws IOException {
        this.tmp = Files.createDirectories(directory.resolve("tmp"));
        this.queue = Files.createDirectories(directory.resolve("queue"));
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    }

    /** Called (on the writing thread) with each newly committed entry; the {@link RelayManager} schedules it. */
    public void setListener(Consumer<RelayEnvelope> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * A receiver that queues one message from {@code from} to {@code recipients}: give it to the
     * SMTP server as the {@link MessageReceiver} of remote recipients. The message is committed,
     * durably, when {@code eomReceived} fires; {@code connectionLost} deletes the partial file.
     */
    public MessageReceiver newMessage(MailAddress from, List<MailAddress> recipients) throws IOException {
        return new QueueWriter(from, List.copyOf(recipients));
    }

    /** Queues a message held in memory; returns its envelope. */
    public RelayEnvelope enqueue(MailAddress from, List<MailAddress> recipients, byte[] message) throws IOException {
        QueueWriter w = new QueueWriter(from, List.copyOf(recipients));
        w.write(ByteBuffer.wrap(message));
        return w.commit();
    }

    /**
     * Reads every committed entry (after a restart), removing what a crash left half-written.
     * Envelopes that cannot be read are renamed {@code ID.env.bad} and logged, not retried.
     */
    public List<RelayEnvelope> load() throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(tmp)) {
            for (Path p : s) {
                Files.deleteIfExists(p);
            }
        }
        List<RelayEnvelope> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(queue)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                if (name.endsWith(".msg") && !Files.exists(queue.resolve(name.substring(0, name.length() - 4) + ".env"))) {
                    Files.deleteIfExists(p);
                } else if (name.endsWith(".env")) {
                    try {
                        RelayEnvelope e = RelayEnvelope.decode(readLimited(p));
                        if (!Files.exists(messagePath(e.id()))) {
                            throw new IllegalArgumentException("message file missing");
                        }
                        out.add(e);
                    } catch (IllegalArgumentException e) {
                        LOG.log(System.Logger.Level.ERROR, "unreadable relay envelope " + p + ": " + e.getMessage());
                        Files.move(p, p.resolveSibling(name + ".bad"), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        out.sort((a, b) -> Double.compare(a.created(), b.created()));
        return out;
    }

    /** Where an entry's message is. */
    public Path messagePath(String id) {
        return queue.resolve(id + ".msg");
    }

    /** Replaces an entry's envelope, atomically and durably. */
    public void update(RelayEnvelope envelope) throws IOException {
        writeDurably(queue.resolve(envelope.id() + ".env"), envelope.encode());
    }

    /** Removes an entry: the envelope first, so a crash in between leaves an orphan {@link #load()} deletes. */
    public void remove(String id) throws IOException {
        Files.deleteIfExists(queue.resolve(id + ".env"));
        Files.deleteIfExists(messagePath(id));
        syncDirectory(queue);
    }

    /** The message's header section (up to the first empty line), at most {@code limit} bytes. */
    public byte[] readHeaders(String id, int limit) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(messagePath(id))) {
            head = in.readNBytes(limit);
        }
        for (int i = 0; i + 1 < head.length; i++) {
            if (head[i] == '\n' && (head[i + 1] == '\n' || head[i + 1] == '\r' && i + 2 < head.length && head[i + 2] == '\n')) {
                return java.util.Arrays.copyOf(head, i + 1);
            }
        }
        return head;
    }

    private static byte[] readLimited(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(RelayEnvelope.MAX_SIZE + 1);
            if (b.length > RelayEnvelope.MAX_SIZE) {
                throw new IllegalArgumentException("envelope larger than " + RelayEnvelope.MAX_SIZE + " bytes");
            }
            return b;
        }
    }

    private void writeDurably(Path target, byte[] data) throws IOException {
        Path t = tmp.resolve(target.getFileName() + "." + UUID.randomUUID());
        try (FileChannel ch = FileChannel.open(t, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        move(t, target);
        syncDirectory(target.getParent());
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Syncs a directory so renames in it survive a crash (a no-op where the OS does not allow it). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms cannot open directories; the rename is still atomic there.
        }
    }

    /** Writes one incoming message to tmp/, then commits it into the queue. */
    private final class QueueWriter implements MessageReceiver {
        private final MailAddress from;
        private final List<MailAddress> recipients;
        private final String id = UUID.randomUUID().toString();
        private final Path partial;
        private FileChannel channel;

        QueueWriter(MailAddress from, List<MailAddress> recipients) throws IOException {
            if (recipients.isEmpty()) {
                throw new IllegalArgumentException("at least one recipient");
            }
            this.from = Objects.requireNonNull(from, "from");
            this.recipients = recipients;
            this.partial = tmp.resolve(id + ".msg");
            this.channel = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        @Override
        public void write(ByteBuffer data) throws IOException {
            while (data.hasRemaining()) {
                channel.write(data);
            }
        }

        @Override
        public Deferred<RelayEnvelope> eomReceived() {
            try {
                return Deferred.succeed(commit());
            } catch (IOException | RuntimeException e) {
                connectionLost();
                return Deferred.fail(e);
            }
        }

        RelayEnvelope commit() throws IOException {
            channel.force(true);
            channel.close();
            channel = null;
            move(partial, messagePath(id));
            double now = wallClock.getAsDouble();
            RelayEnvelope envelope = new RelayEnvelope(id, from, recipients, now, 0, now);
            writeDurably(queue.resolve(id + ".env"), envelope.encode());
            listener.accept(envelope);
            return envelope;
        }

        @Override
        public void connectionLost() {
            try {
                if (channel != null) {
                    channel.close();
                    channel = null;
                }
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot delete partial relay message " + partial, e);
            }
        }
    }
}
