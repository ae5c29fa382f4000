package io.twisted.examples.web;

import io.twisted.web.resource.Resource;
import io.twisted.web.server.Request;
import java.nio.charset.StandardCharsets;

/**
 * A leaf resource answering every GET with the 13-byte body {@code Hello, World!} — the page the
 * benchmark harness serves: {@code ./twist web --class io.twisted.examples.web.Hello --no-access-log}.
 */
public final class Hello extends Resource {

    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    @Override
    public boolean isLeaf() {
        return true;
    }

    @Override
    public Object renderGET(Request request) {
        request.setHeader("Content-Type", "text/plain");
        return BODY;
    }
}
