package io.twisted.names.dns;

import java.util.List;

/**
 * The EDNS0 pseudo-record of a message (the OPT RR, RFC 6891 §6): the sender's UDP payload size,
 * version, the DO bit (RFC 3225), the other flag bits, and options. The extended RCODE bits live
 * in {@link DnsMessage#rcode()}, which is 12 bits wide.
 *
 * @param udpPayloadSize the largest UDP reply the sender accepts; values below 512 are treated as
 *     512 (RFC 6891 §6.2.3)
 */
public record Edns(int udpPayloadSize, int version, boolean dnssecOk, int flags, List<EdnsOption> options) {

    /** The payload size we advertise by default (RFC 9715 / DNS flag day 2020 recommendation). */
    public static final int DEFAULT_PAYLOAD = 1232;

    public Edns {
        if (udpPayloadSize < 0 || udpPayloadSize > 0xffff || version < 0 || version > 255 || flags < 0 || flags > 0x7fff) {
            throw new IllegalArgumentException("EDNS field out of range");
        }
        options = List.copyOf(options);
    }

    /** EDNS version 0 with {@code payload}, no options. */
    public static Edns of(int payload) {
        return new Edns(payload, 0, false, 0, List.of());
    }

    /** The payload size to honour: at least 512. */
    public int effectivePayloadSize() {
        return Math.max(512, udpPayloadSize);
    }
}
