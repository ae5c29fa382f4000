package io.twisted.web.server;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.twisted.web.resource.Resource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP server on arbitrary bytes in arbitrary chunks: no exception leaves
 * {@code dataReceived}, and every response starts with a status line.
 */
class HttpServerFuzzTest {

    static final class Echo extends Resource {
        @Override
        public Object render(Request request) {
            return ("path=" + request.getPath() + " args=" + request.getArgs() + " body=" + request.getContent().length)
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void survivesAnything(FuzzedDataProvider data) {
        Resource root = new Echo();
        root.putChild("echo", new Echo());
        Harness h = new Harness(root);
        while (data.remainingBytes() > 0 && !h.closed()) {
            h.channel.dataReceived(ByteBuffer.wrap(data.consumeBytes(1 + data.consumeInt(0, 400))));
            h.drain();
        }
        String out = h.output();
        if (!out.isEmpty() && !out.startsWith("HTTP/1.")) {
            throw new IllegalStateException("output does not start with a status line: " + out.substring(0, Math.min(80, out.length())));
        }
    }
}
