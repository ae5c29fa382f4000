package io.twisted.protocols.basic;

import static io.twisted.protocols.basic.Bytes.ascii;
import static io.twisted.protocols.basic.Bytes.buf;
import static io.twisted.protocols.basic.Bytes.concat;
import static io.twisted.protocols.basic.Bytes.str;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.testing.Chunkings;
import io.twisted.testing.Chunkings.Chunking;
import io.twisted.testing.StringTransport;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Int8StringReceiver, Int16StringReceiver and Int32StringReceiver, through their shared base. */
class IntNStringReceiverTest {

    static final class Recorder {
        final List<String> strings = new ArrayList<>();
        final List<Long> exceeded = new ArrayList<>();
        boolean keepOpen;
        final IntNStringReceiver receiver;
        final StringTransport transport = new StringTransport();

        Recorder(int prefixLength, int maxLength) {
            receiver = new IntNStringReceiver(prefixLength, maxLength) {
                @Override
                protected void stringReceived(byte[] s) {
                    strings.add(str(s));
                }

                @Override
                protected void lengthLimitExceeded(long length) {
                    exceed(this, length);
                }
            };
            receiver.makeConnection(transport);
        }

        void exceed(IntNStringReceiver r, long length) {
            exceeded.add(length);
            if (!keepOpen) {
                r.transport().loseConnection();
            }
        }
    }

    /** {@code s} with a big-endian length prefix of {@code n} bytes, built by hand. */
    static byte[] framed(int n, String s) {
        byte[] prefix = new byte[n];
        long len = s.length();
        for (int i = n - 1; i >= 0; i--, len >>= 8) {
            prefix[i] = (byte) len;
        }
        return concat(prefix, ascii(s));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void deliversEachStringAcrossEveryChunking(int n) {
        byte[] input = concat(framed(n, "abc"), framed(n, ""), framed(n, "x".repeat(200)), framed(n, "\0\1\2"));
        for (Chunking chunking : Chunkings.of(input)) {
            Recorder r = new Recorder(n, 1000);
            chunking.feedTo(r.receiver);
            assertEquals(List.of("abc", "", "x".repeat(200), "\0\1\2"), r.strings, chunking.name());
            assertEquals(0, r.receiver.bufferedLength());
        }
    }

    @Test
    void eachSubclassUsesItsPrefixLengthAndTwistedsDefaultLimit() {
        List<IntNStringReceiver> receivers = List.of(
                new Int8StringReceiver() {
                    @Override
                    protected void stringReceived(byte[] s) {
                    }
                },
                new Int16StringReceiver() {
                    @Override
                    protected void stringReceived(byte[] s) {
                    }
                },
                new Int32StringReceiver() {
                    @Override
                    protected void stringReceived(byte[] s) {
                    }
                });
        assertEquals(List.of(1, 2, 4), receivers.stream().map(IntNStringReceiver::prefixLength).toList());
        for (IntNStringReceiver r : receivers) {
            assertEquals(99999, r.maxLength());
        }
    }

    @Test
    void readsTheLengthBigEndian() {
        Recorder r = new Recorder(2, 1000);
        byte[] payload = new byte[0x0102];
        r.receiver.dataReceived(ByteBuffer.wrap(concat(new byte[] {0x01, 0x02}, payload)));
        assertEquals(1, r.strings.size());
        assertEquals(0x0102, r.strings.get(0).length());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void sendStringWritesABigEndianPrefix(int n) {
        Recorder r = new Recorder(n, 1000);
        r.receiver.sendString(ascii("hello"));
        assertArrayEquals(framed(n, "hello"), r.transport.value());
        assertEquals(n, r.receiver.prefixLength());
    }

    @Test
    void sendStringRejectsWhatThePrefixCannotEncode() {
        Recorder r = new Recorder(1, 1000);
        r.receiver.sendString(new byte[255]);
        assertThrows(StringTooLongException.class, () -> r.receiver.sendString(new byte[256]));
        Recorder r16 = new Recorder(2, 1000);
        assertThrows(StringTooLongException.class, () -> r16.receiver.sendString(new byte[65536]));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void closesOnALengthOverTheLimitWithoutBufferingThePayload(int n) {
        byte[] input = concat(framed(n, "ok"), framed(n, "0123456789A"), framed(n, "never"));
        for (Chunking chunking : Chunkings.of(input)) {
            Recorder r = new Recorder(n, 10);
            chunking.feedTo(r.receiver);
            assertEquals(List.of("ok"), r.strings, chunking.name());
            assertEquals(List.of(11L), r.exceeded, chunking.name());
            assertTrue(r.transport.isDisconnecting());
            assertTrue(r.receiver.bufferedLength() <= n + 10, chunking.name());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void skipsATooLongStringWhenKeptOpen(int n) {
        byte[] input = concat(framed(n, "0123456789A"), framed(n, "next"));
        for (Chunking chunking : Chunkings.of(input)) {
            Recorder r = new Recorder(n, 10);
            r.keepOpen = true;
            chunking.feedTo(r.receiver);
            assertEquals(List.of("next"), r.strings, chunking.name());
            assertEquals(List.of(11L), r.exceeded, chunking.name());
            assertFalse(r.transport.isDisconnecting());
        }
    }

    @Test
    void reportsAnUnsignedThirtyTwoBitLength() {
        Recorder r = new Recorder(4, IntNStringReceiver.DEFAULT_MAX_LENGTH);
        r.receiver.dataReceived(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}));
        assertEquals(List.of(0xffffffffL), r.exceeded);
    }

    @Test
    void holdsStringsWhilePaused() {
        Recorder r = new Recorder(2, 100);
        r.receiver.pauseProducing();
        r.receiver.dataReceived(ByteBuffer.wrap(concat(framed(2, "a"), framed(2, "b"))));
        assertEquals(List.of(), r.strings);
        r.receiver.resumeProducing();
        assertEquals(List.of("a", "b"), r.strings);
    }

    static Stream<Integer> prefixes() {
        return Stream.of(1, 2, 4);
    }

    @ParameterizedTest
    @MethodSource("prefixes")
    void handsTheRestToTheNewTransportAfterStartTls(int n) {
        List<String> got = new ArrayList<>();
        IntNStringReceiver r = new Int32StringReceiver() {
            @Override
            protected void stringReceived(byte[] s) {
                got.add(str(s));
                transport.startTLS(null);
            }
        };
        TlsSwitchingTransport plain = new TlsSwitchingTransport(r);
        r.makeConnection(plain);
        r.dataReceived(ByteBuffer.wrap(concat(framed(4, "go"), ascii("\u0016".repeat(n)))));
        assertEquals(List.of("go"), got);
        assertEquals("\u0016".repeat(n), str(plain.tls.unreadValue()));
        r.dataReceived(buf(""));
        assertEquals(0, r.bufferedLength());
    }
}
