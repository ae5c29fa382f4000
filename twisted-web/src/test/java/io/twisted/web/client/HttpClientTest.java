package io.twisted.web.client;

import static io.twisted.web.client.AgentTest.result;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twisted.internet.defer.Deferred;
import io.twisted.web.client.FakeHttpServer.Answer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The treq-like convenience API, in memory. */
class HttpClientTest {

    @Test
    void getFollowsRedirectAndReadsText() {
        MemoryNetwork net = new MemoryNetwork(r -> r.target().equals("/")
                ? Answer.of("HTTP/1.1 302 Found\r\nLocation: /text\r\nContent-Length: 0\r\n\r\n")
                : Answer.of("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Length: 1\r\n\r\n\u00e9"));
        Deferred<String> d = HttpClient.get(net.reactor, "http://h/").addCallbackDeferred(HttpClient::text);
        net.drive();
        assertEquals("\u00e9", result(d));
    }

    @Test
    void postsAForm() {
        MemoryNetwork net = new MemoryNetwork(r -> Answer.of(FakeHttpServer.ok(r.headers().get("Content-Type") + "|" + r.bodyText())));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("the-field", "a b&c");
        form.put("x", "\u00e9");
        Deferred<byte[]> d = HttpClient.create(net.reactor).post("http://h/form", form).addCallbackDeferred(HttpClient::content);
        net.drive();
        assertEquals("application/x-www-form-urlencoded|the-field=a+b%26c&x=%C3%A9", new String(result(d), StandardCharsets.US_ASCII));
    }

    @Test
    void postsBytes() {
        MemoryNetwork net = new MemoryNetwork(r -> Answer.of(FakeHttpServer.ok(r.method() + " " + r.bodyText())));
        Deferred<String> d = HttpClient.create(net.reactor).post("http://h/", "raw".getBytes(StandardCharsets.US_ASCII))
                .addCallbackDeferred(HttpClient::text);
        net.drive();
        assertEquals("POST raw", result(d));
    }
}
