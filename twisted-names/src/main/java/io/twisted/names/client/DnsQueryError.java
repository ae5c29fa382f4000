package io.twisted.names.client;

import io.twisted.names.dns.DnsRcode;

/**
 * A server answered a query with an error RCODE (Twisted's {@code DNSServerError},
 * {@code DNSQueryRefusedError}, {@code DNSFormatError}, ... in one class: see {@link #rcode()}).
 * NXDOMAIN is the subclass {@link DnsNameError}.
 */
public class DnsQueryError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient DnsRcode rcode;

    public DnsQueryError(DnsRcode rcode, String message) {
        super(message);
        this.rcode = rcode;
    }

    /** The error for a response code. */
    public static DnsQueryError of(DnsRcode rcode, String question) {
        if (rcode.equals(DnsRcode.NXDOMAIN)) {
            return new DnsNameError(question);
        }
        return new DnsQueryError(rcode, rcode + " for " + question);
    }

    public DnsRcode rcode() {
        return rcode;
    }
}
