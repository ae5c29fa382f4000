package io.twisted.names.server;

import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.names.client.DnsQueryError;
import io.twisted.names.client.DnsResult;
import io.twisted.names.client.Resolver;
import io.twisted.names.dns.DnsClass;
import io.twisted.names.dns.DnsFormatException;
import io.twisted.names.dns.DnsMessage;
import io.twisted.names.dns.DnsMessageCodec;
import io.twisted.names.dns.DnsName;
import io.twisted.names.dns.DnsOpcode;
import io.twisted.names.dns.DnsQuestion;
import io.twisted.names.dns.DnsRcode;
import io.twisted.names.dns.DnsRecord;
import io.twisted.names.dns.DnsType;
import io.twisted.names.dns.Edns;
import io.twisted.names.zone.Zone;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Turns one query (bytes) into its response messages (bytes), for UDP and TCP alike: the part of
 * a DNS server that does not depend on the transport. Used by {@link DnsDatagramServerProtocol}
 * and {@link DnsTcpServerProtocol}.
 *
 * <ul>
 * <li>fewer than 12 octets, or a message with QR set: dropped (never answer a response);</li>
 * <li>undecodable: FORMERR with the query's ID and opcode (RFC 1035 §4.1.1);</li>
 * <li>NOTIFY (RFC 1996) for a registered secondary zone from its primary: acknowledged, and the
 *     secondary refreshes; other NOTIFYs: REFUSED;</li>
 * <li>other opcodes than QUERY: NOTIMP; not exactly one question: FORMERR;</li>
 * <li>EDNS version above 0: BADVERS (RFC 6891 §6.1.3);</li>
 * <li>a name in no served zone (or a class other than IN): REFUSED, unless recursion is enabled
 *     ({@link #setRecursion}), the query has RD set and the client is allowed: then the question is
 *     forwarded to the recursion resolver (answer with RA; NXDOMAIN and other error codes passed
 *     on, a timeout or other failure becomes SERVFAIL). Only {@link #respond} recurses;</li>
 * <li>AXFR (RFC 5936) over TCP: the zone in messages of at most {@value #AXFR_MESSAGE_SIZE} octets,
 *     SOA first and last; over UDP: FORMERR (RFC 5936 §4.2); IXFR: NOTIMP.</li>
 * </ul>
 * UDP responses fit the client's EDNS payload size (at least 512, at most
 * {@link #maxUdpPayload()}), or 512 without EDNS (RFC 1035 §4.2.1); what does not fit is sent
 * with TC set. A response carries EDNS when the query did, advertising {@link #maxUdpPayload()}.
 */
public final class DnsQueryHandler {

    private static final System.Logger LOG = System.getLogger(DnsQueryHandler.class.getName());

    /** Size of each AXFR message. */
    public static final int AXFR_MESSAGE_SIZE = 16384;

    private final List<ZoneAuthority> authorities;
    private final int maxUdpPayload;
    private boolean queryLog;
    private Resolver recursor;
    private final java.util.Map<DnsName, Secondary> secondaries = new java.util.HashMap<>();

    private record Secondary(java.net.InetAddress primary, Runnable onNotify) {
    }
    private Predicate<SocketAddress> recursionAllowed = a -> false;

    /**
     * @param zones the zones served
     * @param maxUdpPayload the largest UDP response we send (and advertise), 512-65535; 1232 is a
     *     safe default (no IP fragmentation)
     */
    public DnsQueryHandler(List<Zone> zones, int maxUdpPayload) {
        if (maxUdpPayload < 512 || maxUdpPayload > 65535) {
            throw new IllegalArgumentException("maxUdpPayload must be 512-65535");
        }
        List<ZoneAuthority> list = new ArrayList<>();
        for (Zone z : zones) {
            list.add(new ZoneAuthority(Objects.requireNonNull(z)));
        }
        this.authorities = list;
        this.maxUdpPayload = maxUdpPayload;
    }

    public DnsQueryHandler(List<Zone> zones) {
        this(zones, Edns.DEFAULT_PAYLOAD);
    }

    /** Logs each query and its outcome at INFO (the {@code twist dns --querylog} option). */
    public DnsQueryHandler setQueryLog(boolean on) {
        queryLog = on;
        return this;
    }

    /**
     * Enables recursion: questions outside the served zones, from clients {@code allowed} accepts,
     * with RD set, are asked of {@code resolver} (for example a {@code ClientResolver} for the
     * servers of resolv.conf, behind a {@code CachingResolver}). Off by default.
     */
    public DnsQueryHandler setRecursion(Resolver resolver, Predicate<SocketAddress> allowed) {
        this.recursor = Objects.requireNonNull(resolver);
        this.recursionAllowed = Objects.requireNonNull(allowed);
        return this;
    }

    private boolean recursionFor(SocketAddress peer) {
        return recursor != null && recursionAllowed.test(peer);
    }

    /**
     * Answers {@code query} like {@link #handle}, forwarding what recursion covers.
     *
     * @return fires with the encoded responses (empty to drop the query); never fails
     */
    public Deferred<List<byte[]>> respond(byte[] query, boolean tcp, SocketAddress peer) {
        if (recursor == null || query.length < DnsMessageCodec.HEADER_LENGTH || (query[2] & 0x80) != 0) {
            return Deferred.succeed(handle(query, tcp, peer));
        }
        DnsMessage q;
        try {
            q = DnsMessageCodec.decode(query);
        } catch (DnsFormatException e) {
            return Deferred.succeed(handle(query, tcp, peer));
        }
        if (q.opcode().equals(DnsOpcode.QUERY) && q.questions().size() == 1 && q.isRecursionDesired()
                && (q.edns() == null || q.edns().version() == 0) && recursionFor(peer)
                && authorityFor(q.questions().get(0).name()) == null && !q.questions().get(0).type().isMetaType()) {
            return recurse(q, tcp, peer);
        }
        try {
            return Deferred.succeed(answer(q, tcp, peer));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "failure answering " + q.questions() + " from " + peer, e);
            return Deferred.succeed(List.of(DnsMessageCodec.encode(q.responseBuilder().rcode(DnsRcode.SERVFAIL).build(), 512)));
        }
    }

    private Deferred<List<byte[]>> recurse(DnsMessage q, boolean tcp, SocketAddress peer) {
        Edns edns = q.edns();
        int limit = tcp ? 65535 : edns == null ? 512 : Math.min(edns.effectivePayloadSize(), maxUdpPayload);
        DnsMessage.Builder r = q.responseBuilder().recursionAvailable(true);
        if (edns != null) {
            r.edns(Edns.of(maxUdpPayload));
        }
        Deferred<DnsResult> d;
        try {
            d = recursor.query(q.questions().get(0));
        } catch (RuntimeException e) {
            d = Deferred.fail(e);
        }
        return d.addCallbacks(result -> {
            fill(r, result);
            return reply(r, limit, peer, q);
        }, failure -> recursionFailed(r, failure, limit, peer, q));
    }

    private static void fill(DnsMessage.Builder r, DnsResult result) {
        r.addAnswers(result.answers()).addAuthorities(result.authority());
        for (DnsRecord rec : result.additional()) {
            r.addAdditional(rec);
        }
    }

    private List<byte[]> recursionFailed(DnsMessage.Builder r, Failure failure, int limit, SocketAddress peer, DnsMessage q) {
        if (failure.value() instanceof DnsQueryError) {
            DnsQueryError e = (DnsQueryError) failure.value();
            fill(r.rcode(e.rcode().code() > 15 && q.edns() == null ? DnsRcode.SERVFAIL : e.rcode()), e.sections());
        } else {
            r.rcode(DnsRcode.SERVFAIL);
        }
        return reply(r, limit, peer, q);
    }

    public int maxUdpPayload() {
        return maxUdpPayload;
    }

    /** The zones served now. */
    public List<ZoneAuthority> authorities() {
        return List.copyOf(authorities);
    }

    /** Serves {@code zone}, replacing a zone with the same origin (a secondary's new copy). */
    public DnsQueryHandler putZone(Zone zone) {
        removeZone(zone.origin());
        authorities.add(new ZoneAuthority(zone));
        return this;
    }

    /**
     * Accepts NOTIFY (RFC 1996) for the secondary zone {@code origin} from {@code primary}: the
     * message is acknowledged (NOERROR, AA) and {@code onNotify} runs; a NOTIFY for another zone or
     * from another address gets REFUSED (RFC 1996 §3.10).
     */
    public DnsQueryHandler registerSecondary(DnsName origin, java.net.InetAddress primary, Runnable onNotify) {
        secondaries.put(origin, new Secondary(Objects.requireNonNull(primary), Objects.requireNonNull(onNotify)));
        return this;
    }

    /** Stops serving the zone {@code origin} (a secondary's expired copy); its names get REFUSED. */
    public DnsQueryHandler removeZone(DnsName origin) {
        authorities.removeIf(a -> a.origin().equals(origin));
        return this;
    }

    /**
     * Answers {@code query}.
     *
     * @param tcp whether it came over TCP (no size limit; AXFR allowed)
     * @return the response messages, encoded (several for AXFR); empty to drop the query
     */
    public List<byte[]> handle(byte[] query, boolean tcp, SocketAddress peer) {
        if (query.length < DnsMessageCodec.HEADER_LENGTH || (query[2] & 0x80) != 0) {
            return List.of();
        }
        DnsMessage q;
        try {
            q = DnsMessageCodec.decode(query);
        } catch (DnsFormatException e) {
            log(peer, null, "FORMERR: " + e.getMessage());
            return List.of(formatError(query));
        }
        try {
            return answer(q, tcp, peer);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "failure answering " + q.questions() + " from " + peer, e);
            return List.of(DnsMessageCodec.encode(q.responseBuilder().rcode(DnsRcode.SERVFAIL).build(), 512));
        }
    }

    /** A FORMERR reply to undecodable bytes: ID, opcode and RD copied, no sections (RFC 1035 §4.1.1). */
    static byte[] formatError(byte[] query) {
        byte[] r = new byte[DnsMessageCodec.HEADER_LENGTH];
        r[0] = query[0];
        r[1] = query[1];
        r[2] = (byte) (0x80 | query[2] & 0x79);
        r[3] = (byte) DnsRcode.FORMERR.code();
        return r;
    }

    private List<byte[]> answer(DnsMessage q, boolean tcp, SocketAddress peer) {
        Edns edns = q.edns();
        int limit = tcp ? 65535 : edns == null ? 512 : Math.min(edns.effectivePayloadSize(), maxUdpPayload);
        DnsMessage.Builder r = q.responseBuilder().recursionAvailable(recursionFor(peer));
        if (edns != null) {
            r.edns(Edns.of(maxUdpPayload));
        }
        if (q.opcode().equals(DnsOpcode.NOTIFY)) {
            return notify(q, r, limit, peer);
        }
        if (!q.opcode().equals(DnsOpcode.QUERY)) {
            return reply(r.rcode(DnsRcode.NOTIMP), limit, peer, q);
        }
        if (q.questions().size() != 1) {
            return reply(r.rcode(DnsRcode.FORMERR), limit, peer, q);
        }
        if (edns != null && edns.version() > 0) {
            return reply(r.rcode(DnsRcode.BADVERS), limit, peer, q);
        }
        DnsQuestion question = q.questions().get(0);
        DnsType qtype = question.type();
        ZoneAuthority auth = authorityFor(question.name());
        boolean classOk = question.dnsClass().equals(DnsClass.IN) || question.dnsClass().equals(DnsClass.ANY);
        if (auth == null || !classOk) {
            return reply(r.rcode(DnsRcode.REFUSED), limit, peer, q);
        }
        if (qtype.equals(DnsType.AXFR)) {
            if (!tcp) {
                return reply(r.rcode(DnsRcode.FORMERR), limit, peer, q);
            }
            if (!question.name().equals(auth.origin())) {
                return reply(r.rcode(DnsRcode.NOTAUTH), limit, peer, q);
            }
            return axfr(r.build(), auth.zone(), peer, q);
        }
        if (qtype.equals(DnsType.IXFR) || qtype.equals(DnsType.OPT) || qtype.code() == 253 || qtype.code() == 254) {
            return reply(r.rcode(DnsRcode.NOTIMP), limit, peer, q);
        }
        ZoneAuthority.Answer a = auth.lookup(question.name(), qtype);
        r.rcode(a.rcode()).authoritative(a.authoritative()).addAnswers(a.answers()).addAuthorities(a.authority());
        for (DnsRecord rec : a.additional()) {
            r.addAdditional(rec);
        }
        return reply(r, limit, peer, q);
    }

    private List<byte[]> notify(DnsMessage q, DnsMessage.Builder r, int limit, SocketAddress peer) {
        if (q.questions().size() != 1) {
            return reply(r.rcode(DnsRcode.FORMERR), limit, peer, q);
        }
        Secondary s = secondaries.get(q.questions().get(0).name());
        boolean fromPrimary = s != null && peer instanceof java.net.InetSocketAddress
                && s.primary().equals(((java.net.InetSocketAddress) peer).getAddress());
        if (!fromPrimary) {
            return reply(r.rcode(DnsRcode.REFUSED), limit, peer, q);
        }
        s.onNotify().run();
        return reply(r.authoritative(true), limit, peer, q);
    }

    private ZoneAuthority authorityFor(DnsName name) {
        ZoneAuthority best = null;
        for (ZoneAuthority a : authorities) {
            if (name.isSubdomainOf(a.origin())
                    && (best == null || a.origin().labelCount() > best.origin().labelCount())) {
                best = a;
            }
        }
        return best;
    }

    private List<byte[]> reply(DnsMessage.Builder r, int limit, SocketAddress peer, DnsMessage q) {
        DnsMessage m = r.build();
        log(peer, q, m.rcode() + " " + m.answers().size() + "/" + m.authority().size() + "/" + m.additional().size());
        return List.of(DnsMessageCodec.encode(m, limit));
    }

    private List<byte[]> axfr(DnsMessage template, Zone zone, SocketAddress peer, DnsMessage q) {
        List<DnsRecord> records = new ArrayList<>(zone.records());
        records.add(zone.soa());
        List<byte[]> out = new ArrayList<>();
        DnsMessage.Builder cur = template.toBuilder().authoritative(true);
        int size = 0;
        int count = 0;
        for (DnsRecord rec : records) {
            int estimate = rec.name().wireLength() + 10 + rec.rdata().length();
            if (count > 0 && size + estimate > AXFR_MESSAGE_SIZE) {
                out.add(DnsMessageCodec.encode(cur.build()));
                cur = template.toBuilder().authoritative(true);
                size = 0;
                count = 0;
            }
            cur.addAnswer(rec);
            size += estimate;
            count++;
        }
        out.add(DnsMessageCodec.encode(cur.build()));
        log(peer, q, "AXFR " + records.size() + " records in " + out.size() + " messages");
        return out;
    }

    private void log(SocketAddress peer, DnsMessage q, String outcome) {
        if (queryLog) {
            LOG.log(System.Logger.Level.INFO, peer + " " + (q == null ? "?" : q.questions().toString()) + " -> " + outcome);
        }
    }
}
