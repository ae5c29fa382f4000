package io.twisted.protocols.wire;

import io.twisted.internet.Protocol;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * The Daytime protocol (<a href="https://www.rfc-editor.org/rfc/rfc867">RFC 867</a>), TCP variant:
 * on connection, sends the date and time as one line of ASCII and closes.
 *
 * <p>RFC 867 fixes no syntax; this uses the one it suggests,
 * {@code Weekday, Month Day, Year HH:MM:SS-Zone} (e.g.
 * {@code Tuesday, February 22, 1982 17:37:43-PST}), in English, in the zone of the given clock.
 * (Twisted's {@code wire.Daytime} sends C's {@code asctime} in UTC instead.) The time is read from
 * the injected {@link Clock}, never from a global: pass {@link Clock#systemUTC()} in production and
 * {@link Clock#fixed} in tests.
 */
public class Daytime extends Protocol {

    /** The format RFC 867 suggests. */
    public static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEEE, MMMM d, uuuu HH:mm:ss-zzz", Locale.ENGLISH);

    private static final ZoneId UTC = ZoneId.of("UTC");

    private final Clock clock;

    /** A daytime server telling the time of {@code clock}. */
    public Daytime(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void connectionMade() {
        ZonedDateTime now = ZonedDateTime.now(clock);
        if (now.getZone().equals(ZoneOffset.UTC)) {
            now = now.withZoneSameInstant(UTC); // "-UTC" rather than "-Z"
        }
        transport.write((FORMAT.format(now) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        transport.loseConnection();
    }
}
