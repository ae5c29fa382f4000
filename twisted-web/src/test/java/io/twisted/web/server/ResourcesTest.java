package io.twisted.web.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.web.resource.EncodingResourceWrapper;
import io.twisted.web.resource.Resource;
import io.twisted.web.vhost.NameVirtualHost;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Gzip encoding, name-based virtual hosts and sessions, in memory. */
class ResourcesTest {

    static Resource text(String s) {
        return new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            public Object renderGET(Request request) {
                return s;
            }
        };
    }

    static String gunzip(byte[] b) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static byte[] body(Harness h) {
        String out = h.output();
        return out.substring(out.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One request on a new connection to {@code site}. */
    static String get(Site site, String request) {
        io.twisted.testing.StringTransportWithDisconnection t = new io.twisted.testing.StringTransportWithDisconnection();
        io.twisted.internet.Protocol p = site.buildProtocol(t.getPeer());
        t.setProtocol(p);
        p.makeConnection(t);
        p.dataReceived(java.nio.ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
        return t.valueAsString(StandardCharsets.ISO_8859_1);
    }

    static final String PAGE = "hello gzip ".repeat(100);

    @Test
    void gzipWhenAcceptedWithEncodedContentLength() throws IOException {
        Resource page = new EncodingResourceWrapper(text(PAGE), List.of(new GzipEncoderFactory()));
        Harness h = new Harness(page).send("GET / HTTP/1.1\r\nHost: a\r\nAccept-Encoding: deflate, gzip;q=0.8\r\n\r\n");
        String out = h.output();
        assertTrue(out.contains("\r\nContent-Encoding: gzip\r\n"), out);
        assertTrue(out.contains("\r\nVary: Accept-Encoding\r\n"), out);
        byte[] body = body(h);
        assertTrue(out.contains("\r\nContent-Length: " + body.length + "\r\n"), out);
        assertTrue(body.length < PAGE.length());
        assertEquals(PAGE, gunzip(body));
    }

    @Test
    void noGzipWhenNotAcceptedOrRefusedWithQZero() {
        Resource page = new EncodingResourceWrapper(text(PAGE), List.of(new GzipEncoderFactory()));
        for (String accept : new String[] {"", "Accept-Encoding: identity\r\n", "Accept-Encoding: gzip;q=0\r\n"}) {
            Harness h = new Harness(page).send("GET / HTTP/1.1\r\nHost: a\r\n" + accept + "\r\n");
            assertFalse(h.output().contains("Content-Encoding"), accept);
            assertEquals(PAGE, new String(body(h), StandardCharsets.UTF_8));
        }
    }

    @Test
    void gzipStreamsAsynchronousWritesChunked() throws IOException {
        List<Request> pending = new ArrayList<>();
        Resource slow = new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            public Object renderGET(Request request) {
                pending.add(request);
                return NOT_DONE_YET;
            }
        };
        Harness h = new Harness(new EncodingResourceWrapper(slow, List.of(new GzipEncoderFactory())))
                .send("GET / HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n");
        Request r = pending.get(0);
        r.write("part one ");
        assertTrue(h.output().contains("\r\nTransfer-Encoding: chunked\r\n"));
        int afterFirst = h.output().length();
        assertTrue(afterFirst > h.output().indexOf("\r\n\r\n") + 4, "the first write was held back");
        r.write("part two");
        r.finish();
        // de-chunk
        String out = h.output();
        String chunked = out.substring(out.indexOf("\r\n\r\n") + 4);
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        int pos = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", pos);
            int size = Integer.parseInt(chunked.substring(pos, eol), 16);
            if (size == 0) {
                break;
            }
            byte[] b = chunked.substring(eol + 2, eol + 2 + size).getBytes(StandardCharsets.ISO_8859_1);
            raw.write(b, 0, b.length);
            pos = eol + 2 + size + 2;
        }
        assertEquals("part one part two", gunzip(raw.toByteArray()));
    }

    @Test
    void headOfGzippedPageHasEncodedLength() {
        Resource page = new EncodingResourceWrapper(text(PAGE), List.of(new GzipEncoderFactory()));
        Harness get = new Harness(page).send("GET / HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n");
        Harness head = new Harness(page).send("HEAD / HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n");
        assertTrue(head.output().contains("\r\nContent-Length: " + body(get).length + "\r\n"), head.output());
        assertEquals(0, body(head).length);
    }

    @Test
    void virtualHostsChooseByHostName() {
        NameVirtualHost vhost = new NameVirtualHost().addHost("one.example", text("one")).addHost("two.example", text("two"));
        assertTrue(new Harness(vhost).send("GET / HTTP/1.1\r\nHost: ONE.example:8080\r\n\r\n").output().endsWith("one"));
        assertTrue(new Harness(vhost).send("GET /x/y HTTP/1.1\r\nHost: two.example\r\n\r\n").output().endsWith("two"));
        Harness unknown = new Harness(vhost).send("GET / HTTP/1.1\r\nHost: three.example\r\n\r\n");
        assertTrue(unknown.output().startsWith("HTTP/1.1 404 "));
        assertTrue(unknown.output().contains("host three.example not found"), unknown.output());
        vhost.setDefault(text("default"));
        assertTrue(new Harness(vhost).send("GET / HTTP/1.1\r\nHost: other\r\n\r\n").output().endsWith("default"));
    }

    @Test
    void sessionsAreFoundByCookieAndExpire() {
        List<Session> seen = new ArrayList<>();
        Resource counter = new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            public Object renderGET(Request request) {
                Session s = request.getSession();
                seen.add(s);
                int n = (Integer) s.attributes().merge("n", 1, (a, b) -> (Integer) a + (Integer) b);
                return "visit " + n;
            }
        };
        Harness h = new Harness(counter).send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        String out = h.output();
        assertTrue(out.endsWith("visit 1"));
        int at = out.indexOf("Set-Cookie: TWISTED_SESSION=") + "Set-Cookie: TWISTED_SESSION=".length();
        String uid = out.substring(at, out.indexOf(';', at));
        assertEquals(32, uid.length());
        assertTrue(out.contains("; Path=/; HttpOnly; SameSite=Lax\r\n"), out);
        h.clock.advance(Site.DEFAULT_SESSION_TIMEOUT - 1);
        String second = get(h.site, "GET / HTTP/1.1\r\nHost: a\r\nCookie: TWISTED_SESSION=" + uid + "\r\n\r\n");
        assertTrue(second.endsWith("visit 2"), second);
        assertFalse(second.contains("Set-Cookie"));
        assertSame(seen.get(0), seen.get(1));
        boolean[] expired = {false};
        seen.get(0).notifyOnExpire(() -> expired[0] = true);
        h.clock.advance(Site.DEFAULT_SESSION_TIMEOUT - 1);
        assertFalse(expired[0], "touching did not extend the session");
        h.clock.advance(1);
        assertTrue(expired[0]);
        assertNull(h.site.getSession(uid));
        assertEquals(0, h.site.sessionCount());
        String third = get(h.site, "GET / HTTP/1.1\r\nHost: a\r\nCookie: TWISTED_SESSION=" + uid + "\r\n\r\n");
        assertTrue(third.endsWith("visit 1"), third);
        assertNotEquals(seen.get(0), seen.get(2));
    }
}
