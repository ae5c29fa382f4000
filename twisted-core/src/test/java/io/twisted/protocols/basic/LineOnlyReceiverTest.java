package io.twisted.protocols.basic;

import static io.twisted.protocols.basic.Bytes.ascii;
import static io.twisted.protocols.basic.Bytes.buf;
import static io.twisted.protocols.basic.Bytes.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.testing.Chunkings;
import io.twisted.testing.Chunkings.Chunking;
import io.twisted.testing.StringTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LineOnlyReceiverTest {

    static class Recorder extends LineOnlyReceiver {
        final List<String> lines = new ArrayList<>();
        BiConsumer<Recorder, String> onLine = (r, l) -> { };

        Recorder(int maxLength) {
            super(maxLength);
        }

        @Override
        protected void lineReceived(byte[] line) {
            lines.add(str(line));
            onLine.accept(this, str(line));
        }
    }

    static Stream<Chunking> ircLines() {
        return Chunkings.of(ascii(":irc.example 001 nick :Welcome\r\nPING :x\r\n\r\npartial")).stream();
    }

    @ParameterizedTest
    @MethodSource("ircLines")
    void deliversEachLineWithoutItsDelimiter(Chunking chunking) {
        Recorder r = new Recorder(512);
        r.makeConnection(new StringTransport());
        chunking.feedTo(r);
        assertEquals(List.of(":irc.example 001 nick :Welcome", "PING :x", ""), r.lines);
        assertEquals("partial", str(r.clearLineBuffer()));
    }

    static Stream<Chunking> overLimit() {
        return Chunkings.of(ascii("1234\r\n12345\r\nnever\r\n")).stream();
    }

    @ParameterizedTest
    @MethodSource("overLimit")
    void closesTheConnectionOnALineOverTheLimit(Chunking chunking) {
        Recorder r = new Recorder(4);
        StringTransport t = new StringTransport();
        r.makeConnection(t);
        chunking.feedTo(r);
        assertEquals(List.of("1234"), r.lines);
        assertTrue(t.isDisconnecting());
    }

    @Test
    void sendLineUsesTheDelimiter() {
        Recorder r = new Recorder(512);
        StringTransport t = new StringTransport();
        r.makeConnection(t);
        r.setDelimiter(ascii("\n"));
        r.sendLine("PONG :x");
        assertEquals("PONG :x\n", t.valueAsString());
    }

    @Test
    void holdsLinesWhilePaused() {
        Recorder r = new Recorder(512);
        r.makeConnection(new StringTransport());
        r.pauseProducing();
        r.dataReceived(buf("a\r\nb\r\n"));
        assertEquals(List.of(), r.lines);
        r.resumeProducing();
        assertEquals(List.of("a", "b"), r.lines);
    }

    static Stream<Chunking> stls() {
        return Chunkings.of(ascii("STLS\r\nUSER x\r\n")).stream();
    }

    @ParameterizedTest
    @MethodSource("stls")
    void handsTheRestToTheNewTransportAfterStartTls(Chunking chunking) {
        Recorder r = new Recorder(512);
        TlsSwitchingTransport plain = new TlsSwitchingTransport(r);
        r.makeConnection(plain);
        r.onLine = (rec, line) -> rec.transport().startTLS(null);
        StringBuilder later = new StringBuilder();
        chunking.forEach(b -> {
            if (plain.tlsStarted()) {
                later.append(Bytes.str(b));
            } else {
                r.dataReceived(b);
            }
        });
        assertEquals(List.of("STLS"), r.lines);
        assertEquals("USER x\r\n", str(plain.tls.unreadValue()) + later);
    }
}
