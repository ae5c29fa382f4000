package io.twisted.web.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionLost;
import io.twisted.testing.Chunkings;
import io.twisted.web.resource.Resource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HttpChannelTest {

    static final String DATE = "Date: Fri, 02 Jan 2026 03:04:05 GMT\r\n";
    static final String SERVER = "Server: " + Site.DEFAULT_SERVER_NAME + "\r\n";
    static final String CTYPE = "Content-Type: text/html; charset=utf-8\r\n";

    /** Answers with its own path; GET and POST. */
    static final class Echo extends Resource {
        final List<Request> seen = new ArrayList<>();

        @Override
        public boolean isLeaf() {
            return true;
        }

        @Override
        public Object renderGET(Request request) {
            seen.add(request);
            return "path=" + request.getPath();
        }

        @Override
        public Object renderPOST(Request request) {
            seen.add(request);
            return "got " + new String(request.getContent(), StandardCharsets.UTF_8);
        }
    }

    /** Finishes later: the test drives it. */
    static final class Later extends Resource {
        final List<Request> pending = new ArrayList<>();

        @Override
        public boolean isLeaf() {
            return true;
        }

        @Override
        public Object renderGET(Request request) {
            if (request.getPath().equals("/now")) {
                return "now";
            }
            pending.add(request);
            return NOT_DONE_YET;
        }
    }

    @Test
    void answersGetAndKeepsHttp11ConnectionOpen() {
        Harness h = new Harness(new Echo()).send("GET /a/b?x=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: t\"x\r\n\r\n");
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n" + DATE + SERVER + CTYPE + "\r\npath=/a/b", h.output());
        assertFalse(h.closed());
        assertEquals(List.of("192.168.1.1 - - [02/Jan/2026:03:04:05 +0000] \"GET /a/b?x=1 HTTP/1.1\" 200 9 \"-\" \"t\\\"x\""), h.log);
    }

    static Stream<Chunkings.Chunking> pipelined() {
        return Chunkings.of("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
                + "GET /3 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /4 HTTP/1.1\r\nHost: a\r\n\r\n").stream();
    }

    @ParameterizedTest
    @MethodSource("pipelined")
    void answersPipelinedRequestsInOrderAndStopsAfterClose(Chunkings.Chunking chunking) {
        Echo echo = new Echo();
        Harness h = new Harness(echo).send(chunking);
        String out = h.output();
        int a = out.indexOf("path=/1");
        int b = out.indexOf("got abc");
        int c = out.indexOf("path=/3");
        assertTrue(a > 0 && b > a && c > b, out);
        assertFalse(out.contains("path=/4"), "a request after Connection: close was answered");
        assertTrue(h.closed());
        assertEquals(3, echo.seen.size());
    }

    @Test
    void pipelinedResponsesWaitForAnAsynchronousOne() {
        Later later = new Later();
        Harness h = new Harness(later).send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\nGET /now HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals("", h.output());
        Request slow = later.pending.get(0);
        slow.write("part1");
        slow.write("part2");
        slow.finish();
        assertEquals("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n" + DATE + SERVER + CTYPE + "\r\n"
                + "5\r\npart1\r\n5\r\npart2\r\n0\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n" + DATE + SERVER + CTYPE + "\r\nnow", h.output());
        assertFalse(h.closed());
    }

    @Test
    void halfClosedClientStillGetsItsPipelinedResponsesThenClose() {
        Later later = new Later();
        Harness h = new Harness(later).send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\nGET /now HTTP/1.1\r\nHost: a\r\n\r\n");
        h.channel.readConnectionLost();
        assertFalse(h.closed());
        later.pending.get(0).finish();
        assertEquals(List.of(200, 200), h.statuses());
        assertTrue(h.output().endsWith("now"));
        assertTrue(h.closed());
    }

    @Test
    void halfCloseWhileIdleCloses() {
        Harness h = new Harness(new Echo());
        h.channel.readConnectionLost();
        assertTrue(h.closed());
        Harness partial = new Harness(new Echo()).send("GET / HTTP/1.1\r\nHo");
        partial.channel.readConnectionLost();
        assertTrue(partial.closed());
        assertEquals("", partial.output());
    }

    @Test
    void http10WithoutKeepAliveCloses() {
        Harness h = new Harness(new Echo()).send("GET / HTTP/1.0\r\n\r\n");
        assertTrue(h.output().contains("\r\nConnection: close\r\n"));
        assertTrue(h.closed());
    }

    @Test
    void http10KeepAliveStaysOpenWhenLengthIsKnown() {
        Harness h = new Harness(new Echo()).send("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n");
        assertTrue(h.output().contains("\r\nConnection: keep-alive\r\n"), h.output());
        assertFalse(h.closed());
    }

    @Test
    void http10StreamedResponseIsDelimitedByClose() {
        Later later = new Later();
        Harness h = new Harness(later).send("GET /x HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        Request r = later.pending.get(0);
        r.write("abc");
        r.finish();
        assertEquals("HTTP/1.1 200 OK\r\n" + DATE + SERVER + CTYPE + "Connection: close\r\n\r\nabc", h.output());
        assertTrue(h.closed());
    }

    @Test
    void connectionCloseFromHttp11ClientCloses() {
        Harness h = new Harness(new Echo()).send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertTrue(h.output().contains("\r\nConnection: close\r\n"));
        assertTrue(h.closed());
    }

    @Test
    void headHasLengthButNoBody() {
        Harness h = new Harness(new Echo()).send("HEAD /abc HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n" + DATE + SERVER + CTYPE + "\r\n", h.output());
        assertFalse(h.closed());
    }

    @Test
    void unsupportedMethodGets405WithAllowAndEscapedPage() {
        Resource getOnly = new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            public Object renderGET(Request request) {
                return "x";
            }
        };
        Harness h = new Harness(getOnly).send("DELETE /<b>x</b> HTTP/1.1\r\nHost: a\r\n\r\n");
        String out = h.output();
        assertTrue(out.startsWith("HTTP/1.1 405 Method Not Allowed\r\n"), out);
        assertTrue(out.contains("\r\nAllow: GET, HEAD\r\n"), out);
        assertTrue(out.contains("/&lt;b&gt;x&lt;/b&gt;"), out);
        assertFalse(out.contains("<b>x"), out);
    }

    @Test
    void expectContinueGetsInterimResponseBeforeBody() {
        Echo echo = new Echo();
        Harness h = new Harness(echo).send("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
        assertEquals("HTTP/1.1 100 Continue\r\n\r\n", h.output());
        h.send("data");
        assertEquals(List.of(100, 200), h.statuses());
        assertTrue(h.output().endsWith("got data"));
    }

    @Test
    void decodesChunkedRequestBody() {
        Harness h = new Harness(new Echo()).send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
        assertTrue(h.output().endsWith("got abcde"), h.output());
    }

    @Test
    void idleConnectionClosesAfterIdleTimeout() {
        Harness h = new Harness(new Echo());
        h.clock.advance(Site.DEFAULT_IDLE_TIMEOUT - 1);
        assertFalse(h.closed());
        h.clock.advance(1);
        assertTrue(h.closed());
        assertEquals("", h.output());
    }

    @Test
    void idleTimeoutRestartsAfterEachResponse() {
        Harness h = new Harness(new Echo());
        h.clock.advance(50);
        h.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        h.clock.advance(50);
        assertFalse(h.closed());
        h.clock.advance(10);
        assertTrue(h.closed());
    }

    @Test
    void slowHeadersGet408AfterHeaderTimeoutEvenWhileTrickling() {
        Harness h = new Harness(new Echo());
        h.send("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 29; i++) {
            h.clock.advance(1);
            h.send("X");
        }
        assertFalse(h.closed());
        h.clock.advance(1);
        assertTrue(h.output().startsWith("HTTP/1.1 408 "), h.output());
        assertTrue(h.closed());
    }

    @Test
    void stalledBodyGets408AfterIdleTimeout() {
        Harness h = new Harness(new Echo());
        h.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");
        h.clock.advance(Site.DEFAULT_IDLE_TIMEOUT);
        assertEquals(List.of(408), h.statuses());
        assertTrue(h.closed());
    }

    @Test
    void notifyFinishErrbacksWhenClientGoesAway() {
        Later later = new Later();
        Harness h = new Harness(later).send("GET /x HTTP/1.1\r\nHost: a\r\n\r\n");
        Request r = later.pending.get(0);
        List<Object> results = new ArrayList<>();
        r.notifyFinish().addCallbacks(v -> results.add("finished"), f -> results.add(f));
        h.transport.simulateConnectionLost(new Failure(new ConnectionLost("gone")));
        assertEquals(1, results.size());
        assertTrue(((Failure) results.get(0)).check(ConnectionLost.class) != null);
        assertTrue(r.isDisconnected());
        r.write("ignored");
        r.finish();
        assertEquals("", h.output());
    }

    @Test
    void notifyFinishFiresOnFinish() {
        Later later = new Later();
        new Harness(later).send("GET /x HTTP/1.1\r\nHost: a\r\n\r\n");
        Request r = later.pending.get(0);
        List<String> results = new ArrayList<>();
        r.notifyFinish().addCallback(v -> results.add("finished"));
        r.finish();
        assertEquals(List.of("finished"), results);
    }

    @Test
    void renderFailureGives500WithoutTracebackByDefault() {
        Resource broken = new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            public Object renderGET(Request request) {
                throw new IllegalStateException("<secret>");
            }
        };
        Harness h = new Harness(broken).send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertTrue(h.output().startsWith("HTTP/1.1 500 Internal Server Error\r\n"));
        assertFalse(h.output().contains("secret"));
        Harness shown = new Harness(broken);
        shown.site.setDisplayTracebacks(true);
        shown.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertTrue(shown.output().contains("&lt;secret&gt;"), shown.output());
    }

    @Test
    void headerInjectionByAResourceBecomes500() {
        Resource evil = new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            public Object renderGET(Request request) {
                request.setHeader("X-Evil", request.getArg("v"));
                return "x";
            }
        };
        Harness h = new Harness(evil).send("GET /?v=a%0d%0aSet-Cookie:%20x=y HTTP/1.1\r\nHost: a\r\n\r\n");
        assertTrue(h.output().startsWith("HTTP/1.1 500 "), h.output());
        assertFalse(h.output().contains("Set-Cookie"));
    }

    @Test
    void argsFromQueryAndUrlEncodedBody() {
        Echo echo = new Echo();
        new Harness(echo).send("POST /p?a=1&b=x+y HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 16\r\n\r\na=2&c=%3Cb%3E&d=");
        Request r = echo.seen.get(0);
        assertEquals(List.of("1", "2"), r.getArgs().get("a"));
        assertEquals("x y", r.getArg("b"));
        assertEquals("<b>", r.getArg("c"));
        assertEquals("", r.getArg("d"));
    }

    @Test
    void multipartFormDataGivesArgsAndParts() {
        Echo echo = new Echo();
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\nvalue\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n"
                + "line1\r\nline2\r\n--XyZ--\r\n";
        new Harness(echo).send("POST / HTTP/1.1\r\nHost: a\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);
        Request r = echo.seen.get(0);
        assertEquals("value", r.getArg("field"));
        assertEquals(2, r.getParts().size());
        FormPart file = r.getParts().get(1);
        assertEquals("a.txt", file.filename());
        assertEquals("text/plain", file.contentType());
        assertEquals("line1\r\nline2", new String(file.content(), StandardCharsets.UTF_8));
    }

    @Test
    void cookiesAreReadAndSetWithAttributes() {
        Resource r = new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            public Object renderGET(Request request) {
                request.addCookie(new Cookie("sid", "abc").path("/").secure(true).httpOnly(true)
                        .sameSite(Cookie.SameSite.STRICT).maxAge(60));
                return "theme=" + request.getCookie("theme") + " missing=" + request.getCookie("nope");
            }
        };
        Harness h = new Harness(r).send("GET / HTTP/1.1\r\nHost: a\r\nCookie: a=1; theme=\"dark\"\r\n\r\n");
        assertTrue(h.output().contains("\r\nSet-Cookie: sid=abc; Max-Age=60; Path=/; Secure; HttpOnly; SameSite=Strict\r\n"), h.output());
        assertTrue(h.output().endsWith("theme=dark missing=null"));
    }

    @Test
    void redirectSetsFoundAndLocation() {
        Resource r = new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            public Object renderGET(Request request) {
                request.redirect("/elsewhere");
                return "";
            }
        };
        Harness h = new Harness(r).send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertTrue(h.output().startsWith("HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\n"), h.output());
    }

    @Test
    void traversalFillsPrepathAndPostpath() {
        Echo leaf = new Echo();
        Resource root = new Resource();
        Resource mid = new Resource();
        root.putChild("a", mid);
        mid.putChild("b c", leaf);
        Harness h = new Harness(root).send("GET /a/b%20c/d/e HTTP/1.1\r\nHost: h:80\r\n\r\n");
        Request r = leaf.seen.get(0);
        assertEquals(List.of("a", "b c"), r.prepath());
        assertEquals(List.of("d", "e"), r.postpath());
        assertEquals("h", r.getRequestHostname());
        assertNotNull(r.getClientAddress());
        assertFalse(r.isSecure());
        h.send("GET /missing HTTP/1.1\r\nHost: h\r\n\r\n");
        assertTrue(h.output().contains("HTTP/1.1 404 Not Found\r\n"));
    }

    @Test
    void noContentStatusesCarryNoLength() {
        Resource r = new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            public Object renderGET(Request request) {
                request.setResponseCode(204);
                return "dropped";
            }
        };
        Harness h = new Harness(r).send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals("HTTP/1.1 204 No Content\r\n" + DATE + SERVER + "\r\n", h.output());
    }
}
