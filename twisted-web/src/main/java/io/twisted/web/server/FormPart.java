package io.twisted.web.server;

import io.twisted.web.http.HttpHeaders;

/**
 * One part of a {@code multipart/form-data} body (RFC 7578).
 *
 * @param name the form field name
 * @param filename the file name the client gave, or {@code null} for a plain field
 * @param contentType the part's Content-Type, or {@code null}
 * @param headers every header field of the part
 * @param content the part's bytes
 */
public record FormPart(String name, String filename, String contentType, HttpHeaders headers, byte[] content) {
}
