package io.twisted.web.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.Protocol;
import io.twisted.internet.task.Clock;
import io.twisted.testing.FakeTransport;
import io.twisted.testing.LoopbackPump;
import io.twisted.web.server.Site;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that stops reading, then reads a few bytes at a time, from a 1 GiB (sparse) static file:
 * the server keeps at most its high watermark plus one producer turn queued, and its file producer
 * stays paused while the client does not read. In memory (LoopbackPump, Clock): no sleeps, no heap
 * measurements.
 */
class SlowReaderTest {

    static final long ONE_GIB = 1L << 30;
    /** High watermark, plus what one producer turn may write past it, plus the response head. */
    static final long QUEUE_BOUND = FakeTransport.DEFAULT_HIGH_WATERMARK
            + (long) FileProducer.CHUNKS_PER_TURN * FileProducer.CHUNK_SIZE + 1024;

    @TempDir
    Path root;

    /** Counts what it receives, keeps nothing, and stops reading once it has its allowance. */
    static final class CountingClient extends Protocol {
        long received;
        long allowance;

        @Override
        public void dataReceived(ByteBuffer data) {
            received += data.remaining();
            data.position(data.limit());
            if (received >= allowance) {
                transport.pauseProducing();
            }
        }

        /** Reads about {@code n} more bytes (the pump delivers 10 at a time), then pauses again. */
        void readSome(int n) {
            allowance = received + n;
            transport.resumeProducing();
        }
    }

    @Test
    @Timeout(20)
    void slowClientOfAHugeFileKeepsTheServerQueueBounded() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(root.resolve("huge.bin").toFile(), "rw")) {
            f.setLength(ONE_GIB); // sparse: no disk blocks are written
        }
        Clock clock = new Clock();
        Site site = new Site(new File(root), clock);
        CountingClient client = new CountingClient();
        LoopbackPump pump = LoopbackPump.builder().clock(clock).chunkSize(10).maxSteps(1_000_000)
                .connect(site.buildProtocol(LoopbackPump.DEFAULT_CLIENT_ADDRESS), client);
        FakeTransport server = pump.serverTransport();

        // the client stops reading before the response starts
        pump.clientTransport().pauseProducing();
        pump.clientTransport().write("GET /huge.bin HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 2_000; i++) {
            pump.flush();
            assertTrue(server.queuedBytes() <= QUEUE_BOUND, "queued at the server: " + server.queuedBytes());
        }
        assertEquals(0, client.received);
        assertTrue(server.isProducerPaused(), "the file producer was not paused");
        assertTrue(server.queuedBytes() > FakeTransport.DEFAULT_HIGH_WATERMARK, "the server stopped before the watermark");
        long writtenWhilePaused = server.bytesWritten();
        assertTrue(writtenWhilePaused <= QUEUE_BOUND, "written: " + writtenWhilePaused);

        // now it reads 10 bytes per step
        for (int i = 0; i < 20_000; i++) {
            client.readSome(10);
            pump.flush();
            assertTrue(server.queuedBytes() <= QUEUE_BOUND, "queued at the server: " + server.queuedBytes());
        }
        assertEquals(200_000, client.received);
        assertTrue(server.bytesWritten() <= client.received + QUEUE_BOUND,
                "the server wrote " + server.bytesWritten() + " for a client that read " + client.received);
        assertTrue(server.bytesWritten() < 2 * QUEUE_BOUND, "written: " + server.bytesWritten());

        // the client goes away: the producer stops and the file is closed with the connection
        pump.breakConnection();
        assertTrue(pump.isClosed());
    }
}
