package io.twisted.mail.mime;

/**
 * One header field. The value is unfolded (CRLFs removed, RFC 5322 section 2.2.3), its leading
 * and trailing white space trimmed, and its bytes kept one char per octet (ISO-8859-1), so 8-bit
 * headers survive unchanged.
 *
 * @param name the field name as written
 * @param value the unfolded value
 */
public record MimeField(String name, String value) {
}
