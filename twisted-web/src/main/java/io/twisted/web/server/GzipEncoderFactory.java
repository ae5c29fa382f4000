package io.twisted.web.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * gzip content coding (RFC 9110 section 8.4.1.3) for requests whose {@code Accept-Encoding} lists
 * {@code gzip} (or {@code x-gzip}, {@code *}) with a non-zero q-value. Each write is compressed and
 * sync-flushed, so streamed responses still arrive progressively.
 */
public final class GzipEncoderFactory implements EncoderFactory {

    @Override
    public ContentEncoder encoderForRequest(Request request) {
        if (!accepts(request)) {
            return null;
        }
        request.setHeader("Content-Encoding", "gzip");
        request.addHeader("Vary", "Accept-Encoding");
        return new GzipEncoder();
    }

    private static boolean accepts(Request request) {
        for (String element : request.getRequestHeaders().tokens("Accept-Encoding")) {
            String[] parts = element.split(";");
            String coding = parts[0].trim().toLowerCase(Locale.ROOT);
            if (!coding.equals("gzip") && !coding.equals("x-gzip") && !coding.equals("*")) {
                continue;
            }
            boolean zero = false;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.startsWith("q=")) {
                    try {
                        zero = Double.parseDouble(p.substring(2)) == 0;
                    } catch (NumberFormatException e) {
                        zero = true;
                    }
                }
            }
            if (!zero) {
                return true;
            }
        }
        return false;
    }

    private static final class GzipEncoder implements ContentEncoder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final GZIPOutputStream gzip;

        GzipEncoder() {
            try {
                gzip = new GZIPOutputStream(out, 8192, true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public byte[] encode(byte[] data) {
            try {
                gzip.write(data);
                gzip.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return take();
        }

        @Override
        public byte[] finish() {
            try {
                gzip.finish();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return take();
        }

        private byte[] take() {
            byte[] b = out.toByteArray();
            out.reset();
            return b;
        }
    }
}
