package io.twisted.names.client;

import io.twisted.names.dns.DnsRcode;
import java.util.List;

/**
 * A server answered a query with an error RCODE (Twisted's {@code DNSServerError},
 * {@code DNSQueryRefusedError}, {@code DNSFormatError}, ... in one class: see {@link #rcode()}).
 * NXDOMAIN is the subclass {@link DnsNameError}. {@link #sections()} holds what the response
 * carried (for NXDOMAIN, the SOA that sets the negative TTL, RFC 2308 §5).
 */
public class DnsQueryError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient DnsRcode rcode;
    private final transient DnsResult sections;

    public DnsQueryError(DnsRcode rcode, String message, DnsResult sections) {
        super(message);
        this.rcode = rcode;
        this.sections = sections == null ? new DnsResult(List.of(), List.of(), List.of()) : sections;
    }

    public DnsQueryError(DnsRcode rcode, String message) {
        this(rcode, message, null);
    }

    /** The error for a response code. */
    public static DnsQueryError of(DnsRcode rcode, String question, DnsResult sections) {
        if (rcode.equals(DnsRcode.NXDOMAIN)) {
            return new DnsNameError(question, sections);
        }
        return new DnsQueryError(rcode, rcode + " for " + question, sections);
    }

    /** The error for a response code, without sections. */
    public static DnsQueryError of(DnsRcode rcode, String question) {
        return of(rcode, question, null);
    }

    public DnsRcode rcode() {
        return rcode;
    }

    /** The sections of the error response (empty when there were none). */
    public DnsResult sections() {
        return sections;
    }
}
