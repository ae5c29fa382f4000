package io.twisted.protocols.basic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Deferred;
import io.twisted.testing.AccumulatingProtocol;
import io.twisted.testing.LoopbackPump;
import io.twisted.testing.StringTransport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileSenderTest {

    private static byte[] content(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    /** Records what the Deferred fired with. */
    private static final class Outcome {
        final List<Object> results = new ArrayList<>();

        Outcome(Deferred<byte[]> d) {
            d.addCallbacks(r -> {
                results.add(r);
                return null;
            }, f -> {
                results.add(f.value());
                return null;
            });
        }
    }

    @Test
    void writesOneChunkEachTimeTheConsumerAsksThenFiresWithTheLastByte() {
        byte[] file = content(2 * FileSender.CHUNK_SIZE + 100);
        StringTransport transport = new StringTransport();
        FileSender sender = new FileSender();
        Outcome outcome = new Outcome(sender.beginFileTransfer(new ByteArrayInputStream(file), transport, null));
        assertSame(sender, transport.producer());
        assertEquals(false, transport.isStreaming());
        int calls = 0;
        while (transport.producer() != null) {
            int before = transport.value().length;
            sender.resumeProducing();
            assertTrue(transport.value().length - before <= FileSender.CHUNK_SIZE);
            calls++;
        }
        assertEquals(4, calls, "three chunks, then the end");
        assertArrayEquals(file, transport.value());
        assertEquals(1, outcome.results.size());
        assertArrayEquals(new byte[] {file[file.length - 1]}, (byte[]) outcome.results.get(0));
    }

    @Test
    void anEmptyFileFiresWithNoLastByte() {
        StringTransport transport = new StringTransport();
        FileSender sender = new FileSender();
        Outcome outcome = new Outcome(sender.beginFileTransfer(new ByteArrayInputStream(new byte[0]), transport, null));
        sender.resumeProducing();
        assertNull(transport.producer());
        assertArrayEquals(new byte[0], (byte[]) outcome.results.get(0));
    }

    @Test
    void appliesTheTransformToEachChunk() {
        StringTransport transport = new StringTransport();
        FileSender sender = new FileSender();
        Outcome outcome = new Outcome(sender.beginFileTransfer(new ByteArrayInputStream(Bytes.ascii("abc\r\n")), transport,
                chunk -> ByteBuffer.wrap(Bytes.str(chunk).toUpperCase(java.util.Locale.ROOT).replace("\r\n", "!")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        sender.resumeProducing();
        sender.resumeProducing();
        assertEquals("ABC!", transport.valueAsString());
        assertArrayEquals(Bytes.ascii("!"), (byte[]) outcome.results.get(0));
    }

    @Test
    void aReadErrorFailsTheDeferredAndUnregisters() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk on fire");
            }
        };
        StringTransport transport = new StringTransport();
        FileSender sender = new FileSender();
        Outcome outcome = new Outcome(sender.beginFileTransfer(broken, transport, null));
        sender.resumeProducing();
        assertNull(transport.producer());
        assertEquals("disk on fire", ((IOException) outcome.results.get(0)).getMessage());
    }

    @Test
    void stopProducingFailsTheDeferred() {
        StringTransport transport = new StringTransport();
        FileSender sender = new FileSender();
        Outcome outcome = new Outcome(sender.beginFileTransfer(new ByteArrayInputStream(content(10)), transport, null));
        sender.stopProducing();
        sender.resumeProducing();
        assertEquals(0, transport.value().length);
        assertTrue(outcome.results.get(0) instanceof IllegalStateException);
        assertEquals(1, outcome.results.size());
    }

    @Test
    void sendsOneFileOnly() {
        FileSender sender = new FileSender();
        new Outcome(sender.beginFileTransfer(new ByteArrayInputStream(new byte[0]), new StringTransport(), null));
        assertThrows(IllegalStateException.class,
                () -> sender.beginFileTransfer(new ByteArrayInputStream(new byte[0]), new StringTransport(), null));
    }

    @Test
    void theTransportDrivesItOverALoopback() {
        byte[] file = content(100_000);
        List<Object> done = new ArrayList<>();
        Protocol server = new Protocol() {
            @Override
            public void connectionMade() {
                new FileSender().beginFileTransfer(new ByteArrayInputStream(file), transport, null)
                        .addCallback(last -> {
                            done.add(last);
                            transport.loseConnection();
                            return null;
                        });
            }
        };
        AccumulatingProtocol client = new AccumulatingProtocol();
        LoopbackPump pump = LoopbackPump.builder().chunkSize(4096).connect(server, client);
        pump.pump();
        assertArrayEquals(file, client.value());
        assertEquals(1, done.size());
        assertTrue(client.isLost());
    }
}
