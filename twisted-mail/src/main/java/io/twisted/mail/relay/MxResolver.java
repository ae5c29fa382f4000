package io.twisted.mail.relay;

import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.names.client.DnsNameError;
import io.twisted.names.client.DnsResult;
import io.twisted.names.client.Resolver;
import io.twisted.names.dns.DnsRecord;
import io.twisted.names.dns.DnsType;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Finds the hosts that take mail for a domain (RFC 5321 section 5.1) through a twisted-names
 * {@link Resolver}: the MX records in order of preference; a domain without MX records is its own
 * mail exchanger (the "implicit MX", reached through its A record); a null MX (a single MX with
 * exchange {@code .}, RFC 7505) and a domain that does not exist fail with
 * {@link RelayPermanentException}. Other DNS failures are temporary.
 */
public final class MxResolver {

    private final Resolver resolver;

    public MxResolver(Resolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** The mail exchangers of {@code domain}, most preferred first. */
    public Deferred<List<String>> exchanges(String domain) {
        return resolver.lookupMailExchange(domain).addCallbacks(result -> fromAnswer(domain, result),
                failure -> lookupFailed(domain, failure));
    }

    /** The IPv4 address to connect to for {@code host}, as text. */
    public Deferred<String> address(String host) {
        return resolver.getHostByName(host);
    }

    private static List<String> fromAnswer(String domain, DnsResult result) {
        List<DnsRecord> mx = result.answers(DnsType.MX);
        if (mx.isEmpty()) {
            return List.of(domain);
        }
        if (mx.size() == 1 && mx.get(0).rdata().name(1).isRoot()) {
            throw new RelayPermanentException("5.1.10", domain + " accepts no mail (null MX, RFC 7505)");
        }
        return mx.stream().sorted(Comparator.comparingLong(r -> r.rdata().number(0)))
                .map(r -> stripDot(r.rdata().name(1).toString())).distinct().toList();
    }

    private static String stripDot(String name) {
        return name.endsWith(".") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
    }

    private static List<String> lookupFailed(String domain, Failure failure) {
        if (failure.check(DnsNameError.class) != null) {
            throw new RelayPermanentException("5.1.2", "domain " + domain + " does not exist");
        }
        throw new RelayTemporaryException("MX lookup for " + domain + " failed: " + failure.getErrorMessage());
    }
}
