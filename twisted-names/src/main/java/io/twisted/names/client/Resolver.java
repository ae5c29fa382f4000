package io.twisted.names.client;

import io.twisted.internet.defer.Deferred;
import io.twisted.internet.error.DNSLookupError;
import io.twisted.names.dns.DnsClass;
import io.twisted.names.dns.DnsName;
import io.twisted.names.dns.DnsQuestion;
import io.twisted.names.dns.DnsRecord;
import io.twisted.names.dns.DnsType;
import java.util.List;

/**
 * Looks names up (Twisted's {@code IResolver}). Every method returns a {@link Deferred} that fires
 * with the {@link DnsResult} or fails with {@link DnsNameError} (no such name), another
 * {@link DnsQueryError} (an error RCODE) or {@link DnsQueryTimeoutError}.
 *
 * <pre>{@code
 * resolver.lookupMailExchange("example.com")
 *         .addCallback(result -> result.answers(DnsType.MX));
 * resolver.getHostByName("www.example.com").addCallback(address -> ...);
 * }</pre>
 */
public interface Resolver {

    /** Asks one question; the other methods are shortcuts for it. */
    Deferred<DnsResult> query(DnsQuestion question);

    private Deferred<DnsResult> lookup(String name, DnsType type) {
        return query(new DnsQuestion(DnsName.of(name), type, DnsClass.IN));
    }

    default Deferred<DnsResult> lookupAddress(String name) {
        return lookup(name, DnsType.A);
    }

    default Deferred<DnsResult> lookupIPV6Address(String name) {
        return lookup(name, DnsType.AAAA);
    }

    default Deferred<DnsResult> lookupMailExchange(String name) {
        return lookup(name, DnsType.MX);
    }

    default Deferred<DnsResult> lookupService(String name) {
        return lookup(name, DnsType.SRV);
    }

    default Deferred<DnsResult> lookupText(String name) {
        return lookup(name, DnsType.TXT);
    }

    default Deferred<DnsResult> lookupSenderPolicy(String name) {
        return lookup(name, DnsType.SPF);
    }

    default Deferred<DnsResult> lookupNameservers(String name) {
        return lookup(name, DnsType.NS);
    }

    default Deferred<DnsResult> lookupCanonicalName(String name) {
        return lookup(name, DnsType.CNAME);
    }

    default Deferred<DnsResult> lookupPointer(String name) {
        return lookup(name, DnsType.PTR);
    }

    default Deferred<DnsResult> lookupAuthority(String name) {
        return lookup(name, DnsType.SOA);
    }

    default Deferred<DnsResult> lookupHostInfo(String name) {
        return lookup(name, DnsType.HINFO);
    }

    default Deferred<DnsResult> lookupNamingAuthorityPointer(String name) {
        return lookup(name, DnsType.NAPTR);
    }

    default Deferred<DnsResult> lookupCertificateAuthorityAuthorization(String name) {
        return lookup(name, DnsType.CAA);
    }

    /** All records ({@code ANY}; servers may answer minimally, RFC 8482). */
    default Deferred<DnsResult> lookupAllRecords(String name) {
        return lookup(name, DnsType.ANY);
    }

    /**
     * The first IPv4 address of {@code name} as text (CNAMEs followed by the server), failing with
     * {@link DNSLookupError} when there is none (Twisted's {@code getHostByName}).
     */
    default Deferred<String> getHostByName(String name) {
        return lookupAddress(name).addCallbacks(result -> {
            List<DnsRecord> a = result.answers(DnsType.A);
            if (a.isEmpty()) {
                throw new DNSLookupError("no address for " + name);
            }
            return a.get(0).rdata().address().getHostAddress();
        }, failure -> {
            throw new DNSLookupError("cannot resolve " + name + ": " + failure.getErrorMessage(), failure.value());
        });
    }
}
