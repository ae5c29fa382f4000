package io.twisted.protocols.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.testing.StringTransport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DaytimeTest {

    @Test
    void sendsTheTimeInTheFormatRfc867SuggestsAndCloses() {
        // RFC 867's example is "Tuesday, February 22, 1982 17:37:43-PST"; that date was a Monday.
        Instant example = Instant.parse("1982-02-23T01:37:43Z");
        Daytime daytime = new Daytime(Clock.fixed(example, ZoneId.of("America/Los_Angeles")));
        StringTransport transport = new StringTransport();
        daytime.makeConnection(transport);
        assertEquals("Monday, February 22, 1982 17:37:43-PST\r\n", transport.valueAsString());
        assertTrue(transport.isDisconnecting());
    }

    @Test
    void usesTheZoneOfTheClock() {
        Daytime daytime = new Daytime(Clock.fixed(Instant.parse("2001-01-01T00:00:00Z"), ZoneId.of("Asia/Tokyo")));
        StringTransport transport = new StringTransport();
        daytime.makeConnection(transport);
        assertEquals("Monday, January 1, 2001 09:00:00-JST\r\n", transport.valueAsString());
    }

    @Test
    void namesUtcAsUtc() {
        Daytime daytime = new Daytime(Clock.fixed(Instant.parse("2001-01-01T00:00:00Z"), ZoneOffset.UTC));
        StringTransport transport = new StringTransport();
        daytime.makeConnection(transport);
        assertEquals("Monday, January 1, 2001 00:00:00-UTC\r\n", transport.valueAsString());
    }
}
