/**
 * Framing for stream protocols, after Twisted's {@code twisted.protocols.basic}: turn a byte stream
 * into messages and back. {@link io.twisted.protocols.basic.LineReceiver} (lines with a raw mode, as
 * SMTP, POP3, IMAP, FTP and HTTP/1 headers use), {@link io.twisted.protocols.basic.LineOnlyReceiver},
 * {@link io.twisted.protocols.basic.NetstringReceiver} (D. J. Bernstein's
 * <a href="https://cr.yp.to/proto/netstrings.txt">netstrings</a>) and the length-prefixed
 * {@link io.twisted.protocols.basic.Int8StringReceiver},
 * {@link io.twisted.protocols.basic.Int16StringReceiver} and
 * {@link io.twisted.protocols.basic.Int32StringReceiver}. Protocol modules build on these and never
 * split CRLF by hand. {@link io.twisted.protocols.basic.FileSender} streams a file to a transport as a
 * pull producer.
 *
 * <p>All receivers share one delivery loop ({@link io.twisted.protocols.basic.FramedReceiver}): messages
 * are bytes the callee owns; every buffer that grows from input is bounded by a documented limit
 * (16384 bytes per line, 99999 bytes per string by default, as Twisted); pausing, a disconnecting
 * transport and a STARTTLS switch stop delivery between two messages, and after a switch the bytes not
 * yet processed go to the new transport's {@link io.twisted.internet.Transport#unreadData} rather than
 * being parsed as plaintext (the STARTTLS command-injection flaw,
 * <a href="https://www.rfc-editor.org/rfc/rfc3207#section-6">RFC 3207 section 6</a>, CVE-2011-0411).
 * Line delimiters default to CRLF
 * (<a href="https://www.rfc-editor.org/rfc/rfc5321#section-2.3.8">RFC 5321 section 2.3.8</a>).
 */
package io.twisted.protocols.basic;
