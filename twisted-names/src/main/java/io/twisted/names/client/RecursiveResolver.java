package io.twisted.names.client;

import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import io.twisted.names.dns.DnsName;
import io.twisted.names.dns.DnsQuestion;
import io.twisted.names.dns.DnsRcode;
import io.twisted.names.dns.DnsRecord;
import io.twisted.names.dns.DnsType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * An iterative resolver that walks down from root hints (RFC 1034 §5.3.3, Twisted's
 * {@code root.Resolver}): it asks the closest known servers without RD, follows referrals (NS in
 * authority, addresses from glue or resolved in turn), restarts at the target of a CNAME, and
 * returns the first authoritative answer, NODATA or NXDOMAIN. Limits: {@value #MAX_QUERIES}
 * queries and {@value #MAX_DEPTH} nested resolutions (CNAME targets, glueless name servers) per
 * question, so a referral loop ends with {@link DnsQueryError} SERVFAIL. No cache of its own: put a
 * {@link CachingResolver} in front. IPv4 name server addresses only.
 */
public final class RecursiveResolver implements Resolver {

    /** Most queries sent for one question. */
    public static final int MAX_QUERIES = 64;
    /** Most nested resolutions for one question. */
    public static final int MAX_DEPTH = 8;

    /** The IPv4 addresses of the thirteen root servers (IANA named.root). */
    public static final List<String> ROOT_SERVERS = List.of("198.41.0.4", "170.247.170.2", "192.33.4.12", "199.7.91.13",
            "192.203.230.10", "192.5.5.241", "192.112.36.4", "198.97.190.53", "192.36.148.17", "192.58.128.30",
            "193.0.14.129", "199.7.83.42", "202.12.27.33");

    private final Reactor reactor;
    private final List<InetAddress> hints;
    private final int port;
    private final double timeout;
    private final Random random;

    /**
     * @param hints addresses of the root servers
     * @param port the port every server is asked on (53; another for tests on loopback)
     * @param timeout seconds to wait for each server
     */
    public RecursiveResolver(Reactor reactor, List<InetAddress> hints, int port, double timeout, Random random) {
        this.reactor = Objects.requireNonNull(reactor);
        if (hints.isEmpty()) {
            throw new IllegalArgumentException("no root hints");
        }
        this.hints = List.copyOf(hints);
        this.port = port;
        this.timeout = timeout;
        this.random = Objects.requireNonNull(random);
    }

    /** A resolver starting at the Internet's root servers. */
    public static RecursiveResolver withRootServers(Reactor reactor) {
        List<InetAddress> hints = new ArrayList<>();
        for (String a : ROOT_SERVERS) {
            try {
                hints.add(InetAddress.getByName(a));
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return new RecursiveResolver(reactor, hints, 53, 3, new SecureRandom());
    }

    @Override
    public Deferred<DnsResult> query(DnsQuestion question) {
        return new Walk(question).start();
    }

    /** One question's walk. */
    private final class Walk {
        private final DnsQuestion question;
        private int queries;

        Walk(DnsQuestion question) {
            this.question = question;
        }

        Deferred<DnsResult> start() {
            return resolve(question, hints, 0, List.of());
        }

        private Deferred<DnsResult> resolve(DnsQuestion q, List<InetAddress> servers, int depth, List<DnsRecord> prefix) {
            if (++queries > MAX_QUERIES || depth > MAX_DEPTH) {
                return Deferred.fail(new DnsQueryError(DnsRcode.SERVFAIL, "resolution of " + question + " went too deep"));
            }
            List<InetSocketAddress> addresses = new ArrayList<>();
            for (InetAddress a : servers) {
                addresses.add(new InetSocketAddress(a, port));
            }
            Collections.shuffle(addresses, random);
            List<InetSocketAddress> asked = addresses.subList(0, Math.min(4, addresses.size()));
            List<Double> timeouts = Collections.nCopies(asked.size(), timeout);
            ClientResolver client = new ClientResolver(reactor, asked, timeouts, random).setRecursionDesired(false);
            Deferred<DnsResult> out = new Deferred<>();
            client.query(q).addCallbacks(r -> {
                step(q, r, depth, prefix).chainDeferred(out);
                return null;
            }, f -> {
                if (f.value() instanceof DnsQueryError && !prefix.isEmpty()) {
                    DnsQueryError e = (DnsQueryError) f.value();
                    out.errback(DnsQueryError.of(e.rcode(), question.toString(), withPrefix(prefix, e.sections())));
                } else {
                    out.errback(f);
                }
                return null;
            });
            return out;
        }

        private Deferred<DnsResult> step(DnsQuestion q, DnsResult r, int depth, List<DnsRecord> prefix) {
            // An answer: the records for q, following CNAMEs the server gave.
            DnsName name = q.name();
            List<DnsRecord> chain = new ArrayList<>(prefix);
            for (int i = 0; i <= MAX_DEPTH; i++) {
                boolean found = false;
                DnsName next = null;
                for (DnsRecord rec : r.answers()) {
                    if (!rec.name().equals(name)) {
                        continue;
                    }
                    if (rec.type().equals(q.type()) || q.type().equals(DnsType.ANY)) {
                        chain.add(rec);
                        found = true;
                    } else if (rec.type().equals(DnsType.CNAME)) {
                        chain.add(rec);
                        next = rec.rdata().target();
                    }
                }
                if (found) {
                    return Deferred.succeed(new DnsResult(chain, r.authority(), r.additional()));
                }
                if (next == null) {
                    break;
                }
                name = next;
            }
            if (!name.equals(q.name())) {
                // A CNAME whose target the server did not answer: start again from the root.
                return resolve(new DnsQuestion(name, q.type(), q.dnsClass()), hints, depth + 1, chain);
            }
            List<DnsRecord> ns = new ArrayList<>();
            boolean soa = false;
            for (DnsRecord rec : r.authority()) {
                if (rec.type().equals(DnsType.NS) && name.isSubdomainOf(rec.name())) {
                    ns.add(rec);
                }
                soa |= rec.type().equals(DnsType.SOA);
            }
            if (ns.isEmpty() || soa) {
                return Deferred.succeed(withPrefix(chain, r));       // NODATA (or an empty answer)
            }
            List<InetAddress> glue = new ArrayList<>();
            for (DnsRecord n : ns) {
                for (DnsRecord a : r.additional()) {
                    if (a.type().equals(DnsType.A) && a.name().equals(n.rdata().target())) {
                        glue.add(a.rdata().address());
                    }
                }
            }
            if (!glue.isEmpty()) {
                return resolve(q, glue, depth, chain);
            }
            // Glueless delegation: find the first name server's address, then go on.
            DnsName server = ns.get(0).rdata().target();
            return resolve(new DnsQuestion(server, DnsType.A, q.dnsClass()), hints, depth + 1, List.of())
                    .addCallbackDeferred(found -> {
                        List<InetAddress> addrs = new ArrayList<>();
                        for (DnsRecord a : found.answers(DnsType.A)) {
                            addrs.add(a.rdata().address());
                        }
                        if (addrs.isEmpty()) {
                            return Deferred.<DnsResult>fail(new DnsQueryError(DnsRcode.SERVFAIL, "no address for " + server));
                        }
                        return resolve(q, addrs, depth + 1, chain);
                    });
        }
    }

    private static DnsResult withPrefix(List<DnsRecord> prefix, DnsResult r) {
        List<DnsRecord> answers = new ArrayList<>(prefix);
        answers.addAll(r.answers());
        return new DnsResult(answers, r.authority(), r.additional());
    }
}
