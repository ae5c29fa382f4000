package io.twisted.web.client;

import static io.twisted.web.client.AgentTest.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.twisted.internet.defer.Deferred;
import io.twisted.web.client.FakeHttpServer.Answer;
import io.twisted.web.http.HttpHeaders;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Cookie jar rules and the agent that uses it. */
class CookieAgentTest {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final CookieJar jar = new CookieJar(() -> now);

    private void set(String uri, String... setCookies) {
        HttpHeaders h = new HttpHeaders();
        for (String s : setCookies) {
            h.add("Set-Cookie", s);
        }
        jar.extractCookies(URI.create(uri), h);
    }

    private String header(String uri) {
        return jar.cookieHeader(URI.create(uri));
    }

    @Test
    void hostOnlyCookieGoesBackToTheSameHostOnly() {
        set("http://www.example.com/", "a=1");
        assertEquals("a=1", header("http://www.example.com/x"));
        assertNull(header("http://sub.www.example.com/"));
        assertNull(header("http://example.com/"));
    }

    @Test
    void domainCookieGoesToSubdomainsAndForeignDomainIsRefused() {
        set("http://www.example.com/", "a=1; Domain=.example.com", "b=2; Domain=other.org");
        assertEquals("a=1", header("http://example.com/"));
        assertEquals("a=1", header("http://x.y.example.com/"));
        assertNull(header("http://other.org/"));
    }

    @Test
    void pathRules() {
        set("http://h/docs/page", "d=1", "r=2; Path=/", "p=3; Path=/docs/sub");
        assertEquals("d=1; r=2", header("http://h/docs/other"));
        assertEquals("p=3; d=1; r=2", header("http://h/docs/sub/x"));
        assertEquals("r=2", header("http://h/docsx"));
    }

    @Test
    void secureCookieOnlyOverHttps() {
        set("https://h/", "s=1; Secure");
        assertNull(header("http://h/"));
        assertEquals("s=1", header("https://h/"));
    }

    @Test
    void expiresAndMaxAge() {
        set("http://h/", "e=1; Expires=Thu, 01 Jan 2026 00:10:00 GMT", "m=2; Max-Age=60; Expires=Thu, 01 Jan 2099 00:00:00 GMT");
        assertEquals("e=1; m=2", header("http://h/"));
        now = now.plusSeconds(61);
        assertEquals("e=1", header("http://h/"));
        now = now.plusSeconds(600);
        assertNull(header("http://h/"));
    }

    @Test
    void pastExpiryDeletesACookie() {
        set("http://h/", "a=1");
        set("http://h/", "a=gone; Max-Age=0");
        assertNull(header("http://h/"));
    }

    @Test
    void agentSendsAndStoresCookiesAcrossRedirects() {
        MemoryNetwork net = new MemoryNetwork(r -> r.target().equals("/login")
                ? Answer.of("HTTP/1.1 302 Found\r\nSet-Cookie: session=abc; Path=/\r\nLocation: /home\r\nContent-Length: 0\r\n\r\n")
                : Answer.of(FakeHttpServer.ok("cookie:" + r.headers().get("Cookie"))));
        HttpAgent agent = new RedirectAgent(new CookieAgent(new Agent(net.reactor), jar));
        Deferred<byte[]> d = agent.request("GET", "http://h/login").addCallbackDeferred(Bodies::readBody);
        net.drive();
        assertEquals("cookie:session=abc", new String(result(d), java.nio.charset.StandardCharsets.US_ASCII));
    }
}
