package io.twisted.web.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twisted.internet.ListeningPort;
import io.twisted.internet.Protocol;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.defer.Deferred;
import io.twisted.testing.ReactorThread;
import io.twisted.web.resource.EncodingResourceWrapper;
import io.twisted.web.resource.Resource;
import io.twisted.web.server.GzipEncoderFactory;
import io.twisted.web.server.Request;
import io.twisted.web.server.Site;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our Agent against our own Site over real sockets on 127.0.0.1. */
class AgentSiteIntegrationTest {

    private static ReactorThread thread;
    private static ListeningPort port;
    private static final AtomicInteger connections = new AtomicInteger();
    static final byte[] BIG = new byte[1 << 20];

    static {
        new Random(42).nextBytes(BIG);
    }

    static final class Text extends Resource {
        private final Object body;

        Text(Object body) {
            this.body = body;
        }

        @Override
        public Object renderGET(Request request) {
            return body;
        }
    }

    static final class Redirect extends Resource {
        @Override
        public Object renderGET(Request request) {
            request.redirect("/hello");
            return "";
        }
    }

    static final class Echo extends Resource {
        @Override
        public Object renderPOST(Request request) {
            String form = request.getArg("the-field");
            return form != null ? "field=" + form : request.getContent();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        thread = new ReactorThread("agent-site");
        Resource root = new Resource();
        root.putChild("hello", new Text("hello world"));
        root.putChild("big", new Text(BIG));
        root.putChild("redirect", new Redirect());
        root.putChild("gz", new EncodingResourceWrapper(new Text("squeeze me ".repeat(100)), List.of(new GzipEncoderFactory())));
        root.putChild("echo", new Echo());
        Site site = new Site(root, thread.reactor);
        ProtocolFactory counting = new ProtocolFactory() {
            @Override
            public Protocol buildProtocol(SocketAddress address) {
                connections.incrementAndGet();
                return site.buildProtocol(address);
            }

            @Override
            public void doStart() {
                site.doStart();
            }

            @Override
            public void doStop() {
                site.doStop();
            }
        };
        port = thread.call(() -> thread.reactor.listenTCP(0, counting, "127.0.0.1"));
    }

    @AfterAll
    static void stop() throws Exception {
        thread.run(() -> port.stopListening());
        thread.close();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + ((InetSocketAddress) port.getHost()).getPort() + path;
    }

    private static <T> T await(Callable<Deferred<T>> start) throws Exception {
        return thread.call(() -> start.call().toCompletableFuture()).get(10, TimeUnit.SECONDS);
    }

    @Test
    void fetchesAMegabyteByteExact() throws Exception {
        Agent agent = new Agent(thread.reactor);
        byte[] body = await(() -> agent.request("GET", url("/big")).addCallbackDeferred(Bodies::readBody));
        assertArrayEquals(BIG, body);
    }

    @Test
    void followsRedirectDecodesGzipAndPostsForms() throws Exception {
        HttpClient client = thread.call(() -> HttpClient.create(thread.reactor));
        assertEquals("hello world", await(() -> client.get(url("/redirect")).addCallbackDeferred(HttpClient::text)));
        assertEquals("squeeze me ".repeat(100), await(() -> client.get(url("/gz")).addCallbackDeferred(HttpClient::text)));
        assertEquals("field=a b", await(() -> client.post(url("/echo"), Map.of("the-field", "a b"))
                .addCallbackDeferred(HttpClient::text)));
    }

    @Test
    void uploadsChunkedBody() throws Exception {
        Agent agent = new Agent(thread.reactor);
        byte[] body = await(() -> agent.request("POST", url("/echo"), new io.twisted.web.http.HttpHeaders(),
                new FileBodyProducer(new java.io.ByteArrayInputStream(BIG), BodyProducer.UNKNOWN_LENGTH))
                .addCallbackDeferred(Bodies::readBody));
        assertArrayEquals(BIG, body);
    }

    @Test
    void poolReusesOneConnection() throws Exception {
        HttpConnectionPool pool = thread.call(() -> new HttpConnectionPool(thread.reactor));
        Agent agent = Agent.builder(thread.reactor).pool(pool).build();
        int before = connections.get();
        for (int i = 0; i < 5; i++) {
            assertEquals("hello world", new String(await(() -> agent.request("GET", url("/hello"))
                    .addCallbackDeferred(Bodies::readBody)), StandardCharsets.US_ASCII));
        }
        assertEquals(before + 1, connections.get());
        await(pool::closeCachedConnections);
    }
}
