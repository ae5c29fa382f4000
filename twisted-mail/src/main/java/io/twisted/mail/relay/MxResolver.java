package io.twisted.mail.relay;

import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.names.client.DnsNameError;
import io.twisted.names.client.DnsResult;
import io.twisted.names.client.Resolver;
import io.twisted.names.dns.DnsRecord;
import io.twisted.names.dns.DnsType;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Finds where mail for a domain goes (RFC 5321 section 5.1) through a twisted-names
 * {@link Resolver}.
 *
 * <ul>
 *   <li>{@link #exchangers}: the MX records, lowest preference first; hosts of equal preference
 *       in random order (RFC 5321 section 5.1 asks for it, to spread the load). A domain without
 *       MX records is its own exchanger with preference 0 (the "implicit MX").</li>
 *   <li>A null MX (RFC 7505: exchange {@code .}) fails with {@link RelayPermanentException}
 *       {@code 5.1.10}; a {@code .} among other MX records (which RFC 7505 forbids) is skipped. A
 *       domain that does not exist (NXDOMAIN) fails with {@code 5.1.2}. Any other DNS failure
 *       (timeout, SERVFAIL) is a {@link RelayTemporaryException}: retried later.</li>
 *   <li>{@link #addresses}: both the AAAA and the A records of one exchanger (asked at the same
 *       time), IPv6 first, as RFC 6724 prefers. A host with neither, where both answers were
 *       definite (NXDOMAIN, or no records of the type), fails with {@link RelayPermanentException}
 *       {@code 5.4.4} ("unable to route"); if an answer was missing (timeout, SERVFAIL) and the
 *       other had no address, with {@link RelayTemporaryException}. When one family's lookup fails
 *       but the other has addresses, those are used.</li>
 *   <li>An exchanger whose name is an alias (a CNAME, which RFC 5321 section 5.1 puts outside the
 *       standard): the addresses the resolver returns through the alias are used, as most MTAs
 *       do; when the alias leads to no address the diagnostic says it was an alias.</li>
 * </ul>
 */
public final class MxResolver {

    /**
     * One mail exchanger.
     *
     * @param host its name, without the final dot
     * @param preference its MX preference (0 for the implicit MX)
     * @param implicit whether it is the domain itself because the domain has no MX records
     */
    public record Exchanger(String host, int preference, boolean implicit) {
        public Exchanger {
            Objects.requireNonNull(host, "host");
        }
    }

    private final Resolver resolver;
    private final Random random;

    /** Looks up through {@code resolver}; equal preferences are shuffled with a new {@link Random}. */
    public MxResolver(Resolver resolver) {
        this(resolver, new Random());
    }

    /** As {@link #MxResolver(Resolver)}, shuffling equal preferences with {@code random} (tests pass their own). */
    public MxResolver(Resolver resolver, Random random) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * The mail exchangers of {@code domain}, most preferred first. An address literal
     * ({@code [192.0.2.1]}, {@code [IPv6:2001:db8::1]}) is its own exchanger, named by the bare
     * address, without DNS (RFC 5321 section 5.1); a malformed one fails with
     * {@link RelayPermanentException} {@code 5.1.2}.
     */
    public Deferred<List<Exchanger>> exchangers(String domain) {
        if (domain.startsWith("[")) {
            try {
                return Deferred.succeed(List.of(new Exchanger(literal(domain).getHostAddress(), 0, true)));
            } catch (RelayPermanentException e) {
                return Deferred.fail(e);
            }
        }
        try {
            return resolver.lookupMailExchange(domain).addCallbacks(result -> fromAnswer(domain, result),
                    failure -> lookupFailed(domain, failure));
        } catch (IllegalArgumentException e) {
            // Not a name DNS can carry (an empty label, a label over 63 octets).
            return Deferred.fail(new RelayPermanentException("5.1.2", "bad domain " + domain + ": " + e.getMessage()));
        }
    }

    /** The address of an address literal: {@code [192.0.2.1]} or {@code [IPv6:...]} (RFC 5321 section 4.1.3). */
    static InetAddress literal(String domain) {
        if (!domain.startsWith("[") || !domain.endsWith("]")) {
            throw new RelayPermanentException("5.1.2", "bad address literal " + domain);
        }
        String inner = domain.substring(1, domain.length() - 1);
        boolean v6 = inner.regionMatches(true, 0, "IPv6:", 0, 5);
        String text = v6 ? inner.substring(5) : inner;
        boolean ok = v6 ? text.matches("[0-9A-Fa-f:.]+") && text.contains(":") : isDottedQuad(text);
        if (ok) {
            try {
                InetAddress a = InetAddress.getByName(text); // a literal: no lookup
                if (v6 == isIpv6(a)) {
                    return a;
                }
            } catch (java.net.UnknownHostException | RuntimeException e) {
                // reported below
            }
        }
        throw new RelayPermanentException("5.1.2", "bad address literal " + domain);
    }

    /** Whether {@code host} is IP address text (so {@link InetAddress#getByName} will not look it up). */
    private static boolean isAddressText(String host) {
        return host.indexOf(':') >= 0 && host.matches("[0-9A-Fa-f:.]+") || isDottedQuad(host);
    }

    private static boolean isDottedQuad(String s) {
        if (!s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return false;
        }
        for (String octet : s.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    /** The names of the mail exchangers of {@code domain}, most preferred first. */
    public Deferred<List<String>> exchanges(String domain) {
        return exchangers(domain).addCallback(l -> l.stream().map(Exchanger::host).toList());
    }

    /**
     * The IPv6 and IPv4 addresses of {@code host}, IPv6 first (each family in the order DNS gave);
     * see the class comment for the failures.
     */
    public Deferred<List<InetAddress>> addresses(String host) {
        if (isAddressText(host)) {
            // The exchanger of an address literal.
            try {
                return Deferred.succeed(List.of(InetAddress.getByName(host)));
            } catch (java.net.UnknownHostException | RuntimeException e) {
                return Deferred.fail(new RelayPermanentException("5.1.2", "bad address " + host));
            }
        }
        Deferred<Family> v6 = family(host, resolver.lookupIPV6Address(host), DnsType.AAAA);
        Deferred<Family> v4 = family(host, resolver.lookupAddress(host), DnsType.A);
        return v6.addCallbackDeferred(six -> v4.addCallback(four -> combine(host, six, four)));
    }

    /** What one address lookup gave: addresses, or why none (definite: the name has none; else a failure). */
    private record Family(DnsType type, List<InetAddress> addresses, boolean definite, boolean alias, String error) { }

    private static Deferred<Family> family(String host, Deferred<DnsResult> lookup, DnsType type) {
        return lookup.addCallbacks(result -> {
            List<InetAddress> out = new ArrayList<>();
            for (DnsRecord r : result.answers(type)) {
                out.add(r.rdata().address());
            }
            boolean alias = !result.answers(DnsType.CNAME).isEmpty();
            return new Family(type, out, true, alias, null);
        }, failure -> {
            boolean nx = failure.check(DnsNameError.class) != null;
            return new Family(type, List.of(), nx, false, nx ? "no such host" : failure.getErrorMessage());
        });
    }

    private static List<InetAddress> combine(String host, Family six, Family four) {
        List<InetAddress> all = new ArrayList<>(six.addresses());
        all.addAll(four.addresses());
        if (!all.isEmpty()) {
            return all;
        }
        if (six.definite() && four.definite()) {
            String why = six.error() != null && four.error() != null ? "does not exist"
                    : "has no address records (A or AAAA)";
            String alias = six.alias() || four.alias()
                    ? "; it is an alias (CNAME), which RFC 5321 section 5.1 does not allow for a mail exchanger" : "";
            throw new RelayPermanentException("5.4.4", "mail exchanger " + host + " " + why + alias);
        }
        Family failed = !six.definite() ? six : four;
        throw new RelayTemporaryException("cannot look up the " + failed.type() + " records of " + host + ": "
                + failed.error());
    }

    /** Whether {@code address} is IPv6. */
    public static boolean isIpv6(InetAddress address) {
        return address instanceof Inet6Address;
    }

    private List<Exchanger> fromAnswer(String domain, DnsResult result) {
        List<DnsRecord> mx = result.answers(DnsType.MX);
        if (mx.isEmpty()) {
            return List.of(new Exchanger(domain, 0, true));
        }
        List<DnsRecord> usable = mx.stream().filter(r -> !r.rdata().name(1).isRoot()).toList();
        if (usable.isEmpty()) {
            throw new RelayPermanentException("5.1.10", domain + " accepts no mail: it has a null MX (RFC 7505)");
        }
        List<DnsRecord> shuffled = new ArrayList<>(usable);
        Collections.shuffle(shuffled, random);
        // A stable sort keeps the shuffled order among equal preferences.
        shuffled.sort(Comparator.comparingLong(r -> r.rdata().number(0)));
        List<Exchanger> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (DnsRecord r : shuffled) {
            String host = stripDot(r.rdata().name(1).toString());
            if (!seen.contains(host.toLowerCase(java.util.Locale.ROOT))) {
                seen.add(host.toLowerCase(java.util.Locale.ROOT));
                out.add(new Exchanger(host, (int) r.rdata().number(0), false));
            }
        }
        return out;
    }

    private static String stripDot(String name) {
        return name.endsWith(".") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
    }

    private static List<Exchanger> lookupFailed(String domain, Failure failure) {
        if (failure.check(DnsNameError.class) != null) {
            throw new RelayPermanentException("5.1.2", "domain " + domain + " does not exist");
        }
        throw new RelayTemporaryException("MX lookup for " + domain + " failed: " + failure.getErrorMessage());
    }
}
