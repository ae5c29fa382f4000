package io.twisted.mail.imap4;

import io.twisted.mail.mime.AddressParser;
import io.twisted.mail.mime.MimeParser;
import io.twisted.mail.mime.MimePart;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the FETCH items ENVELOPE, BODY and BODYSTRUCTURE of a parsed message (RFC 3501 section
 * 7.4.2). Strings are quoted, or sent as literals when they hold CR, LF, NUL, 8-bit octets or
 * are longer than {@value #MAX_QUOTED} octets; header text is sent as it is in the message
 * (encoded words stay encoded).
 */
final class BodyStructureWriter {

    /** Longest string sent quoted rather than as a literal. */
    static final int MAX_QUOTED = 1000;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private BodyStructureWriter() {
    }

    /** The ENVELOPE of {@code message} (its header fields), without the item name. */
    static byte[] envelope(MimePart message) {
        BodyStructureWriter w = new BodyStructureWriter();
        w.writeEnvelope(message);
        return w.out.toByteArray();
    }

    /** BODYSTRUCTURE ({@code extended}) or BODY of {@code part}, without the item name. */
    static byte[] structure(MimePart part, boolean extended) {
        BodyStructureWriter w = new BodyStructureWriter();
        w.writeBody(part, extended);
        return w.out.toByteArray();
    }

    private void raw(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        out.write(b, 0, b.length);
    }

    private void nstring(String s) {
        if (s == null) {
            raw("NIL");
            return;
        }
        boolean literal = s.length() > MAX_QUOTED;
        for (int i = 0; i < s.length() && !literal; i++) {
            char c = s.charAt(i);
            literal = c == '\r' || c == '\n' || c == 0 || c > 0x7e;
        }
        if (literal) {
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            raw("{" + b.length + "}\r\n");
            out.write(b, 0, b.length);
        } else {
            raw(ImapCommandParser.quote(s));
        }
    }

    private void writeEnvelope(MimePart m) {
        raw("(");
        nstring(m.header("Date"));
        raw(" ");
        nstring(m.header("Subject"));
        String from = m.header("From");
        raw(" ");
        addresses(from);
        raw(" ");
        addresses(m.header("Sender") != null ? m.header("Sender") : from);
        raw(" ");
        addresses(m.header("Reply-To") != null ? m.header("Reply-To") : from);
        for (String f : List.of("To", "Cc", "Bcc")) {
            raw(" ");
            addresses(m.header(f));
        }
        raw(" ");
        nstring(m.header("In-Reply-To"));
        raw(" ");
        nstring(m.header("Message-ID"));
        raw(")");
    }

    private void addresses(String value) {
        List<AddressParser.Address> list = value == null ? List.of() : AddressParser.parse(value);
        if (list.isEmpty()) {
            raw("NIL");
            return;
        }
        raw("(");
        for (AddressParser.Address a : list) {
            raw("(");
            nstring(a.name());
            raw(" ");
            nstring(a.route());
            raw(" ");
            nstring(a.mailbox());
            raw(" ");
            nstring(a.host());
            raw(")");
        }
        raw(")");
    }

    private void writeBody(MimePart p, boolean extended) {
        raw("(");
        if (p.isMultipart()) {
            for (MimePart c : p.children()) {
                writeBody(c, extended);
            }
            raw(" ");
            nstring(p.subtype());
            if (extended) {
                raw(" ");
                params(p.parameters());
                extension(p);
            }
            raw(")");
            return;
        }
        nstring(p.type());
        raw(" ");
        nstring(p.subtype());
        raw(" ");
        params(p.parameters());
        raw(" ");
        nstring(p.header("Content-ID"));
        raw(" ");
        nstring(p.header("Content-Description"));
        raw(" ");
        String enc = p.header("Content-Transfer-Encoding");
        nstring(enc == null || enc.isEmpty() ? "7BIT" : enc);
        raw(" " + p.bodySize());
        if (p.message() != null) {
            raw(" ");
            writeEnvelope(p.message());
            raw(" ");
            writeBody(p.message(), extended);
            raw(" " + p.lines());
        } else if (p.type().equalsIgnoreCase("text")) {
            raw(" " + p.lines());
        }
        if (extended) {
            raw(" ");
            nstring(p.header("Content-MD5"));
            extension(p);
        }
        raw(")");
    }

    /** body-fld-dsp, body-fld-lang and body-fld-loc (RFC 3501 section 9, body-ext-1part/mpart). */
    private void extension(MimePart p) {
        raw(" ");
        String disposition = p.header("Content-Disposition");
        if (disposition == null) {
            raw("NIL");
        } else {
            MimeParser.Parameterized d = MimeParser.Parameterized.parse(disposition);
            raw("(");
            nstring(d.value());
            raw(" ");
            params(d.params());
            raw(")");
        }
        raw(" ");
        String language = p.header("Content-Language");
        List<String> langs = new ArrayList<>();
        if (language != null) {
            for (String l : language.split(",")) {
                if (!l.isBlank()) {
                    langs.add(l.strip());
                }
            }
        }
        if (langs.isEmpty()) {
            raw("NIL");
        } else if (langs.size() == 1) {
            nstring(langs.get(0));
        } else {
            raw("(");
            for (int i = 0; i < langs.size(); i++) {
                raw(i == 0 ? "" : " ");
                nstring(langs.get(i));
            }
            raw(")");
        }
        raw(" ");
        nstring(p.header("Content-Location"));
    }

    private void params(Map<String, String> params) {
        if (params.isEmpty()) {
            raw("NIL");
            return;
        }
        raw("(");
        boolean first = true;
        for (Map.Entry<String, String> e : params.entrySet()) {
            raw(first ? "" : " ");
            first = false;
            nstring(e.getKey());
            raw(" ");
            nstring(e.getValue());
        }
        raw(")");
    }
}
