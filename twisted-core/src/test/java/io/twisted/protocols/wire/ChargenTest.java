package io.twisted.protocols.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.PushProducer;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionDone;
import io.twisted.internet.task.Clock;
import io.twisted.testing.StringTransport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChargenTest {

    /** The first two lines of the example in RFC 864. */
    private static final String RFC_864_FIRST_LINES =
            "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefgh\r\n"
            + "\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghi\r\n";

    /** A transport with a write queue that pauses its producer past a high watermark, as a real one. */
    static final class WatermarkTransport extends StringTransport {
        final int highWatermark;
        boolean producerPaused;

        WatermarkTransport(int highWatermark) {
            this.highWatermark = highWatermark;
        }

        @Override
        public void write(ByteBuffer data) {
            super.write(data);
            if (!producerPaused && value().length > highWatermark && producer() != null) {
                producerPaused = true;
                ((PushProducer) producer()).pauseProducing();
            }
        }

        /** The peer reads everything queued. */
        void drain() {
            clear();
            if (producerPaused) {
                producerPaused = false;
                producer().resumeProducing();
            }
        }
    }

    private final Clock clock = new Clock();

    @Test
    void sendsTheRfc864Pattern() {
        Chargen chargen = new Chargen(clock);
        StringTransport transport = new StringTransport();
        chargen.makeConnection(transport);
        String out = transport.valueAsString();
        assertTrue(out.startsWith(RFC_864_FIRST_LINES), out.substring(0, 148));
        String[] lines = out.split("\r\n", -1);
        for (int i = 0; i < 200; i++) {
            assertEquals(Chargen.LINE_WIDTH, lines[i].length());
            assertEquals(lines[i], lines[i + 95], "the pattern repeats every 95 lines");
            assertEquals(lines[i].substring(1), lines[i + 1].substring(0, Chargen.LINE_WIDTH - 1));
        }
        String allPrintable = new String(Chargen.pattern(), 0, Chargen.LINE_WIDTH, StandardCharsets.US_ASCII)
                + lines[72].substring(0, 23);
        assertEquals(95, allPrintable.chars().distinct().count());
    }

    @Test
    void registersAsAStreamingProducer() {
        Chargen chargen = new Chargen(clock);
        StringTransport transport = new StringTransport();
        chargen.makeConnection(transport);
        assertSame(chargen, transport.producer());
        assertTrue(transport.isStreaming());
    }

    @Test
    void stopsWritingWhenPausedSoASlowReaderDoesNotGrowMemory() {
        WatermarkTransport transport = new WatermarkTransport(20_000);
        Chargen chargen = new Chargen(clock);
        chargen.makeConnection(transport);
        int queued = transport.value().length;
        assertTrue(queued > 20_000 && queued <= 20_000 + Chargen.pattern().length, "queued " + queued);
        clock.advance(0);
        clock.advance(1);
        assertEquals(queued, transport.value().length);
        assertEquals(0, clock.getDelayedCalls().size());
        transport.drain();
        assertTrue(transport.value().length > 20_000);
    }

    @Test
    void writesOneBurstPerReactorTurnUntilTheTransportPausesIt() {
        WatermarkTransport transport = new WatermarkTransport(3 * Chargen.BURST);
        Chargen chargen = new Chargen(clock);
        chargen.makeConnection(transport);
        assertEquals(Chargen.BURST, transport.value().length);
        assertEquals(1, clock.getDelayedCalls().size());
        clock.advance(0);
        int queued = transport.value().length;
        assertTrue(queued > 3 * Chargen.BURST && queued <= 3 * Chargen.BURST + Chargen.pattern().length, "queued " + queued);
        assertEquals(0, clock.getDelayedCalls().size());
    }

    @Test
    void stopsForGoodWhenTheConnectionIsLostOrStopped() {
        StringTransport transport = new StringTransport();
        Chargen chargen = new Chargen(clock);
        chargen.makeConnection(transport);
        chargen.disconnect(new Failure(new ConnectionDone()));
        int before = transport.value().length;
        clock.advance(0);
        chargen.resumeProducing();
        assertEquals(before, transport.value().length);
        assertEquals(0, clock.getDelayedCalls().size());

        StringTransport other = new StringTransport();
        Chargen stopped = new Chargen(clock);
        stopped.makeConnection(other);
        stopped.stopProducing();
        clock.advance(0);
        assertEquals(Chargen.BURST, other.value().length);
    }

    @Test
    void aSlowReaderOverALoopbackNeverMakesTheQueueGrowPastTheWatermark() {
        io.twisted.testing.AccumulatingProtocol reader = new io.twisted.testing.AccumulatingProtocol();
        Chargen chargen = new Chargen(clock);
        io.twisted.testing.LoopbackPump pump = io.twisted.testing.LoopbackPump.builder()
                .clock(clock).watermarks(16 * 1024, 4 * 1024).chunkSize(1000).connect(chargen, reader);
        io.twisted.testing.FakeTransport toReader = pump.serverTransport();
        int bound = 16 * 1024 + Chargen.pattern().length;
        pump.clientTransport().pauseProducing(); // the reader stops reading
        for (int i = 0; i < 50; i++) {
            pump.flush();
            assertTrue(toReader.queuedBytes() <= bound, "queued " + toReader.queuedBytes());
        }
        assertTrue(toReader.isProducerPaused());
        assertEquals(0, reader.value().length);
        pump.clientTransport().resumeProducing(); // it reads again, slowly: 1000 bytes a step
        for (int i = 0; i < 200; i++) {
            pump.flush();
            assertTrue(toReader.queuedBytes() <= bound, "queued " + toReader.queuedBytes());
        }
        byte[] got = reader.value();
        assertTrue(got.length >= 100_000, "read " + got.length);
        byte[] cycle = Chargen.pattern();
        for (int i = 0; i < got.length; i++) {
            assertEquals(cycle[i % cycle.length], got[i]);
        }
        reader.transport().loseConnection();
        pump.pump();
        assertEquals(0, clock.getDelayedCalls().size());
    }

    @Test
    void discardsWhatItReceives() {
        StringTransport transport = new StringTransport();
        Chargen chargen = new Chargen(clock);
        chargen.makeConnection(transport);
        ByteBuffer in = ByteBuffer.wrap(new byte[] {1, 2, 3});
        chargen.dataReceived(in);
        assertEquals(0, in.remaining());
    }

    @Test
    void stopsWhenTheTransportIsDisconnecting() {
        StringTransport transport = new StringTransport();
        Chargen chargen = new Chargen(clock);
        chargen.makeConnection(transport);
        transport.loseConnection();
        clock.advance(0);
        assertEquals(Chargen.BURST, transport.value().length);
    }
}
