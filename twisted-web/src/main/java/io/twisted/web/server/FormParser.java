package io.twisted.web.server;

import io.twisted.web.http.HttpHeaders;
import io.twisted.web.http.HttpParseException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes query strings, {@code application/x-www-form-urlencoded} bodies and
 * {@code multipart/form-data} bodies (RFC 7578) into arguments. The body itself is bounded by
 * {@link io.twisted.web.http.HttpLimits#maxBody()}; here at most {@link #MAX_FIELDS} fields and
 * {@link #MAX_PART_HEADER} bytes of headers per part are accepted, more is a 400.
 */
public final class FormParser {

    /** Most fields in one query string or body. */
    public static final int MAX_FIELDS = 1000;
    /** Most bytes in the header section of one multipart part. */
    public static final int MAX_PART_HEADER = 8192;

    private FormParser() {
    }

    /** Adds the fields of {@code a=1&b=2} (plus means space) to {@code into}; bad escapes are kept literally. */
    public static void parseUrlEncoded(String s, Map<String, List<String>> into) {
        if (s == null || s.isEmpty()) {
            return;
        }
        int count = 0;
        for (String pair : s.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            if (++count > MAX_FIELDS) {
                throw new HttpParseException(400, "more than " + MAX_FIELDS + " form fields");
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            into.computeIfAbsent(percentDecode(k, true), x -> new ArrayList<>()).add(percentDecode(v, true));
        }
    }

    /**
     * Percent-decodes {@code s} as UTF-8 (malformed UTF-8 becomes U+FFFD); with {@code plusIsSpace}
     * a {@code +} is a space. A {@code %} not followed by two hex digits stays as it is. Characters
     * below U+0100 stand for one byte each (the ISO-8859-1 view of wire bytes), so raw UTF-8 in a
     * body decodes correctly too.
     */
    public static String percentDecode(String s, boolean plusIsSpace) {
        boolean plain = s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0);
        for (int i = 0; plain && i < s.length(); i++) {
            plain = s.charAt(i) < 0x80;
        }
        if (plain) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()
                    && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else if (c < 256) {
                out.write(c); // the input holds one byte per char (ISO-8859-1 view of the wire)
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A parameter of a header value such as {@code multipart/form-data; boundary=x}, or {@code null}. */
    public static String headerParameter(String headerValue, String param) {
        if (headerValue == null) {
            return null;
        }
        String[] parts = headerValue.split(";");
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(param)) {
                String v = p.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
                }
                return v;
            }
        }
        return null;
    }

    /** The media type of a Content-Type value, lower-cased, without parameters. */
    public static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Splits a multipart/form-data body on {@code boundary} into parts.
     *
     * @throws HttpParseException (400) when the body is not well-formed multipart
     */
    public static List<FormPart> parseMultipart(byte[] body, String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw new HttpParseException(400, "multipart body without a usable boundary");
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<FormPart> parts = new ArrayList<>();
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0 || (pos != 0 && !(pos >= 2 && body[pos - 2] == '\r' && body[pos - 1] == '\n'))) {
            throw new HttpParseException(400, "multipart body without its first boundary");
        }
        byte[] crlfDelimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        pos += delimiter.length;
        while (true) {
            if (pos + 2 <= body.length && body[pos] == '-' && body[pos + 1] == '-') {
                return parts; // close delimiter; the epilogue is ignored
            }
            // transport padding, then CRLF
            while (pos < body.length && (body[pos] == ' ' || body[pos] == '\t')) {
                pos++;
            }
            if (pos + 2 > body.length || body[pos] != '\r' || body[pos + 1] != '\n') {
                throw new HttpParseException(400, "malformed multipart boundary line");
            }
            pos += 2;
            int headersEnd = indexOf(body, new byte[] {'\r', '\n', '\r', '\n'}, pos);
            int partStart;
            HttpHeaders headers = new HttpHeaders();
            if (pos + 2 <= body.length && body[pos] == '\r' && body[pos + 1] == '\n') {
                partStart = pos + 2;
            } else {
                if (headersEnd < 0 || headersEnd - pos > MAX_PART_HEADER) {
                    throw new HttpParseException(400, "malformed or oversized multipart part headers");
                }
                String head = new String(body, pos, headersEnd - pos, StandardCharsets.UTF_8);
                for (String line : head.split("\r\n")) {
                    int colon = line.indexOf(':');
                    if (colon <= 0) {
                        throw new HttpParseException(400, "malformed multipart part header");
                    }
                    headers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
                partStart = headersEnd + 4;
            }
            int next = indexOf(body, crlfDelimiter, partStart);
            if (next < 0) {
                throw new HttpParseException(400, "multipart body without its closing boundary");
            }
            if (parts.size() >= MAX_FIELDS) {
                throw new HttpParseException(400, "more than " + MAX_FIELDS + " multipart parts");
            }
            byte[] content = java.util.Arrays.copyOfRange(body, partStart, next);
            String disposition = headers.get("Content-Disposition");
            String name = headerParameter(disposition, "name");
            if (name == null) {
                throw new HttpParseException(400, "multipart part without a field name");
            }
            parts.add(new FormPart(name, headerParameter(disposition, "filename"), headers.get("Content-Type"), headers, content));
            pos = next + crlfDelimiter.length;
        }
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(from, 0); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Adds each part to {@code into} as a UTF-8 string, as Twisted puts parts in {@code request.args}. */
    public static void addParts(List<FormPart> parts, Map<String, List<String>> into) {
        for (FormPart p : parts) {
            into.computeIfAbsent(p.name(), x -> new ArrayList<>()).add(new String(p.content(), StandardCharsets.UTF_8));
        }
    }

    /** A new, ordered argument map. */
    static Map<String, List<String>> newArgs() {
        return new LinkedHashMap<>();
    }
}
