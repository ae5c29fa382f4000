/**
 * TLS as a protocol layer over {@link javax.net.ssl.SSLEngine} (RFC 8446, RFC 5246): listening, connecting and STARTTLS on a live connection.
 */
package io.twisted.internet.tls;
