package io.twisted.web.client;

import static io.twisted.web.client.AgentTest.failure;
import static io.twisted.web.client.AgentTest.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.twisted.internet.defer.Deferred;
import io.twisted.web.client.FakeHttpServer.Answer;
import io.twisted.web.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Redirect method rules, relative locations, limits; in memory. */
class RedirectAgentTest {

    private static String redirect(int code, String location) {
        return "HTTP/1.1 " + code + " Moved\r\nLocation: " + location + "\r\nContent-Length: 4\r\n\r\nmove";
    }

    @ParameterizedTest
    @CsvSource({"301,GET,GET", "302,GET,GET", "303,GET,GET", "307,GET,GET", "308,GET,GET",
            "301,POST,GET", "302,POST,GET", "303,POST,GET", "303,HEAD,HEAD", "307,DELETE,DELETE", "308,PUT,PUT",
            "301,DELETE,DELETE"})
    void followsWithTheRightMethod(int code, String method, String expected) {
        MemoryNetwork net = new MemoryNetwork(r -> r.target().equals("/start") ? Answer.of(redirect(code, "/next?x=1"))
                : Answer.of("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        RedirectAgent agent = new RedirectAgent(new Agent(net.reactor));
        Deferred<Response> d = agent.request(method, "http://h/start");
        net.drive();
        Response r = result(d);
        assertEquals(200, r.code());
        assertEquals(code, r.previousResponse().code());
        assertEquals(expected, net.requests.get(1).method());
        assertEquals("/next?x=1", net.requests.get(1).target());
    }

    @Test
    void followsAbsoluteLocationToAnotherHostWithoutAuthorization() {
        MemoryNetwork net = new MemoryNetwork(r -> r.headers().get("Host").equals("a.example")
                ? Answer.of(redirect(302, "http://b.example:8080/there"))
                : Answer.of(FakeHttpServer.ok("arrived")));
        RedirectAgent agent = new RedirectAgent(new Agent(net.reactor));
        Deferred<byte[]> d = agent.request("GET", "http://a.example/", new HttpHeaders().add("Authorization", "secret"), null)
                .addCallbackDeferred(Bodies::readBody);
        net.drive();
        assertEquals("arrived", new String(result(d), StandardCharsets.US_ASCII));
        assertEquals("b.example:8080", net.hosts.get(1));
        assertNull(net.requests.get(1).headers().get("Authorization"));
    }

    @Test
    void stopsAfterTheLimit() {
        MemoryNetwork net = new MemoryNetwork(r -> Answer.of(redirect(302, "/loop")));
        Deferred<Response> d = new RedirectAgent(new Agent(net.reactor), 3).request("GET", "http://h/");
        net.drive();
        assertInstanceOf(InfiniteRedirection.class, failure(d).value());
        assertEquals(4, net.requests.size());
    }

    @Test
    void returns307WithBodyUnfollowed() {
        MemoryNetwork net = new MemoryNetwork(r -> Answer.of(redirect(307, "/elsewhere")));
        Deferred<Response> d = new RedirectAgent(new Agent(net.reactor)).request("POST", "http://h/", new HttpHeaders(),
                FileBodyProducer.of(new byte[] {1, 2}));
        net.drive();
        assertEquals(307, result(d).code());
        assertEquals(1, net.requests.size());
    }

    @Test
    void reusesThePooledConnectionForTheRedirect() {
        MemoryNetwork net = new MemoryNetwork(r -> r.target().equals("/")
                ? Answer.of(redirect(301, "/b")) : Answer.of(FakeHttpServer.ok("b")));
        Agent pooled = Agent.builder(net.reactor).pool(new HttpConnectionPool(net.reactor)).build();
        Deferred<byte[]> d = new RedirectAgent(pooled).request("GET", "http://h/").addCallbackDeferred(Bodies::readBody);
        net.drive();
        assertEquals("b", new String(result(d), StandardCharsets.US_ASCII));
        assertEquals(1, net.connections[0]);
    }
}
