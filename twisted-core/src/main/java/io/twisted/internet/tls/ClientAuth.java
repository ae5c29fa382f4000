package io.twisted.internet.tls;

/** Whether a TLS server asks its clients for a certificate (RFC 8446 section 4.3.2). */
public enum ClientAuth {
    /** Do not ask. */
    NONE,
    /** Ask; a client without a certificate may still connect, one with an untrusted certificate may not. */
    OPTIONAL,
    /** Ask, and refuse a client that presents no trusted certificate. */
    REQUIRED
}
