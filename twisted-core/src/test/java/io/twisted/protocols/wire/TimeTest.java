package io.twisted.protocols.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.testing.StringTransport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeTest {

    @ParameterizedTest
    @CsvSource({
        // RFC 868's examples ("2,208,988,800 corresponds to 00:00 1 Jan 1970 GMT", ...), as four bytes
        "1970-01-01T00:00:00Z, 83AA7E80", // 2,208,988,800
        "1976-01-01T00:00:00Z, 8EF30500", // 2,398,291,200
        "1980-01-01T00:00:00Z, 96792480", // 2,524,521,600
        "1983-05-01T00:00:00Z, 9CBC4480", // 2,629,584,000
        "1900-01-01T00:00:00Z, 00000000", // the epoch
        "2036-02-07T06:28:16Z, 00000000", // 2^32 seconds later the count wraps
    })
    void sendsSecondsSince1900BigEndianAndCloses(String instant, String hex) {
        Time time = new Time(Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
        StringTransport transport = new StringTransport();
        time.makeConnection(transport);
        assertArrayEquals(java.util.HexFormat.of().parseHex(hex), transport.value());
        assertTrue(transport.isDisconnecting());
    }
}
