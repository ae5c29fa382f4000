package io.twisted.names.client;

import io.twisted.names.dns.DnsRecord;
import io.twisted.names.dns.DnsType;
import java.util.List;

/**
 * What a lookup returns: the answer, authority and additional sections (Twisted's
 * {@code (answers, authority, additional)} tuple).
 */
public record DnsResult(List<DnsRecord> answers, List<DnsRecord> authority, List<DnsRecord> additional) {

    public DnsResult {
        answers = List.copyOf(answers);
        authority = List.copyOf(authority);
        additional = List.copyOf(additional);
    }

    /** The answer records of {@code type} (for example the A records after a CNAME chain). */
    public List<DnsRecord> answers(DnsType type) {
        return answers.stream().filter(r -> r.type().equals(type)).toList();
    }
}
