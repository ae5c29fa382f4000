package io.twisted.protocols.wire;

import io.twisted.internet.Protocol;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Objects;

/**
 * The Time protocol (<a href="https://www.rfc-editor.org/rfc/rfc868">RFC 868</a>), TCP variant: on
 * connection, sends the time as a 32-bit big-endian count of seconds since 00:00 1 January 1900 GMT
 * and closes, as Twisted's {@code wire.Time}.
 *
 * <p>The count is sent modulo 2<sup>32</sup>: it wraps on 7 February 2036 (RFC 868 predates the
 * question; clients of the protocol read the value as the era after 1900 or, past 2036, the next
 * one). Time comes from the injected {@link Clock}.
 */
public class Time extends Protocol {

    /** Seconds from 1900-01-01 to 1970-01-01 (RFC 868: "2,208,988,800 corresponds to 00:00 1 Jan 1970 GMT"). */
    public static final long SECONDS_1900_TO_1970 = 2_208_988_800L;

    private final Clock clock;

    /** A time server telling the time of {@code clock}. */
    public Time(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void connectionMade() {
        long since1900 = Math.floorDiv(clock.millis(), 1000L) + SECONDS_1900_TO_1970;
        ByteBuffer out = ByteBuffer.allocate(4).putInt((int) since1900).flip();
        transport.write(out);
        transport.loseConnection();
    }
}
