package io.twisted.mail.relay;

import io.twisted.mail.smtp.MailAddress;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Builds a bounce: a delivery status notification in the format of RFC 3464, a
 * {@code multipart/report; report-type=delivery-status} (RFC 6522) with three parts: a text
 * explanation, the {@code message/delivery-status} fields (per-message {@code Reporting-MTA},
 * {@code Arrival-Date}; per recipient {@code Final-Recipient}, {@code Action: failed},
 * {@code Status}, {@code Remote-MTA}, {@code Diagnostic-Code}, {@code Last-Attempt-Date}), and the
 * original message's header ({@code text/rfc822-headers}, so a large message is not sent back).
 * Marked {@code Auto-Submitted: auto-replied} (RFC 3834). Pure: no I/O.
 */
public final class DeliveryStatusReport {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss '+0000'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * One recipient that will not get the message.
     *
     * @param address the recipient
     * @param status RFC 3463 status ({@code 5.1.1}; {@code 4.4.7} when the queue gave up)
     * @param diagnostic the reason: {@code smtp; 550 5.1.1 no such user} when a server said so, else text
     * @param remoteMta the server that refused, or {@code null}
     */
    public record FailedRecipient(MailAddress address, String status, String diagnostic, String remoteMta) {
        public FailedRecipient {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(diagnostic, "diagnostic");
        }
    }

    private DeliveryStatusReport() {
    }

    /**
     * The bounce message.
     *
     * @param reportingMta this host's name
     * @param id a unique token for the Message-ID and MIME boundary ({@code [A-Za-z0-9-]})
     * @param to the original sender
     * @param failed the recipients that failed
     * @param arrival when the original message was queued
     * @param now the bounce's date
     * @param originalHeaders the original header section (may be empty)
     */
    public static byte[] create(String reportingMta, String id, MailAddress to, List<FailedRecipient> failed,
            Instant arrival, Instant now, byte[] originalHeaders) {
        if (failed.isEmpty()) {
            throw new IllegalArgumentException("a bounce names at least one recipient");
        }
        String boundary = "=_bounce_" + id;
        String date = DATE.format(now);
        StringBuilder sb = new StringBuilder();
        sb.append("From: Mail Delivery System <MAILER-DAEMON@").append(reportingMta).append(">\r\n");
        sb.append("To: <").append(to).append(">\r\n");
        sb.append("Subject: Undelivered Mail Returned to Sender\r\n");
        sb.append("Date: ").append(date).append("\r\n");
        sb.append("Message-ID: <").append(id).append('@').append(reportingMta).append(">\r\n");
        sb.append("Auto-Submitted: auto-replied\r\n");
        sb.append("MIME-Version: 1.0\r\n");
        sb.append("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"").append(boundary).append("\"\r\n");
        sb.append("\r\nThis is a MIME-encapsulated message.\r\n\r\n");
        sb.append("--").append(boundary).append("\r\n");
        sb.append("Content-Type: text/plain; charset=us-ascii\r\n\r\n");
        sb.append("This is the mail system at ").append(reportingMta).append(".\r\n\r\n");
        sb.append("Your message could not be delivered to one or more recipients:\r\n\r\n");
        for (FailedRecipient f : failed) {
            sb.append("<").append(f.address()).append(">: ").append(oneLine(f.diagnostic())).append("\r\n");
        }
        sb.append("\r\n--").append(boundary).append("\r\n");
        sb.append("Content-Type: message/delivery-status\r\n\r\n");
        sb.append("Reporting-MTA: dns; ").append(reportingMta).append("\r\n");
        sb.append("Arrival-Date: ").append(DATE.format(arrival)).append("\r\n");
        for (FailedRecipient f : failed) {
            sb.append("\r\n");
            sb.append("Final-Recipient: rfc822; ").append(f.address()).append("\r\n");
            sb.append("Action: failed\r\n");
            sb.append("Status: ").append(f.status()).append("\r\n");
            if (f.remoteMta() != null) {
                sb.append("Remote-MTA: dns; ").append(f.remoteMta()).append("\r\n");
            }
            sb.append("Diagnostic-Code: ").append(diagnosticField(f.diagnostic())).append("\r\n");
            sb.append("Last-Attempt-Date: ").append(date).append("\r\n");
        }
        sb.append("\r\n--").append(boundary).append("\r\n");
        sb.append("Content-Type: text/rfc822-headers\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(crlf(originalHeaders));
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** {@code smtp; ...} for a server's reply, {@code X-Twisted; ...} for a local reason (RFC 3464 section 2.3.6). */
    private static String diagnosticField(String diagnostic) {
        String d = oneLine(diagnostic);
        return d.startsWith("smtp; ") ? d : "X-Twisted; " + d;
    }

    private static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ');
    }

    /** The headers with CRLF line ends, ending with one CRLF. */
    private static byte[] crlf(byte[] headers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(headers.length + 64);
        for (int i = 0; i < headers.length; i++) {
            byte b = headers[i];
            if (b == '\n' && (i == 0 || headers[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(b);
        }
        byte[] r = out.toByteArray();
        if (r.length > 0 && r[r.length - 1] != '\n') {
            out.writeBytes(new byte[] {'\r', '\n'});
            r = out.toByteArray();
        }
        return r;
    }
}
