package io.twisted.protocols.basic;

import static io.twisted.protocols.basic.Bytes.ascii;
import static io.twisted.protocols.basic.Bytes.buf;
import static io.twisted.protocols.basic.Bytes.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.testing.Chunkings;
import io.twisted.testing.Chunkings.Chunking;
import io.twisted.testing.StringTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NetstringReceiverTest {

    static class Recorder extends NetstringReceiver {
        final List<String> strings = new ArrayList<>();
        final List<String> errors = new ArrayList<>();

        Recorder() {
        }

        Recorder(int maxLength) {
            super(maxLength);
        }

        @Override
        protected void stringReceived(byte[] string) {
            strings.add(str(string));
        }

        @Override
        protected void handleParseError(NetstringParseException error) {
            errors.add(error.getMessage());
            super.handleParseError(error);
        }
    }

    static Recorder connected(Recorder r) {
        r.makeConnection(new StringTransport());
        return r;
    }

    static Stream<Chunking> valid() {
        // 3:abc  the empty netstring 0:,  data with ':' ',' and CRLF inside  12 bytes
        return Chunkings.of(ascii("3:abc,0:,5:a:,\r\n,12:hello world!,")).stream();
    }

    @ParameterizedTest
    @MethodSource("valid")
    void deliversEachNetstring(Chunking chunking) {
        Recorder r = connected(new Recorder());
        chunking.feedTo(r);
        assertEquals(List.of("abc", "", "a:,\r\n", "hello world!"), r.strings);
        assertEquals(List.of(), r.errors);
        assertFalse(r.transport().isDisconnecting());
        assertEquals(0, r.bufferedLength());
    }

    @Test
    void sendStringWritesLengthColonDataComma() {
        Recorder r = connected(new Recorder());
        r.sendString(ascii("hello"));
        r.sendString(new byte[0]);
        assertEquals("5:hello,0:,", ((StringTransport) r.transport()).valueAsString());
    }

    @Test
    void readsBackWhatItSends() {
        Recorder sender = connected(new Recorder());
        byte[] big = new byte[5000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        sender.sendString(big);
        byte[] wire = ((StringTransport) sender.transport()).value();
        for (Chunking chunking : List.of(Chunkings.whole(wire), Chunkings.bytewise(wire), Chunkings.inPiecesOf(wire, 7))) {
            List<byte[]> got = new ArrayList<>();
            NetstringReceiver r = new NetstringReceiver() {
                @Override
                protected void stringReceived(byte[] string) {
                    got.add(string);
                }
            };
            r.makeConnection(new StringTransport());
            chunking.feedTo(r);
            assertEquals(1, got.size(), chunking.name());
            assertTrue(java.util.Arrays.equals(big, got.get(0)), chunking.name());
        }
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("01:a,", "leading zero"),
                Arguments.of("00:,", "leading zero"),
                Arguments.of(":abc,", "empty length"),
                Arguments.of("3x:abc,", "invalid byte 0x78"),
                Arguments.of("-1:a,", "invalid byte 0x2d"),
                Arguments.of("3:abcX", "missing ','"),
                Arguments.of("3:abc;", "missing ','"),
                Arguments.of("100000:", "longer than 5 digits"),
                Arguments.of("99999999999999999999999:", "longer than 5 digits"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void closesTheConnectionOnMalformedInputAndIgnoresTheRest(String input, String why) {
        for (Chunking chunking : Chunkings.of(ascii(input + "3:abc,"))) {
            Recorder r = connected(new Recorder());
            chunking.feedTo(r);
            assertEquals(1, r.errors.size(), chunking.name());
            assertTrue(r.errors.get(0).contains(why), r.errors.get(0));
            assertEquals(List.of(), r.strings, chunking.name());
            assertTrue(r.isBrokenPeer());
            assertTrue(r.transport().isDisconnecting());
        }
    }

    @Test
    void rejectsATooLongLengthBeforeItsColonArrives() {
        Recorder r = connected(new Recorder(10));
        r.dataReceived(buf("1"));
        assertEquals(List.of(), r.errors);
        r.dataReceived(buf("1"));
        assertEquals(1, r.errors.size());
        assertTrue(r.errors.get(0).contains("exceeds the limit of 10"), r.errors.get(0));
    }

    static Stream<Chunking> atLimit() {
        return Chunkings.of(ascii("10:0123456789,")).stream();
    }

    @ParameterizedTest
    @MethodSource("atLimit")
    void acceptsANetstringOfExactlyMaxLength(Chunking chunking) {
        Recorder r = connected(new Recorder(10));
        chunking.feedTo(r);
        assertEquals(List.of("0123456789"), r.strings);
    }

    @Test
    void ignoresEverythingAfterAParseErrorEvenWhenKeptOpen() {
        Recorder r = new Recorder() {
            @Override
            protected void handleParseError(NetstringParseException error) {
                errors.add(error.getMessage());
            }
        };
        connected(r);
        r.dataReceived(buf("x"));
        r.dataReceived(buf("3:abc,"));
        assertEquals(1, r.errors.size());
        assertEquals(List.of(), r.strings);
        assertEquals(0, r.bufferedLength());
        assertFalse(r.transport().isDisconnecting());
    }

    @Test
    void holdsStringsWhilePaused() {
        Recorder r = connected(new Recorder());
        r.pauseProducing();
        r.dataReceived(buf("1:a,1:b,"));
        assertEquals(List.of(), r.strings);
        r.resumeProducing();
        assertEquals(List.of("a", "b"), r.strings);
    }

    @Test
    void handsTheRestToTheNewTransportAfterStartTls() {
        Recorder r = new Recorder() {
            @Override
            protected void stringReceived(byte[] string) {
                super.stringReceived(string);
                transport.startTLS(null);
            }
        };
        TlsSwitchingTransport plain = new TlsSwitchingTransport(r);
        r.makeConnection(plain);
        r.dataReceived(buf("3:tls,\u0016\u0003"));
        assertEquals(List.of("tls"), r.strings);
        assertEquals("\u0016\u0003", str(plain.tls.unreadValue()));
    }
}
