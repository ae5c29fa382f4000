package io.twisted.names.dns;

import java.util.Objects;

/** A question: QNAME, QTYPE, QCLASS (RFC 1035 §4.1.2). */
public record DnsQuestion(DnsName name, DnsType type, DnsClass dnsClass) {

    public DnsQuestion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dnsClass, "dnsClass");
    }

    /** A question in class IN. */
    public static DnsQuestion of(String name, DnsType type) {
        return new DnsQuestion(DnsName.of(name), type, DnsClass.IN);
    }

    @Override
    public String toString() {
        return name + " " + dnsClass + " " + type;
    }
}
