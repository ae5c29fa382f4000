package io.twisted.mail.relay;

import io.twisted.mail.smtp.MailAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the relay queue knows of one queued message besides its bytes: sender, the recipients still
 * to deliver, when it was queued, how many attempts were made and when the next is due. Times are
 * seconds since the epoch (wall clock, so they survive a restart).
 *
 * <p>Stored as a small text file, one field per line:
 * <pre>
 * twisted-relay-envelope 1
 * id 3f2a...
 * from alice@example.org        ("from " alone for the null sender)
 * to bob@example.com            (one line per recipient)
 * created 1700000000.000
 * attempts 2
 * next 1700000300.000
 * </pre>
 *
 * @param id the queue entry's name
 * @param from the reverse path
 * @param recipients the recipients not yet delivered (at least one)
 * @param created when the message was queued
 * @param attempts delivery attempts made so far
 * @param nextAttempt when the next attempt is due
 */
public record RelayEnvelope(String id, MailAddress from, List<MailAddress> recipients, double created, int attempts,
        double nextAttempt) {

    /** The first line of an envelope file. */
    public static final String MAGIC = "twisted-relay-envelope 1";
    /** Largest envelope file read: 1 MiB. */
    public static final int MAX_SIZE = 1 << 20;

    public RelayEnvelope {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("bad queue id: " + id);
        }
        Objects.requireNonNull(from, "from");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope has at least one recipient");
        }
    }

    /** This envelope after an attempt: fewer recipients, one more attempt, the next time. */
    public RelayEnvelope retry(List<MailAddress> remaining, double next) {
        return new RelayEnvelope(id, from, remaining, created, attempts + 1, next);
    }

    /** The file form. */
    public byte[] encode() {
        StringBuilder sb = new StringBuilder(MAGIC).append('\n');
        sb.append("id ").append(id).append('\n');
        sb.append("from ").append(from).append('\n');
        for (MailAddress r : recipients) {
            sb.append("to ").append(r).append('\n');
        }
        sb.append("created ").append(String.format(Locale.ROOT, "%.3f", created)).append('\n');
        sb.append("attempts ").append(attempts).append('\n');
        sb.append("next ").append(String.format(Locale.ROOT, "%.3f", nextAttempt)).append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads the file form.
     *
     * @throws IllegalArgumentException if it is not a complete, well-formed envelope
     */
    public static RelayEnvelope decode(byte[] data) {
        if (data.length > MAX_SIZE) {
            throw new IllegalArgumentException("envelope larger than " + MAX_SIZE + " bytes");
        }
        String[] lines = new String(data, StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length < 2 || !lines[0].equals(MAGIC) || !lines[lines.length - 1].isEmpty()) {
            throw new IllegalArgumentException("not a complete relay envelope");
        }
        String id = null;
        MailAddress from = null;
        List<MailAddress> to = new ArrayList<>();
        Double created = null;
        Integer attempts = null;
        Double next = null;
        for (int i = 1; i < lines.length - 1; i++) {
            String l = lines[i];
            int sp = l.indexOf(' ');
            if (sp < 0) {
                throw new IllegalArgumentException("bad envelope line: " + l);
            }
            String key = l.substring(0, sp);
            String value = l.substring(sp + 1);
            switch (key) {
                case "id" -> id = value;
                case "from" -> from = value.isEmpty() ? MailAddress.NULL_SENDER : MailAddress.parse(value);
                case "to" -> to.add(MailAddress.parse(value));
                case "created" -> created = Double.parseDouble(value);
                case "attempts" -> attempts = Integer.parseInt(value);
                case "next" -> next = Double.parseDouble(value);
                default -> throw new IllegalArgumentException("unknown envelope field: " + key);
            }
        }
        if (id == null || from == null || created == null || attempts == null || next == null) {
            throw new IllegalArgumentException("envelope lacks a field");
        }
        return new RelayEnvelope(id, from, to, created, attempts, next);
    }
}
