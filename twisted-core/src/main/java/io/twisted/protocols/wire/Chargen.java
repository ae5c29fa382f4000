package io.twisted.protocols.wire;

import io.twisted.internet.DelayedCall;
import io.twisted.internet.Protocol;
import io.twisted.internet.PushProducer;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.defer.Failure;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The Character Generator protocol (<a href="https://www.rfc-editor.org/rfc/rfc864">RFC 864</a>),
 * TCP variant: sends characters until the peer closes, and throws away what it receives.
 *
 * <p>Output follows the pattern suggested in RFC 864: lines of 72 printable ASCII characters
 * (codes 32 to 126) and CR LF, each line starting one character further along the 95 characters
 * than the one before, so the text repeats every 95 lines (7030 bytes). As in the RFC's example,
 * the first line starts with {@code !}.
 *
 * <p><b>Flow control.</b> Unlike Twisted's {@code wire.Chargen} (a pull producer), this is a
 * {@link PushProducer} registered with the transport: it writes while the transport lets it and
 * stops when the transport pauses it (its write queue passed the high watermark), so a slow reader
 * never makes memory grow; it goes on when resumed. So that it never monopolises the reactor
 * thread, it writes at most {@link #BURST} bytes per turn and schedules the next burst with
 * {@code callLater(0)} on the injected reactor. It relies on the transport pausing it, as every
 * transport with a write queue does: on a transport that never pauses its producer (a bare
 * {@code StringTransport}) it would write for as long as the reactor runs.
 */
public class Chargen extends Protocol implements PushProducer {

    /** Characters per line, before CR LF (RFC 864). */
    public static final int LINE_WIDTH = 72;
    /** Most bytes written per reactor turn: 10 full cycles of the pattern. */
    public static final int BURST = 10 * 95 * (LINE_WIDTH + 2);

    private static final byte[] CYCLE = buildCycle();

    private final ReactorTime reactor;
    private boolean paused;
    private boolean stopped;
    private DelayedCall next;

    /** A generator that schedules its bursts on {@code reactor}. */
    public Chargen(ReactorTime reactor) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
    }

    /** The 95 lines of the RFC 864 pattern, in order. */
    static byte[] pattern() {
        return CYCLE.clone();
    }

    private static byte[] buildCycle() {
        byte[] cycle = new byte[95 * (LINE_WIDTH + 2)];
        int at = 0;
        for (int line = 0; line < 95; line++) {
            for (int i = 0; i < LINE_WIDTH; i++) {
                cycle[at++] = (byte) (32 + (line + 1 + i) % 95);
            }
            cycle[at++] = '\r';
            cycle[at++] = '\n';
        }
        return cycle;
    }

    /** Registers with the transport as a push producer and starts writing. */
    @Override
    public void connectionMade() {
        transport.registerProducer(this, true);
        produce();
    }

    /** Input is discarded (RFC 864). */
    @Override
    public void dataReceived(ByteBuffer data) {
        data.position(data.limit());
    }

    @Override
    public void connectionLost(Failure reason) {
        stop();
    }

    @Override
    public void pauseProducing() {
        paused = true;
        cancelNext();
    }

    @Override
    public void resumeProducing() {
        if (stopped) {
            return;
        }
        paused = false;
        produce();
    }

    @Override
    public void stopProducing() {
        stop();
    }

    private void stop() {
        stopped = true;
        cancelNext();
    }

    private void produce() {
        cancelNext();
        int written = 0;
        while (!paused && !stopped && written < BURST && !transport.isDisconnecting()) {
            transport.write(ByteBuffer.wrap(CYCLE).asReadOnlyBuffer());
            written += CYCLE.length;
        }
        if (!paused && !stopped && !transport.isDisconnecting()) {
            next = reactor.callLater(0, this::produce);
        }
    }

    private void cancelNext() {
        if (next != null && next.active()) {
            next.cancel();
        }
        next = null;
    }

    @Override
    public String toString() {
        return "Chargen(" + new String(CYCLE, 0, LINE_WIDTH, StandardCharsets.US_ASCII) + "...)";
    }
}
