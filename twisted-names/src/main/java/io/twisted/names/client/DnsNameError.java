package io.twisted.names.client;

import io.twisted.names.dns.DnsRcode;

/** The name does not exist (NXDOMAIN; Twisted's {@code DNSNameError}). */
public class DnsNameError extends DnsQueryError {

    private static final long serialVersionUID = 1L;

    public DnsNameError(String question) {
        this(question, null);
    }

    public DnsNameError(String question, DnsResult sections) {
        super(DnsRcode.NXDOMAIN, "no such name: " + question, sections);
    }
}
