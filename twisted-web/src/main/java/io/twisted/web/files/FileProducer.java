package io.twisted.web.files;

import io.twisted.internet.PushProducer;
import io.twisted.internet.ReactorTime;
import io.twisted.web.server.Request;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.List;

/**
 * Streams pieces of a file (and literal bytes between them, for multipart ranges) to a request as
 * a push producer: it writes up to {@value #CHUNKS_PER_TURN} chunks of {@value #CHUNK_SIZE} bytes
 * per reactor turn while the connection does not pause it, so at most the transport's high
 * watermark plus one chunk is buffered whatever the file size and the client's speed. When done
 * it unregisters and finishes the request; when the client goes away it closes the file.
 */
final class FileProducer implements PushProducer {

    /** Bytes read per chunk. */
    static final int CHUNK_SIZE = 64 * 1024;
    /** Chunks written per reactor turn before yielding to other connections. */
    static final int CHUNKS_PER_TURN = 4;

    /** Literal bytes, or {@code length} bytes of the file from {@code offset}. */
    record Piece(byte[] bytes, long offset, long length) {
        static Piece ofBytes(byte[] b) {
            return new Piece(b, 0, b.length);
        }

        static Piece ofFile(long offset, long length) {
            return new Piece(null, offset, length);
        }
    }

    private final Request request;
    private final RandomAccessFile file;
    private final List<Piece> pieces;
    private final ReactorTime reactor;
    private int index;
    private long doneInPiece;
    private boolean paused;
    private boolean stopped;
    private boolean scheduled;
    private byte[] buffer;

    FileProducer(Request request, RandomAccessFile file, List<Piece> pieces, ReactorTime reactor) {
        this.request = request;
        this.file = file;
        this.pieces = pieces;
        this.reactor = reactor;
    }

    void start() {
        request.registerProducer(this, true);
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
        stopped = true;
        close();
    }

    private void schedule() {
        if (!scheduled && !paused && !stopped) {
            scheduled = true;
            reactor.callLater(0, this::produce);
        }
    }

    private void produce() {
        scheduled = false;
        try {
            for (int i = 0; i < CHUNKS_PER_TURN && !paused && !stopped; i++) {
                if (!writeNext()) {
                    done();
                    return;
                }
            }
        } catch (IOException e) {
            stopped = true;
            close();
            request.abortConnection();
            return;
        }
        schedule();
    }

    /** Writes the next chunk; false when everything was written. */
    private boolean writeNext() throws IOException {
        while (index < pieces.size() && doneInPiece == pieces.get(index).length()) {
            index++;
            doneInPiece = 0;
        }
        if (index == pieces.size()) {
            return false;
        }
        Piece p = pieces.get(index);
        if (p.bytes() != null) {
            doneInPiece = p.length();
            request.write(p.bytes());
            return true;
        }
        int n = (int) Math.min(CHUNK_SIZE, p.length() - doneInPiece);
        if (buffer == null || buffer.length != n) {
            buffer = new byte[n];
        }
        file.seek(p.offset() + doneInPiece);
        file.readFully(buffer, 0, n);
        doneInPiece += n;
        request.write(buffer);
        return true;
    }

    private void done() {
        stopped = true;
        close();
        request.unregisterProducer();
        if (!request.isFinished() && !request.isDisconnected()) {
            request.finish();
        }
    }

    private void close() {
        try {
            file.close();
        } catch (IOException e) {
            // nothing more to do with a file we only read
        }
    }
}
