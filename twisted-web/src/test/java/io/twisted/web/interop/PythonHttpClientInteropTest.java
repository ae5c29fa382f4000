package io.twisted.web.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's {@code http.client} (Debian's {@code /usr/bin/python3}, 3.11) against our server: several
 * requests on one persistent connection, a chunked upload, HEAD, a range and a 304, checked by the
 * script and reported as lines. With CI=true a missing python3 fails.
 */
class PythonHttpClientInteropTest {

    static final String PYTHON = "/usr/bin/python3";

    static final String SCRIPT = String.join("\n",
            "import http.client, sys, hashlib",
            "c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=10)",
            "out = []",
            "for i in range(3):",
            "    c.request('GET', '/count')",
            "    r = c.getresponse(); out.append('%d %s' % (r.status, r.read().decode()))",
            "sock = c.sock",
            "c.request('POST', '/form', body=iter([b'the-field=', b'%3Ci%3E']), encode_chunked=True,",
            "          headers={'Content-Type': 'application/x-www-form-urlencoded'})",
            "r = c.getresponse(); out.append('%d %s' % (r.status, r.read().decode()))",
            "c.request('HEAD', '/files/blob.bin')",
            "r = c.getresponse(); r.read(); out.append('%d %s' % (r.status, r.getheader('Content-Length')))",
            "c.request('GET', '/files/blob.bin', headers={'Range': 'bytes=3-5'})",
            "r = c.getresponse(); out.append('%d %s %s' % (r.status, r.getheader('Content-Range'), r.read().decode()))",
            "c.request('GET', '/files/blob.bin')",
            "r = c.getresponse(); etag = r.getheader('ETag'); body = r.read()",
            "out.append('%d %s' % (r.status, hashlib.sha256(body).hexdigest()))",
            "c.request('GET', '/files/blob.bin', headers={'If-None-Match': etag})",
            "r = c.getresponse(); r.read(); out.append('%d' % r.status)",
            "out.append('same connection: %s' % (c.sock is sock))",
            "print('\\n'.join(out))",
            "");

    @TempDir
    static Path dir;
    static LiveServer server;
    static byte[] blob = "0123456789".repeat(1000).getBytes();

    @BeforeAll
    static void start() throws Exception {
        Peer.require(PYTHON, "python3");
        Files.write(dir.resolve("blob.bin"), blob);
        server = new LiveServer(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void persistentConnectionChunkedUploadHeadRangeAndConditional() throws Exception {
        Peer.Result r = Peer.run(List.of(PYTHON, "-c", SCRIPT, Integer.toString(server.port())));
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(String.join("\n",
                "200 I am request #1",
                "200 I am request #2",
                "200 I am request #3",
                "200 You submitted: &lt;i&gt;",
                "200 10000",
                "206 bytes 3-5/10000 345",
                "200 " + LiveServer.sha256(blob),
                "304",
                "same connection: True",
                ""), r.out());
    }
}
