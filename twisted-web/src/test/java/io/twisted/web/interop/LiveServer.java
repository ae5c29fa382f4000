package io.twisted.web.interop;

import io.twisted.internet.ListeningPort;
import io.twisted.testing.ReactorThread;
import io.twisted.web.files.File;
import io.twisted.web.resource.Html;
import io.twisted.web.resource.Resource;
import io.twisted.web.server.FormPart;
import io.twisted.web.server.Request;
import io.twisted.web.server.Site;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real reactor on its own thread serving, on 127.0.0.1 port 0: {@code /files/} (a {@link File}
 * tree), {@code /form} (echoes {@code the-field}, escaped), {@code /upload} (reports each multipart
 * part's name, file name, size and SHA-256), {@code /count}.
 */
final class LiveServer implements AutoCloseable {

    final ReactorThread thread = new ReactorThread("web-live");
    final Site site;
    final ListeningPort port;
    final List<String> accessLog = new CopyOnWriteArrayList<>();

    static final class Form extends Resource {
        @Override
        public Object renderGET(Request request) {
            return "<form method=\"POST\"><input name=\"the-field\"></form>";
        }

        @Override
        public Object renderPOST(Request request) {
            String v = request.getArg("the-field");
            return "You submitted: " + Html.escape(v == null ? "" : v);
        }
    }

    static final class Upload extends Resource {
        @Override
        public Object renderPOST(Request request) {
            StringBuilder sb = new StringBuilder();
            for (FormPart p : request.getParts()) {
                sb.append(p.name()).append(' ').append(p.filename()).append(' ').append(p.content().length).append(' ')
                        .append(sha256(p.content())).append('\n');
            }
            return sb.toString();
        }
    }

    static final class Count extends Resource {
        int n;

        @Override
        public Object renderGET(Request request) {
            return "I am request #" + (++n);
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    LiveServer(Path dir) throws Exception {
        Resource root = new Resource();
        root.putChild("files", new File(dir));
        root.putChild("form", new Form());
        root.putChild("upload", new Upload());
        root.putChild("count", new Count());
        site = new Site(root, thread.reactor).setAccessLog(accessLog::add);
        port = thread.call(() -> thread.reactor.listenTCP(0, site, "127.0.0.1"));
    }

    int port() {
        return ((InetSocketAddress) port.getHost()).getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        try {
            thread.call(() -> port.stopListening());
        } finally {
            thread.close();
        }
    }
}
