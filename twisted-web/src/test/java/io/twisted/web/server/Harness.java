package io.twisted.web.server;

import io.twisted.internet.task.Clock;
import io.twisted.testing.Chunkings;
import io.twisted.testing.StringTransportWithDisconnection;
import io.twisted.web.resource.Resource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A site on one in-memory connection: a Clock for timeouts, a fixed wall clock, an access log. */
public final class Harness {

    public static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    public final Clock clock = new Clock();
    public final Site site;
    public final StringTransportWithDisconnection transport = new StringTransportWithDisconnection();
    public final HttpChannel channel;
    public final List<String> log = new ArrayList<>();

    public Harness(Resource root) {
        this(root, io.twisted.web.http.HttpLimits.DEFAULTS);
    }

    public Harness(Resource root, io.twisted.web.http.HttpLimits limits) {
        site = new Site(root, clock).setWallClock(java.time.Clock.fixed(NOW, ZoneOffset.UTC)).setLimits(limits);
        site.setAccessLog(log::add);
        channel = (HttpChannel) site.buildProtocol(transport.getPeer());
        transport.setProtocol(channel);
        channel.makeConnection(transport);
    }

    /** Feeds {@code input} whole. */
    public Harness send(String input) {
        Chunkings.whole(input.getBytes(StandardCharsets.ISO_8859_1)).feedTo(channel);
        return this;
    }

    /** Feeds {@code input} with {@code chunking}. */
    public Harness send(Chunkings.Chunking chunking) {
        chunking.feedTo(channel);
        return this;
    }

    /** Runs producers scheduled with callLater(0) until the clock has nothing due now. */
    public Harness drain() {
        for (int i = 0; i < 100_000 && clock.getDelayedCalls().stream().anyMatch(c -> c.getTime() <= clock.seconds()); i++) {
            clock.advance(0);
        }
        return this;
    }

    public String output() {
        return transport.valueAsString(StandardCharsets.ISO_8859_1);
    }

    /** The status codes of every response (interim ones included) written so far, in order. */
    public List<Integer> statuses() {
        List<Integer> out = new ArrayList<>();
        for (String line : output().split("\r\n")) {
            if (line.startsWith("HTTP/1.1 ") && line.length() >= 12) {
                try {
                    out.add(Integer.parseInt(line.substring(9, 12)));
                } catch (NumberFormatException e) {
                    // a body line that looks like a status line is not one of ours
                }
            }
        }
        return out;
    }

    public boolean closed() {
        return transport.isDisconnecting();
    }
}
