package io.twisted.web.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.application.ParsedOptions;
import io.twisted.application.Service;
import io.twisted.application.ServiceMaker;
import io.twisted.application.UsageError;
import io.twisted.internet.Protocol;
import io.twisted.testing.Bytes;
import io.twisted.testing.MemoryReactor;
import io.twisted.testing.StringTransport;
import io.twisted.web.resource.Resource;
import io.twisted.web.server.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebServiceMakerTest {

    @TempDir
    Path dir;

    /** For --class. */
    public static final class Hello extends Resource {
        @Override
        public boolean isLeaf() {
            return true;
        }

        @Override
        public Object renderGET(Request request) {
            return "hello from a class";
        }
    }

    private static String get(MemoryReactor reactor, int server, String target) {
        Protocol p = reactor.tcpServers().get(server).factory().buildProtocol(null);
        StringTransport t = new StringTransport();
        p.makeConnection(t);
        p.dataReceived(Bytes.ascii("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n"));
        reactor.advance(0);
        return t.valueAsString();
    }

    private static Service start(MemoryReactor reactor, String... args) {
        WebServiceMaker maker = new WebServiceMaker();
        ParsedOptions options = maker.options().parse(List.of(args));
        Service s = maker.makeService(reactor, options);
        s.startService();
        return s;
    }

    @Test
    void isFoundAsThePluginNamedWeb() {
        boolean found = ServiceLoader.load(ServiceMaker.class).stream().anyMatch(p -> p.get().tapname().equals("web"));
        assertTrue(found);
    }

    @Test
    void servesPathOnEveryListenEndpointWithHeadersAndMimeTypes() throws Exception {
        Files.writeString(dir.resolve("a.thing"), "content");
        MemoryReactor reactor = new MemoryReactor();
        start(reactor, "--listen", "tcp:8081", "--listen", "tcp:8082", "--path", dir.toString(),
                "--mime-type", "thing=text/x-thing", "--add-header", "X-Frame-Options: DENY");
        assertEquals(2, reactor.tcpServers().size());
        assertEquals(8081, reactor.tcpServers().get(0).port());
        String out = get(reactor, 1, "/a.thing");
        assertTrue(out.startsWith("HTTP/1.1 200 OK\r\n"), out);
        assertTrue(out.contains("\r\nContent-Type: text/x-thing\r\n"), out);
        assertTrue(out.contains("\r\nX-Frame-Options: DENY\r\n"), out);
        assertTrue(out.endsWith("\r\n\r\ncontent"), out);
    }

    @Test
    void acceptsTwistedsTracebackOptionNames() {
        WebServiceMaker maker = new WebServiceMaker();
        for (List<String> args : List.of(List.of("--notracebacks"), List.of("-n"), List.of("--no-tracebacks"))) {
            assertTrue(maker.options().parse(args).isSet("no-tracebacks"), args.toString());
        }
    }

    @Test
    void defaultsToTcp8080() {
        MemoryReactor reactor = new MemoryReactor();
        start(reactor, "--path", dir.toString());
        assertEquals(8080, reactor.tcpServers().get(0).port());
    }

    @Test
    void noListingAnswers403() {
        MemoryReactor reactor = new MemoryReactor();
        start(reactor, "--path", dir.toString(), "--no-listing");
        assertTrue(get(reactor, 0, "/").startsWith("HTTP/1.1 403 "));
    }

    @Test
    void servesAResourceClass() {
        MemoryReactor reactor = new MemoryReactor();
        start(reactor, "--class", Hello.class.getName());
        assertTrue(get(reactor, 0, "/x").endsWith("hello from a class"));
    }

    @Test
    void badOptionsAreUsageErrors() {
        MemoryReactor reactor = new MemoryReactor();
        assertThrows(UsageError.class, () -> start(reactor, "--path", dir.resolve("missing").toString()));
        assertThrows(UsageError.class, () -> start(reactor, "--class", "no.such.Class"));
        assertThrows(UsageError.class, () -> start(reactor, "--class", "java.lang.Object"));
        assertThrows(UsageError.class, () -> start(reactor, "--path", dir.toString(), "--mime-type", "bad"));
        assertThrows(UsageError.class, () -> start(reactor, "--path", dir.toString(), "--add-header", "bad"));
    }
}
