package io.twisted.web.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionRefusedError;
import io.twisted.testing.LoopbackPump;
import io.twisted.testing.MemoryReactor;
import io.twisted.testing.StringTransportWithDisconnection;
import io.twisted.web.resource.Resource;
import io.twisted.web.server.Request;
import io.twisted.web.server.Site;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A front site proxying to a back site, both in memory (MemoryReactor + LoopbackPump). */
class ReverseProxyResourceTest {

    final MemoryReactor reactor = new MemoryReactor();
    final List<Request> backendSeen = new ArrayList<>();
    final byte[] big = new byte[300_000];

    Site backend() {
        new Random(11).nextBytes(big);
        Resource root = new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            public Object renderGET(Request request) {
                backendSeen.add(request);
                if (request.getPath().endsWith("/big")) {
                    request.write(big);
                    request.finish();
                    return NOT_DONE_YET;
                }
                request.setHeader("X-Backend", "yes");
                return "backend saw " + request.getMethod() + " " + request.getUri() + " host=" + request.getHeader("Host");
            }

            @Override
            public Object renderPOST(Request request) {
                backendSeen.add(request);
                return "posted " + new String(request.getContent(), StandardCharsets.UTF_8);
            }
        };
        return new Site(root, reactor);
    }

    /** Sends {@code request} to a front site proxying /app to backend:8080/base; returns the client's transport. */
    StringTransportWithDisconnection front(String request) {
        Resource root = new Resource();
        root.putChild("app", new ReverseProxyResource("backend", 8080, "/base", reactor));
        Site site = new Site(root, reactor);
        StringTransportWithDisconnection t = new StringTransportWithDisconnection();
        Protocol p = site.buildProtocol(t.getPeer());
        t.setProtocol(p);
        p.makeConnection(t);
        p.dataReceived(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
        return t;
    }

    /** Connects the proxy's pending upstream connection to the backend and pumps. */
    LoopbackPump connectUpstream(int index, int chunkSize) {
        MemoryReactor.TcpClient c = reactor.tcpClients().get(index);
        assertEquals("backend", c.host());
        assertEquals(8080, c.port());
        Protocol client = c.factory().buildProtocol(null);
        LoopbackPump pump = LoopbackPump.builder().reactor(reactor).chunkSize(chunkSize)
                .connect(backend().buildProtocol(LoopbackPump.DEFAULT_CLIENT_ADDRESS), client);
        pump.pump();
        return pump;
    }

    @Test
    void forwardsPathQueryAndHeadersAndRelaysTheResponse() {
        StringTransportWithDisconnection t = front("GET /app/x/y%20z?q=1 HTTP/1.1\r\nHost: front\r\nConnection: keep-alive, X-Drop\r\n"
                + "X-Drop: 1\r\nX-Keep: 2\r\n\r\n");
        assertEquals("", t.valueAsString());
        connectUpstream(0, 3);
        String out = t.valueAsString();
        assertTrue(out.startsWith("HTTP/1.1 200 OK\r\n"), out);
        assertTrue(out.contains("\r\nX-Backend: yes\r\n"), out);
        assertTrue(out.endsWith("backend saw GET /base/x/y%20z?q=1 host=backend:8080"), out);
        Request upstream = backendSeen.get(0);
        assertEquals("2", upstream.getHeader("X-Keep"));
        assertEquals(null, upstream.getHeader("X-Drop"));
        assertFalse(t.isDisconnecting(), "the client's keep-alive connection was closed");
    }

    @Test
    void postBodyIsForwarded() {
        StringTransportWithDisconnection t = front("POST /app/form HTTP/1.1\r\nHost: f\r\nContent-Length: 5\r\n\r\nhello");
        connectUpstream(0, 1000);
        assertTrue(t.valueAsString().endsWith("posted hello"), t.valueAsString());
    }

    @Test
    void largeStreamedResponseArrivesByteExact() {
        StringTransportWithDisconnection t = front("GET /app/big HTTP/1.1\r\nHost: f\r\n\r\n");
        connectUpstream(0, 7000);
        String out = t.valueAsString(StandardCharsets.ISO_8859_1);
        String body = out.substring(out.indexOf("\r\n\r\n") + 4);
        assertTrue(out.contains("Transfer-Encoding: chunked") || out.contains("Content-Length: 300000"), out.substring(0, 300));
        byte[] got = dechunkIfNeeded(out, body);
        assertArrayEquals(big, got);
    }

    private static byte[] dechunkIfNeeded(String head, String body) {
        if (!head.contains("Transfer-Encoding: chunked")) {
            return body.getBytes(StandardCharsets.ISO_8859_1);
        }
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        int pos = 0;
        while (true) {
            int eol = body.indexOf("\r\n", pos);
            int size = Integer.parseInt(body.substring(pos, eol), 16);
            if (size == 0) {
                return raw.toByteArray();
            }
            byte[] b = body.substring(eol + 2, eol + 2 + size).getBytes(StandardCharsets.ISO_8859_1);
            raw.write(b, 0, b.length);
            pos = eol + 2 + size + 2;
        }
    }

    @Test
    void unreachableUpstreamGives502() {
        StringTransportWithDisconnection t = front("GET /app/ HTTP/1.1\r\nHost: f\r\n\r\n");
        MemoryReactor.TcpClient c = reactor.tcpClients().get(0);
        c.factory().clientConnectionFailed(c.connector(), new Failure(new ConnectionRefusedError("refused")));
        assertTrue(t.valueAsString().startsWith("HTTP/1.1 502 Bad Gateway\r\n"), t.valueAsString());
    }

    @Test
    void malformedUpstreamResponseGives502() {
        StringTransportWithDisconnection t = front("GET /app/ HTTP/1.1\r\nHost: f\r\n\r\n");
        Protocol client = reactor.tcpClients().get(0).factory().buildProtocol(null);
        StringTransportWithDisconnection up = new StringTransportWithDisconnection();
        up.setProtocol(client);
        client.makeConnection(up);
        assertTrue(up.valueAsString().startsWith("GET /base/ HTTP/1.1\r\n"), up.valueAsString());
        client.dataReceived(ByteBuffer.wrap("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII)));
        assertTrue(t.valueAsString().startsWith("HTTP/1.1 502 Bad Gateway\r\n"), t.valueAsString());
        assertTrue(up.isDisconnecting());
    }

    @Test
    void clientGoingAwayDropsTheUpstreamConnection() {
        StringTransportWithDisconnection t = front("GET /app/ HTTP/1.1\r\nHost: f\r\n\r\n");
        Protocol client = reactor.tcpClients().get(0).factory().buildProtocol(null);
        StringTransportWithDisconnection up = new StringTransportWithDisconnection();
        up.setProtocol(client);
        client.makeConnection(up);
        t.simulateConnectionLost(new Failure(new io.twisted.internet.error.ConnectionLost("bye")));
        assertTrue(up.isAborted());
    }
}
