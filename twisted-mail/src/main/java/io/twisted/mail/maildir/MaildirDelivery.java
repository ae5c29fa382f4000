package io.twisted.mail.maildir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * One message being written into a {@link Maildir}: the bytes go to a file in {@code tmp/}, and
 * only {@link #commit()} makes the message visible, after forcing its data to disk, by renaming
 * it into {@code new/} (an atomic rename in one file system). A delivery that is
 * {@linkplain #abort() aborted}, or whose process dies, leaves nothing in {@code new/} — at most a
 * file in {@code tmp/}, which {@link Maildir#cleanTmp} removes later.
 *
 * <p>Writes are buffered ({@value #BUFFER_SIZE} bytes), so streaming a large message line by line
 * costs few system calls and holds at most one buffer in memory. Not thread-safe; all I/O here
 * blocks (cheaply, except {@link #commit()}, which waits for the disk).
 */
public final class MaildirDelivery implements AutoCloseable {

    /** Size of the write buffer: 64 KiB. */
    public static final int BUFFER_SIZE = 1 << 16;

    private final Maildir maildir;
    private final String uniqueName;
    private final Path tmpFile;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
    private long size;
    /** The size with bare LFs counted as CRLF (RFC 3501 RFC822.SIZE, POP3 octets). */
    private long wireSize;
    private byte last;
    private boolean finished;

    MaildirDelivery(Maildir maildir, String uniqueName) throws IOException {
        this.maildir = maildir;
        this.uniqueName = uniqueName;
        this.tmpFile = maildir.root().resolve("tmp").resolve(uniqueName);
        this.channel = FileChannel.open(tmpFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** Appends the remaining bytes of {@code data} (consumed). */
    public void write(ByteBuffer data) throws IOException {
        checkOpen();
        size += data.remaining();
        wireSize += data.remaining();
        for (int i = data.position(); i < data.limit(); i++) {
            byte b = data.get(i);
            if (b == '\n' && last != '\r') {
                wireSize++;
            }
            last = b;
        }
        while (data.hasRemaining()) {
            if (!buffer.hasRemaining()) {
                flush();
            }
            if (buffer.position() == 0 && data.remaining() >= buffer.capacity()) {
                writeFully(data);
                break;
            }
            int n = Math.min(buffer.remaining(), data.remaining());
            ByteBuffer slice = data.slice();
            slice.limit(n);
            buffer.put(slice);
            data.position(data.position() + n);
        }
    }

    /** Appends {@code data}. */
    public void write(byte[] data) throws IOException {
        write(ByteBuffer.wrap(data));
    }

    /** Bytes written so far. */
    public long size() {
        return size;
    }

    /**
     * The unique name the message will have: the name of its file in {@code tmp/} with Dovecot's
     * {@code ,S=}size{@code ,W=}size-with-CRLF fields added, so readers know both sizes without
     * reading the file.
     */
    public String uniqueName() {
        return uniqueName + ",S=" + size + ",W=" + wireSize;
    }

    /**
     * Forces the data to disk, renames the file into {@code new/} and forces that directory, so
     * the message survives a crash once this returns.
     *
     * @return the delivered message
     */
    public MaildirMessage commit() throws IOException {
        checkOpen();
        finished = true;
        String finalName = uniqueName();
        Path target = maildir.root().resolve("new").resolve(finalName);
        try {
            flush();
            channel.force(true);
            channel.close();
            try {
                Files.move(tmpFile, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("Maildir tmp/ and new/ are not on one file system", e);
            }
            Maildir.forceDirectory(target.getParent());
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            Files.deleteIfExists(tmpFile);
            throw e;
        }
        maildir.changed();
        return new MaildirMessage(target, finalName, Set.of(), true);
    }

    /** Drops the message: closes and deletes the file in {@code tmp/}. Safe to call twice or after commit. */
    public void abort() {
        if (finished) {
            return;
        }
        finished = true;
        closeQuietly();
        try {
            Files.deleteIfExists(tmpFile);
        } catch (IOException ignored) {
            // Left for Maildir.cleanTmp.
        }
    }

    /** As {@link #abort()}: closing a delivery that was not committed drops it. */
    @Override
    public void close() {
        abort();
    }

    private void flush() throws IOException {
        buffer.flip();
        writeFully(buffer);
        buffer.clear();
    }

    private void writeFully(ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            channel.write(data);
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing more to do.
        }
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("delivery of " + uniqueName + " is finished");
        }
    }
}
