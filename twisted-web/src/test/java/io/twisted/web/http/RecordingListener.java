package io.twisted.web.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Records parser events as readable strings; body bytes are gathered per message. */
final class RecordingListener implements HttpMessageListener {

    final List<String> events = new ArrayList<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    @Override
    public void requestLine(String method, String target, HttpVersion version) {
        events.add("request " + method + " " + target + " " + version);
    }

    @Override
    public void statusLine(HttpVersion version, int status, String reason) {
        events.add("status " + version + " " + status + " " + reason);
    }

    @Override
    public void headersComplete(HttpHeaders headers) {
        events.add("headers " + headers);
    }

    @Override
    public void bodyData(java.nio.ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        body.write(b, 0, b.length);
    }

    @Override
    public void messageComplete(HttpHeaders trailers) {
        events.add("body " + body.toString(StandardCharsets.ISO_8859_1));
        body.reset();
        events.add("complete " + trailers);
    }
}
