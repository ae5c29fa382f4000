package io.twisted.protocols.basic;

import static io.twisted.protocols.basic.Bytes.ascii;
import static io.twisted.protocols.basic.Bytes.buf;
import static io.twisted.protocols.basic.Bytes.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.testing.Chunkings;
import io.twisted.testing.Chunkings.Chunking;
import io.twisted.testing.StringTransport;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LineReceiverTest {

    /** Records lines and raw sections ("raw:" events are merged while raw data keeps coming). */
    static class Recorder extends LineReceiver {
        final List<String> events = new ArrayList<>();
        final List<String> tooLong = new ArrayList<>();
        BiConsumer<Recorder, String> onLine = (r, l) -> { };
        int rawRemaining;

        Recorder() {
        }

        Recorder(int maxLength) {
            super(maxLength);
        }

        @Override
        protected void lineReceived(byte[] line) {
            String l = str(line);
            events.add("line:" + l);
            onLine.accept(this, l);
        }

        @Override
        protected void rawDataReceived(ByteBuffer data) {
            int n = Math.min(rawRemaining, data.remaining());
            byte[] raw = new byte[n];
            data.get(raw);
            rawRemaining -= n;
            int last = events.size() - 1;
            if (last >= 0 && events.get(last).startsWith("raw:") && !events.get(last).endsWith("|")) {
                events.set(last, events.get(last) + str(raw));
            } else {
                events.add("raw:" + str(raw));
            }
            if (rawRemaining == 0) {
                events.set(events.size() - 1, events.get(events.size() - 1) + "|");
                setLineMode(data);
            }
        }

        @Override
        protected void lineLengthExceeded(byte[] lineStart) {
            tooLong.add(str(lineStart));
            super.lineLengthExceeded(lineStart);
        }

        List<String> lines() {
            return events.stream().filter(e -> e.startsWith("line:")).map(e -> e.substring(5)).toList();
        }
    }

    static Recorder connected(Recorder r) {
        r.makeConnection(new StringTransport());
        return r;
    }

    static StringTransport transportOf(Recorder r) {
        return (StringTransport) r.transport();
    }

    static Stream<Chunking> threeLines() {
        return Chunkings.of(ascii("foo\r\nbar\r\n\r\nbaz")).stream();
    }

    @ParameterizedTest
    @MethodSource("threeLines")
    void deliversEachLineWithoutItsDelimiter(Chunking chunking) {
        Recorder r = connected(new Recorder());
        chunking.feedTo(r);
        assertEquals(List.of("foo", "bar", ""), r.lines());
        assertEquals("baz", str(r.clearLineBuffer()));
        assertEquals(0, r.bufferedLength());
    }

    static Stream<Chunking> lfOnly() {
        return Chunkings.of(ascii("a\r\nb\nc\n")).stream();
    }

    @ParameterizedTest
    @MethodSource("lfOnly")
    void splitsOnASingleByteDelimiter(Chunking chunking) {
        Recorder r = connected(new Recorder());
        r.setDelimiter(ascii("\n"));
        chunking.feedTo(r);
        assertEquals(List.of("a\r", "b", "c"), r.lines());
    }

    static Stream<Chunking> overlapping() {
        return Chunkings.of(ascii("1xyxyz2xyzxxyzz")).stream();
    }

    @ParameterizedTest
    @MethodSource("overlapping")
    void findsAMultiByteDelimiterAfterAPartialMatch(Chunking chunking) {
        Recorder r = connected(new Recorder());
        r.setDelimiter(ascii("xyz"));
        chunking.feedTo(r);
        assertEquals(List.of("1xy", "2", "x"), r.lines());
        assertEquals("z", str(r.clearLineBuffer()));
    }

    static Stream<Chunking> crInLine() {
        return Chunkings.of(ascii("a\r\r\nb\rc\r\n")).stream();
    }

    @ParameterizedTest
    @MethodSource("crInLine")
    void keepsALoneCarriageReturnInTheLine(Chunking chunking) {
        Recorder r = connected(new Recorder());
        chunking.feedTo(r);
        assertEquals(List.of("a\r", "b\rc"), r.lines());
    }

    @Test
    void sendLineAppendsTheDelimiter() {
        Recorder r = connected(new Recorder());
        r.sendLine(ascii("HELO"));
        r.sendLine("caf\u00e9");
        r.sendLine(buf("x"));
        r.setDelimiter(ascii("\n"));
        r.sendLine("y");
        assertEquals("HELO\r\ncaf\u00e9\r\nx\r\ny\n", transportOf(r).valueAsString());
    }

    static Stream<Chunking> mixedModes() {
        return Chunkings.of(ascii("RAW 5\r\n12345line\r\nRAW 3\r\nabcRAW 2\r\n\r\n\r\ndone\r\n")).stream();
    }

    @ParameterizedTest
    @MethodSource("mixedModes")
    void switchesToRawModeMidBufferAndBackWithTheExtraBytes(Chunking chunking) {
        Recorder r = connected(new Recorder());
        r.onLine = (rec, line) -> {
            if (line.startsWith("RAW ")) {
                rec.rawRemaining = Integer.parseInt(line.substring(4));
                rec.setRawMode();
            }
        };
        chunking.feedTo(r);
        assertEquals(List.of("line:RAW 5", "raw:12345|", "line:line", "line:RAW 3", "raw:abc|",
                "line:RAW 2", "raw:\r\n|", "line:", "line:done"), r.events);
        assertTrue(r.isLineMode());
    }

    @Test
    void setLineModeWithExtraOutsideACallbackParsesIt() {
        Recorder r = connected(new Recorder());
        r.setRawMode();
        r.setLineMode(ascii("a\r\nb"));
        r.dataReceived(buf("c\r\n"));
        assertEquals(List.of("a", "bc"), r.lines());
    }

    @Test
    void rawModeByDefaultDiscardsData() {
        LineReceiver r = new LineReceiver() {
            @Override
            protected void lineReceived(byte[] line) {
                throw new AssertionError("no line expected");
            }
        };
        r.makeConnection(new StringTransport());
        r.setRawMode();
        r.dataReceived(buf("x\r\n"));
        assertEquals(0, r.bufferedLength());
    }

    static Stream<Chunking> limitLines() {
        return Chunkings.of(ascii("12345\r\n123456\r\n")).stream();
    }

    @ParameterizedTest
    @MethodSource("limitLines")
    void acceptsALineOfMaxLengthAndClosesOnALongerOne(Chunking chunking) {
        Recorder r = connected(new Recorder(5));
        chunking.feedTo(r);
        assertEquals(List.of("12345"), r.lines());
        assertEquals(List.of("123456"), r.tooLong);
        assertTrue(transportOf(r).isDisconnecting());
    }

    static Stream<Chunking> longThenShort() {
        return Chunkings.of(ascii("toolongline\r\nok\r\nalsotoolong\r\n\r\n")).stream();
    }

    @ParameterizedTest
    @MethodSource("longThenShort")
    void skipsTheRestOfATooLongLineWhenTheConnectionStaysOpen(Chunking chunking) {
        Recorder r = new Recorder(5) {
            @Override
            protected void lineLengthExceeded(byte[] lineStart) {
                tooLong.add(str(lineStart));
                sendLine("500 line too long");
            }
        };
        connected(r);
        chunking.feedTo(r);
        assertEquals(List.of("toolon", "alsoto"), r.tooLong);
        assertEquals(List.of("ok", ""), r.lines());
        assertEquals("500 line too long\r\n500 line too long\r\n", transportOf(r).valueAsString());
        assertFalse(transportOf(r).isDisconnecting());
    }

    @Test
    void aMegabyteLineNeverBuffersMoreThanTheLimit() {
        byte[] huge = new byte[1 << 20];
        Arrays.fill(huge, (byte) 'x');
        byte[] input = Bytes.concat(huge, ascii("\r\n"));
        for (Chunking chunking : List.of(Chunkings.whole(input), Chunkings.inPiecesOf(input, 4096),
                Chunkings.inPiecesOf(input, 16385), Chunkings.bytewise(input))) {
            Recorder r = new Recorder();
            r.makeConnection(new StringTransport());
            int[] most = {0};
            chunking.forEach(b -> {
                r.dataReceived(b);
                most[0] = Math.max(most[0], r.bufferedLength());
            });
            assertEquals(1, r.tooLong.size(), chunking.name());
            assertEquals(LineReceiver.DEFAULT_MAX_LENGTH + 1, r.tooLong.get(0).length(), chunking.name());
            assertTrue(most[0] <= LineReceiver.DEFAULT_MAX_LENGTH + 1, chunking.name() + " buffered " + most[0]);
            assertTrue(transportOf(r).isDisconnecting());
            assertEquals(List.of(), r.lines());
        }
    }

    @Test
    void aMegabyteLineWithoutDelimiterIsReportedOnceAndDiscarded() {
        byte[] huge = new byte[1 << 20];
        Arrays.fill(huge, (byte) 'y');
        Recorder r = new Recorder() {
            @Override
            protected void lineLengthExceeded(byte[] lineStart) {
                tooLong.add(str(lineStart));
            }
        };
        r.makeConnection(new StringTransport());
        int[] most = {0};
        Chunkings.inPiecesOf(huge, 1000).forEach(b -> {
            r.dataReceived(b);
            most[0] = Math.max(most[0], r.bufferedLength());
        });
        r.dataReceived(buf("yy\r\nnext\r\n"));
        assertEquals(1, r.tooLong.size());
        assertTrue(most[0] <= LineReceiver.DEFAULT_MAX_LENGTH + 1, "buffered " + most[0]);
        assertEquals(List.of("next"), r.lines());
    }

    static Stream<Chunking> abc() {
        return Chunkings.of(ascii("a\r\nb\r\nc\r\n")).stream();
    }

    @ParameterizedTest
    @MethodSource("abc")
    void pauseStopsDeliveryAndResumeDeliversTheBufferedLines(Chunking chunking) {
        Recorder r = connected(new Recorder());
        r.onLine = (rec, line) -> {
            if (line.equals("a")) {
                rec.pauseProducing();
            }
        };
        chunking.feedTo(r);
        assertEquals(List.of("a"), r.lines());
        assertTrue(r.isPaused());
        assertEquals(StringTransport.ProducerState.PAUSED, transportOf(r).producerState());
        r.resumeProducing();
        assertEquals(List.of("a", "b", "c"), r.lines());
        assertEquals(StringTransport.ProducerState.PRODUCING, transportOf(r).producerState());
    }

    @Test
    void resumingInsideTheCallbackGoesOnDelivering() {
        Recorder r = connected(new Recorder());
        r.onLine = (rec, line) -> {
            rec.pauseProducing();
            rec.resumeProducing();
        };
        r.dataReceived(buf("a\r\nb\r\n"));
        assertEquals(List.of("a", "b"), r.lines());
    }

    @ParameterizedTest
    @MethodSource("abc")
    void stopsDeliveringOnceTheTransportIsDisconnecting(Chunking chunking) {
        Recorder r = connected(new Recorder());
        r.onLine = (rec, line) -> {
            if (line.equals("b")) {
                rec.transport().loseConnection();
            }
        };
        chunking.feedTo(r);
        assertEquals(List.of("a", "b"), r.lines());
    }

    @Test
    void stopProducingStopsDeliveryForGood() {
        Recorder r = connected(new Recorder());
        r.stopProducing();
        r.dataReceived(buf("a\r\n"));
        assertEquals(List.of(), r.lines());
        assertEquals(StringTransport.ProducerState.STOPPED, transportOf(r).producerState());
    }

    @ParameterizedTest
    @MethodSource("abc")
    void clearLineBufferInsideLineReceivedReturnsTheUnprocessedRest(Chunking chunking) {
        Recorder r = connected(new Recorder());
        StringBuilder seen = new StringBuilder();
        r.onLine = (rec, line) -> seen.append(line).append("\r\n").append(str(rec.clearLineBuffer()));
        chunking.feedTo(r);
        // Whatever had arrived after a line is returned once, in order, and never delivered as lines.
        seen.append(str(r.clearLineBuffer()));
        assertEquals("a\r\nb\r\nc\r\n", seen.toString());
        assertEquals("a", r.lines().get(0));
        assertEquals(0, r.bufferedLength());
    }

    @Test
    void dataReceivedFromACallbackIsQueuedAfterTheRest() {
        Recorder r = connected(new Recorder());
        r.onLine = (rec, line) -> {
            if (line.equals("x")) {
                rec.dataReceived(buf("y\r\n"));
            }
        };
        r.dataReceived(buf("x\r\nz\r\n"));
        assertEquals(List.of("x", "z", "y"), r.lines());
    }

    static Stream<Chunking> starttls() {
        return Chunkings.of(ascii("EHLO a\r\nSTARTTLS\r\nINJECTED\r\n\u0016\u0003\u0001")).stream();
    }

    @ParameterizedTest
    @MethodSource("starttls")
    void handsTheRestToTheNewTransportAfterStartTls(Chunking chunking) {
        Recorder r = new Recorder();
        TlsSwitchingTransport plain = new TlsSwitchingTransport(r);
        r.makeConnection(plain);
        r.onLine = (rec, line) -> {
            if (line.equals("STARTTLS")) {
                rec.sendLine("220 go ahead");
                rec.transport().startTLS(null);
            }
        };
        StringBuilder afterSwitch = new StringBuilder();
        chunking.forEach(b -> {
            if (plain.tlsStarted()) {
                afterSwitch.append(Bytes.str(b)); // the TLS layer reads the socket from now on
            } else {
                r.dataReceived(b);
            }
        });
        assertEquals(List.of("EHLO a", "STARTTLS"), r.lines());
        assertEquals("220 go ahead\r\n", plain.valueAsString());
        assertEquals("INJECTED\r\n\u0016\u0003\u0001", str(plain.tls.unreadValue()) + afterSwitch);
        assertEquals(0, plain.unreadValue().length);
        assertEquals(0, r.bufferedLength());
    }

    @Test
    void bytesTheNewTransportRedeliversAtOnceAreParsedAfterTheSwitch() {
        Recorder r = new Recorder();
        // A "TLS layer" that decrypts (here: upper-cases) what it is given and delivers it at once.
        StringTransport tls = new StringTransport() {
            @Override
            public void unreadData(ByteBuffer data) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                r.dataReceived(ByteBuffer.wrap(str(b).toUpperCase(java.util.Locale.ROOT).getBytes(
                        java.nio.charset.StandardCharsets.ISO_8859_1)));
            }
        };
        StringTransport plain = new StringTransport() {
            @Override
            public void startTLS(io.twisted.internet.tls.TlsOptions options) {
                r.setTransport(tls);
            }
        };
        r.makeConnection(plain);
        r.onLine = (rec, line) -> {
            if (line.equals("starttls")) {
                rec.transport().startTLS(null);
            }
        };
        r.dataReceived(buf("starttls\r\nsecret\r\nmore"));
        assertEquals(List.of("starttls", "SECRET"), r.lines());
        r.dataReceived(buf("\r\n"));
        assertEquals(List.of("starttls", "SECRET", "MORE"), r.lines());
    }

    @Test
    void matchesANaiveSplitterOnRandomInputAndReads() {
        java.util.Random random = new java.util.Random(20261121);
        byte[][] delimiters = {ascii("\r\n"), ascii("\n"), ascii("aab"), ascii("\0\0\0\1")};
        for (int round = 0; round < 300; round++) {
            byte[] delimiter = delimiters[round % delimiters.length];
            byte[] input = new byte[random.nextInt(400)];
            for (int i = 0; i < input.length; i++) {
                // a small alphabet so delimiters and partial delimiters are frequent
                input[i] = "ab\r\n\0\1".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)[random.nextInt(6)];
            }
            int maxLength = 1 + random.nextInt(40);
            List<String> expected = naiveLines(input, delimiter, maxLength);
            Recorder r = new Recorder(maxLength) {
                @Override
                protected void lineLengthExceeded(byte[] lineStart) {
                    events.add("line:<too long>");
                }
            };
            r.makeConnection(new StringTransport());
            r.setDelimiter(delimiter);
            int at = 0;
            while (at < input.length) {
                int n = Math.min(input.length - at, 1 + random.nextInt(16));
                ByteBuffer chunk = ByteBuffer.allocate(n + 4).position(2);
                chunk.put(input, at, n).flip().position(2);
                r.dataReceived(chunk);
                at += n;
                assertTrue(r.bufferedLength() <= maxLength + delimiter.length - 1, "round " + round);
            }
            assertEquals(expected, r.lines(), "round " + round);
        }
    }

    /** Lines as a reference splitter sees them: too-long lines reported once, rest of them skipped. */
    private static List<String> naiveLines(byte[] input, byte[] delimiter, int maxLength) {
        String text = str(input);
        String delim = str(delimiter);
        List<String> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int at = text.indexOf(delim, from);
            if (at < 0) {
                if (text.length() - from > maxLength + delim.length() - 1) {
                    out.add("<too long>");
                }
                return out;
            }
            out.add(at - from > maxLength ? "<too long>" : text.substring(from, at));
            from = at + delim.length();
        }
    }

    @Test
    void anOverrideOfDataReceivedSeesEachReadOnce() {
        int[] reads = {0};
        Recorder r = new Recorder() {
            @Override
            public void dataReceived(ByteBuffer data) {
                reads[0]++;
                super.dataReceived(data);
            }
        };
        connected(r);
        r.onLine = (rec, line) -> {
            if (line.equals("a")) {
                rec.pauseProducing();
                rec.resumeProducing();
                rec.setLineMode(ascii("extra\r\n"));
            }
        };
        r.dataReceived(buf("a\r\n"));
        assertEquals(1, reads[0]);
        assertEquals(List.of("a", "extra"), r.lines());
    }

    /** A stand-in TLS layer that XORs every byte with 0x5A, inserted under the protocol. */
    static final class XorLayer extends io.twisted.protocols.policies.ProtocolWrapper {
        XorLayer(io.twisted.internet.Protocol upper) {
            super(null, upper);
        }

        static ByteBuffer xor(ByteBuffer data) {
            ByteBuffer out = ByteBuffer.allocate(data.remaining());
            while (data.hasRemaining()) {
                out.put((byte) (data.get() ^ 0x5A));
            }
            return out.flip();
        }

        @Override
        public void connectionMade() {
            // a layer under a running protocol: the protocol is already connected
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            super.dataReceived(xor(data));
        }

        @Override
        public void write(ByteBuffer data) {
            super.write(xor(data));
        }
    }

    @Test
    void pipelinedBytesAfterStartTlsReachTheTlsLayerOverALoopback() {
        for (int chunkSize : new int[] {1, 2, 5, 9, 64 * 1024}) {
            Recorder server = new Recorder();
            server.onLine = (rec, line) -> {
                if (line.equals("STARTTLS")) {
                    rec.sendLine("220 ready");
                    rec.transport().startTLS(null);
                } else {
                    rec.sendLine("250 " + line);
                }
            };
            io.twisted.testing.AccumulatingProtocol client = new io.twisted.testing.AccumulatingProtocol();
            io.twisted.testing.LoopbackPump pump = io.twisted.testing.LoopbackPump.builder()
                    .chunkSize(chunkSize)
                    .tls((transport, options) -> transport.insertLayer(new XorLayer(transport.protocol())))
                    .connect(server, client);
            // The client pipelines its first "encrypted" command behind STARTTLS, in one write.
            client.transport().write(buf("STARTTLS\r\n"));
            client.transport().write(XorLayer.xor(buf("EHLO secure\r\n")));
            pump.pump();
            assertEquals(List.of("STARTTLS", "EHLO secure"), server.lines(), "chunk size " + chunkSize);
            byte[] got = client.value();
            assertEquals("220 ready\r\n", str(Arrays.copyOf(got, 11)));
            assertEquals("250 EHLO secure\r\n", Bytes.str(XorLayer.xor(ByteBuffer.wrap(got, 11, got.length - 11))));
        }
    }

    @Test
    void anExceptionFromLineReceivedPropagatesAndTheRestIsKept() {
        Recorder r = connected(new Recorder());
        r.onLine = (rec, line) -> {
            if (line.equals("boom")) {
                throw new IllegalStateException("bug in the protocol");
            }
        };
        assertThrows(IllegalStateException.class, () -> r.dataReceived(buf("boom\r\nnext\r\npart")));
        assertEquals(List.of("boom"), r.lines());
        r.dataReceived(buf("ial\r\n"));
        assertEquals(List.of("boom", "next", "partial"), r.lines());
    }

    @Test
    void startTlsWithTheRealTlsLayerOverALoopbackAtEveryChunkSize() {
        for (int chunkSize : new int[] {1, 3, 100, 64 * 1024}) {
            StartTlsLoopback.Server server = new StartTlsLoopback.Server();
            StartTlsLoopback.Client client = new StartTlsLoopback.Client();
            io.twisted.testing.LoopbackPump pump = io.twisted.testing.LoopbackPump.builder()
                    .chunkSize(chunkSize).maxSteps(1_000_000).connect(server, client);
            client.sendLine("STARTTLS");
            pump.pump();
            assertEquals(List.of("STARTTLS", "EHLO secure"), server.lines, "chunk size " + chunkSize);
            assertEquals(List.of("220 go ahead", "250 EHLO secure"), client.lines, "chunk size " + chunkSize);
        }
    }

    @Test
    void plaintextPipelinedAfterStartTlsIsNeverTakenAsACommand() {
        for (int chunkSize : new int[] {1, 4, 64 * 1024}) {
            StartTlsLoopback.Server server = new StartTlsLoopback.Server();
            io.twisted.testing.AccumulatingProtocol attacker = new io.twisted.testing.AccumulatingProtocol();
            io.twisted.testing.LoopbackPump pump = io.twisted.testing.LoopbackPump.builder()
                    .chunkSize(chunkSize).connect(server, attacker);
            // CVE-2011-0411: a man in the middle appends a plaintext command after STARTTLS.
            attacker.transport().write(buf("STARTTLS\r\nRCPT TO:<victim@example.com>\r\n"));
            pump.pump();
            assertEquals(List.of("STARTTLS"), server.lines, "chunk size " + chunkSize);
            assertEquals("220 go ahead\r\n", attacker.valueAsString().substring(0, 14));
            assertFalse(attacker.valueAsString().contains("250"), "chunk size " + chunkSize);
        }
    }

    @Test
    void emptyReadsDeliverNothing() {
        Recorder r = connected(new Recorder());
        r.dataReceived(ByteBuffer.allocate(0));
        r.dataReceived(buf("a"));
        r.dataReceived(ByteBuffer.allocate(0));
        assertEquals(List.of(), r.lines());
        assertEquals(1, r.bufferedLength());
    }

    @Test
    void readsDirectBuffers() {
        Recorder r = connected(new Recorder());
        ByteBuffer direct = ByteBuffer.allocateDirect(16);
        direct.put(ascii("xx\r\nyy\r\nz")).flip();
        r.dataReceived(direct);
        r.dataReceived(buf("\r\n"));
        assertEquals(List.of("xx", "yy", "z"), r.lines());
    }

    @Test
    void rejectsAnEmptyDelimiterAndANegativeLimit() {
        Recorder r = new Recorder();
        assertThrows(IllegalArgumentException.class, () -> r.setDelimiter(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> r.setMaxLength(-1));
    }

    @Test
    void changingTheDelimiterInsideLineReceivedAppliesToTheNextLine() {
        Recorder r = connected(new Recorder());
        r.onLine = (rec, line) -> rec.setDelimiter(ascii("\n"));
        r.dataReceived(buf("a\r\nb\r\n"));
        assertEquals(List.of("a", "b\r"), r.lines());
    }
}
