package io.twisted.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated requests (seeded, so failures reproduce): the parser either parses or throws
 * {@link HttpParseException}, never anything else, and gives the same events and the same verdict
 * whether the input arrives whole or one byte at a time.
 */
class HttpParserRandomInputTest {

    static final String[] SEEDS = {
        "GET /a?b=c HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n",
        "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
        "PUT /u HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4;e=1\r\nabcd\r\n0\r\nT: v\r\n\r\n",
        "GET / HTTP/1.0\r\n\r\nGET /2 HTTP/1.1\r\nHost: y\r\n\r\n",
    };

    static final byte[] INTERESTING = " \t\r\n:;,0-9aAfF/\"\u0000\u007f\u00ff".getBytes(StandardCharsets.ISO_8859_1);

    static byte[] mutate(byte[] in, Random r) {
        List<Byte> b = new ArrayList<>();
        for (byte x : in) {
            b.add(x);
        }
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits && !b.isEmpty(); i++) {
            int at = r.nextInt(b.size());
            byte v = r.nextBoolean() ? INTERESTING[r.nextInt(INTERESTING.length)] : (byte) r.nextInt(256);
            switch (r.nextInt(3)) {
                case 0 -> b.set(at, v);
                case 1 -> b.add(at, v);
                default -> b.remove(at);
            }
        }
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    /** Events then the verdict ("ok", "incomplete" or "status N"). */
    static List<String> run(byte[] input, boolean bytewise) {
        RecordingListener rec = new RecordingListener();
        HttpParser parser = new HttpParser(HttpParser.Mode.REQUEST, HttpLimits.DEFAULTS.withMaxBody(1000), rec);
        String verdict;
        try {
            if (bytewise) {
                for (byte x : input) {
                    ByteBuffer one = ByteBuffer.wrap(new byte[] {x});
                    while (one.hasRemaining()) {
                        parser.feed(one);
                        if (parser.isComplete()) {
                            parser.reset();
                        }
                    }
                }
            } else {
                ByteBuffer all = ByteBuffer.wrap(input);
                while (all.hasRemaining()) {
                    parser.feed(all);
                    if (parser.isComplete()) {
                        parser.reset();
                    }
                }
            }
            verdict = parser.isIdle() ? "ok" : "incomplete";
        } catch (HttpParseException e) {
            verdict = "status " + e.status();
        }
        List<String> out = new ArrayList<>(rec.events);
        out.add(verdict);
        return out;
    }

    @Test
    void mutatedRequestsParseOrFailCleanlyAndChunkingDoesNotMatter() {
        Random r = new Random(20261121);
        for (int i = 0; i < 3000; i++) {
            byte[] input = mutate(SEEDS[i % SEEDS.length].getBytes(StandardCharsets.ISO_8859_1), r);
            List<String> whole = run(input, false);
            List<String> bytes = run(input, true);
            assertEquals(whole, bytes, () -> "input " + new String(input, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n"));
        }
    }
}
