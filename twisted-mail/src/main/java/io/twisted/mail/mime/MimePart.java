package io.twisted.mail.mime;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One part of a parsed message (the message itself is the root part). Offsets index the bytes
 * the parser was given: the header is {@code [headerStart, bodyStart)} (blank line included),
 * the body {@code [bodyStart, end)}.
 *
 * @param headerStart where the part's header starts
 * @param bodyStart where its body starts
 * @param end where its body ends
 * @param fields the header fields, in order (capped by {@link MimeParser.Limits})
 * @param type the media type as written (or the default, {@code TEXT})
 * @param subtype the media subtype as written (or the default, {@code PLAIN})
 * @param parameters the Content-Type parameters as written (RFC 2231 sections separate and still
 *        encoded, as IMAP BODYSTRUCTURE passes them on), in order; {@link #parameter(String)} gives
 *        them decoded
 * @param lines the number of lines of the body (LFs, plus one for a last line without LF)
 * @param children the parts of a multipart body, empty otherwise
 * @param message the encapsulated message of a {@code message/rfc822} part, else {@code null}
 */
public record MimePart(long headerStart, long bodyStart, long end, List<MimeField> fields, String type, String subtype,
                       Map<String, String> parameters, long lines, List<MimePart> children, MimePart message) {

    public MimePart {
        fields = List.copyOf(fields);
        children = List.copyOf(children);
    }

    /** The value of the first field called {@code name} (any case), or {@code null}. */
    public String header(String name) {
        for (MimeField f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.value();
            }
        }
        return null;
    }

    /**
     * The Content-Type parameter {@code name} (any case), RFC 2231 continuations merged and the
     * charset decoded ({@link MimeParameters}), or {@code null}.
     */
    public String parameter(String name) {
        return MimeParameters.get(parameters, name);
    }

    /**
     * The Content-Disposition parameter {@code name} (any case), decoded as
     * {@link #parameter(String)}, or {@code null} (also when there is no Content-Disposition).
     */
    public String dispositionParameter(String name) {
        String d = header("Content-Disposition");
        return d == null ? null : MimeParser.Parameterized.parse(d).param(name);
    }

    /**
     * The part's file name: Content-Disposition's {@code filename}, else Content-Type's
     * {@code name} (RFC 2183 section 2.3; the latter is the older habit), decoded (RFC 2231). As
     * a documented leniency, RFC 2047 encoded words in the value (which RFC 2047 section 5 does
     * not allow there, but many mailers write) are decoded too. {@code null} if there is none.
     */
    public String filename() {
        String f = dispositionParameter("filename");
        if (f == null) {
            f = parameter("name");
        }
        return f == null ? null : EncodedWords.headerText(f);
    }

    /** Whether this part is a multipart with children. */
    public boolean isMultipart() {
        return !children.isEmpty();
    }

    /** Whether the media type is {@code type/subtype} (any case). */
    public boolean is(String type, String subtype) {
        return this.type.equalsIgnoreCase(type) && this.subtype.equalsIgnoreCase(subtype);
    }

    /** The body's size in octets. */
    public long bodySize() {
        return end - bodyStart;
    }

    /** The lower-cased media type {@code type/subtype}. */
    public String mediaType() {
        return (type + "/" + subtype).toLowerCase(Locale.ROOT);
    }
}
