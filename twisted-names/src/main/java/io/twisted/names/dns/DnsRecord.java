package io.twisted.names.dns;

import java.util.Objects;

/**
 * A resource record (RFC 1035 §3.2.1, §4.1.3): owner name, class, TTL (seconds, 0 to 2^32-1) and
 * RDATA, whose {@link Rdata#type() type} is the record's type.
 */
public record DnsRecord(DnsName name, DnsClass dnsClass, long ttl, Rdata rdata) {

    public DnsRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dnsClass, "dnsClass");
        Objects.requireNonNull(rdata, "rdata");
        if (ttl < 0 || ttl > 0xffffffffL) {
            throw new IllegalArgumentException("TTL out of range: " + ttl);
        }
    }

    /** A record of class IN. */
    public DnsRecord(DnsName name, long ttl, Rdata rdata) {
        this(name, DnsClass.IN, ttl, rdata);
    }

    public DnsType type() {
        return rdata.type();
    }

    /** The same record with another TTL. */
    public DnsRecord withTtl(long newTtl) {
        return new DnsRecord(name, dnsClass, newTtl, rdata);
    }

    /** The same record with another owner (a wildcard's expansion, RFC 4592 §3.3.1). */
    public DnsRecord withName(DnsName newName) {
        return new DnsRecord(newName, dnsClass, ttl, rdata);
    }

    /** A master-file line: {@code owner TTL CLASS TYPE RDATA}, names absolute. */
    @Override
    public String toString() {
        return name + "\t" + ttl + "\t" + dnsClass + "\t" + type() + "\t" + rdata;
    }
}
