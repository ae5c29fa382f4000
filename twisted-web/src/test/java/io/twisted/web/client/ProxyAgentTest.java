package io.twisted.web.client;

import static io.twisted.web.client.AgentTest.failure;
import static io.twisted.web.client.AgentTest.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.twisted.internet.defer.Deferred;
import io.twisted.web.client.FakeHttpServer.Answer;
import org.junit.jupiter.api.Test;

/** Requests through an HTTP proxy go to the proxy in absolute form. */
class ProxyAgentTest {

    @Test
    void sendsAbsoluteFormToTheProxy() {
        MemoryNetwork net = new MemoryNetwork(r -> Answer.of(FakeHttpServer.ok("via proxy")));
        Deferred<byte[]> d = new ProxyAgent(net.reactor, "proxy.example", 3128).request("GET", "http://origin.example:81/p?q")
                .addCallbackDeferred(Bodies::readBody);
        net.drive();
        assertEquals("via proxy", new String(result(d), java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("proxy.example:3128", net.hosts.get(0));
        assertEquals("http://origin.example:81/p?q", net.requests.get(0).target());
        assertEquals("origin.example:81", net.requests.get(0).headers().get("Host"));
    }

    @Test
    void refusesHttpsWithoutTunnel() {
        MemoryNetwork net = new MemoryNetwork(r -> Answer.of(""));
        assertInstanceOf(IllegalArgumentException.class,
                failure(new ProxyAgent(net.reactor, "p", 1).request("GET", "https://x/")).value());
    }
}
