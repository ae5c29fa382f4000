/**
 * TLS as a protocol layer over {@link javax.net.ssl.SSLEngine} (RFC 8446 TLS 1.3, RFC 5246 TLS 1.2),
 * after Twisted's {@code twisted.protocols.tls} and {@code twisted.internet.ssl}.
 *
 * <ul>
 *   <li>{@link io.twisted.internet.tls.TlsLayer}: the layer (a protocol below the application, a
 *       transport above it), {@link io.twisted.internet.tls.TlsLayer#wrapFactory} for whole TLS
 *       connections and {@link io.twisted.internet.tls.TlsLayer#startTls} for STARTTLS
 *       (RFC 3207, RFC 2595, RFC 4217) on any transport implementing
 *       {@link io.twisted.internet.tls.ProtocolLayering}.</li>
 *   <li>{@link io.twisted.internet.tls.TlsOptions}: {@link io.twisted.internet.tls.ClientTlsOptions}
 *       (hostname verification per RFC 6125, SNI per RFC 6066, ALPN per RFC 7301) and
 *       {@link io.twisted.internet.tls.ServerTlsOptions} (certificates chosen by SNI, client
 *       certificates, ALPN). TLS 1.3 and 1.2 only by default (RFC 8996).</li>
 *   <li>{@link io.twisted.internet.tls.Pem} and {@link io.twisted.internet.tls.PrivateCertificate}:
 *       PEM keys and certificates (RFC 7468) with the JDK alone; {@link io.twisted.internet.tls.SelfSigned}
 *       makes development certificates with Bouncy Castle, an optional dependency.</li>
 * </ul>
 */
package io.twisted.internet.tls;
