package io.twisted.names.client;

import io.twisted.internet.ReactorTime;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.names.dns.DnsQuestion;
import io.twisted.names.dns.DnsRecord;
import io.twisted.names.dns.DnsType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cache in front of another resolver (Twisted's {@code CacheResolver}). A positive answer is
 * kept for the smallest TTL among its records and served with TTLs counted down (RFC 1035 §3.2.1);
 * negative answers, NXDOMAIN and NODATA, are kept for the SOA's TTL capped by its MINIMUM field
 * (RFC 2308 §5) and not at all without an SOA. Other failures are not cached. At most
 * {@code maxEntries} answers are kept, least recently used dropped first. Time comes from the
 * injected {@link ReactorTime}.
 */
public final class CachingResolver implements Resolver {

    /** Default number of cached answers. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    private record Entry(double storedAt, double expiresAt, DnsResult result, DnsQueryError error) {
    }

    private final Resolver upstream;
    private final ReactorTime clock;
    private final int maxEntries;
    private final Map<DnsQuestion, Entry> cache;

    public CachingResolver(Resolver upstream, ReactorTime clock, int maxEntries) {
        this.upstream = Objects.requireNonNull(upstream);
        this.clock = Objects.requireNonNull(clock);
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
        this.cache = new LinkedHashMap<>(16, 0.75f, true);
    }

    public CachingResolver(Resolver upstream, ReactorTime clock) {
        this(upstream, clock, DEFAULT_MAX_ENTRIES);
    }

    /** Number of answers cached (expired ones included until looked up). */
    public int size() {
        return cache.size();
    }

    @Override
    public Deferred<DnsResult> query(DnsQuestion question) {
        DnsQuestion key = new DnsQuestion(question.name().toLowerCase(), question.type(), question.dnsClass());
        Entry e = cache.get(key);
        double now = clock.seconds();
        if (e != null) {
            if (now < e.expiresAt()) {
                long elapsed = (long) (now - e.storedAt());
                if (e.error() != null) {
                    return Deferred.fail(e.error());
                }
                return Deferred.succeed(aged(e.result(), elapsed));
            }
            cache.remove(key);
        }
        return upstream.query(question).addCallbacks(r -> store(key, r), f -> storeFailure(key, f));
    }

    private DnsResult store(DnsQuestion key, DnsResult r) {
        long ttl;
        if (r.answers().isEmpty()) {
            ttl = negativeTtl(r);
        } else {
            ttl = Long.MAX_VALUE;
            for (DnsRecord rec : r.answers()) {
                ttl = Math.min(ttl, rec.ttl());
            }
        }
        if (ttl > 0) {
            put(key, new Entry(clock.seconds(), clock.seconds() + ttl, r, null));
        }
        return r;
    }

    private DnsResult storeFailure(DnsQuestion key, Failure f) throws Throwable {
        if (f.value() instanceof DnsNameError) {
            DnsNameError e = (DnsNameError) f.value();
            long ttl = negativeTtl(e.sections());
            if (ttl > 0) {
                put(key, new Entry(clock.seconds(), clock.seconds() + ttl, null, e));
            }
        }
        throw f.value();
    }

    /** RFC 2308 §5: min(SOA TTL, SOA MINIMUM); -1 without an SOA in authority. */
    private static long negativeTtl(DnsResult r) {
        for (DnsRecord rec : r.authority()) {
            if (rec.type().equals(DnsType.SOA)) {
                return Math.min(rec.ttl(), rec.rdata().number(6));
            }
        }
        return -1;
    }

    private void put(DnsQuestion key, Entry e) {
        cache.put(key, e);
        if (cache.size() > maxEntries) {
            cache.remove(cache.keySet().iterator().next());
        }
    }

    private static DnsResult aged(DnsResult r, long elapsed) {
        return new DnsResult(age(r.answers(), elapsed), age(r.authority(), elapsed), age(r.additional(), elapsed));
    }

    private static List<DnsRecord> age(List<DnsRecord> records, long elapsed) {
        List<DnsRecord> out = new ArrayList<>(records.size());
        for (DnsRecord rec : records) {
            out.add(rec.withTtl(Math.max(0, rec.ttl() - elapsed)));
        }
        return out;
    }
}
