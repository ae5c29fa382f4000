package io.twisted.names.server;

import io.twisted.names.dns.DnsName;
import io.twisted.names.dns.DnsRcode;
import io.twisted.names.dns.DnsRecord;
import io.twisted.names.dns.DnsType;
import io.twisted.names.zone.Zone;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Answers questions from one {@link Zone} as an authoritative server does (RFC 1034 §4.3.2, the
 * standard algorithm restricted to one zone):
 * <ul>
 * <li>data found: AA answer; CNAMEs are followed inside the zone (at most {@value #MAX_CHAIN} links,
 *     RFC 1034 §3.6.2), and the chain stops where the target leaves the zone;</li>
 * <li>a name that exists without the type (or an empty non-terminal): NODATA, NOERROR with the SOA
 *     in authority;</li>
 * <li>a name that does not exist: a wildcard at its closest encloser is expanded (RFC 4592 §3.3.1);
 *     else NXDOMAIN with the SOA in authority (the SOA's TTL capped by its MINIMUM, RFC 2308 §3);</li>
 * <li>a name at or below a zone cut: a referral, AA clear, the cut's NS in authority and in-zone
 *     glue addresses in additional (RFC 1034 §4.3.2 step 3b);</li>
 * <li>additional section processing adds in-zone A/AAAA for NS, MX and SRV targets (RFC 1035
 *     §3.3.9, RFC 2782);</li>
 * <li>a positive answer carries the apex NS RRset in authority (and its addresses in additional),
 *     as BIND and NSD do without "minimal responses".</li>
 * </ul>
 * {@code ANY} returns every RRset at the name. A name below a DNAME owner is answered with the DNAME
 * and a synthesised CNAME (TTL of the DNAME), then followed like a CNAME (RFC 6672 §3.3); a
 * substitution over 255 octets gives YXDOMAIN (RFC 6672 §2.2).
 */
public final class ZoneAuthority {

    /** Longest CNAME chain followed. */
    public static final int MAX_CHAIN = 16;

    /** What the zone says about a question. */
    public record Answer(DnsRcode rcode, boolean authoritative, List<DnsRecord> answers, List<DnsRecord> authority,
            List<DnsRecord> additional) {
    }

    private final Zone zone;

    public ZoneAuthority(Zone zone) {
        this.zone = Objects.requireNonNull(zone);
    }

    public Zone zone() {
        return zone;
    }

    public DnsName origin() {
        return zone.origin();
    }

    /** Answers {@code qname}/{@code qtype}; {@code qname} must lie in the zone. */
    public Answer lookup(DnsName qname, DnsType qtype) {
        List<DnsRecord> answers = new ArrayList<>();
        List<DnsRecord> authority = new ArrayList<>();
        Set<DnsRecord> additional = new LinkedHashSet<>();
        DnsName name = qname;
        Set<DnsName> seen = new LinkedHashSet<>();
        for (int link = 0; link <= MAX_CHAIN; link++) {
            if (!name.isSubdomainOf(zone.origin())) {
                // The chain leaves the zone: the answer is incomplete, so no NS in authority (as NSD).
                answers.forEach(additional::remove);
                return new Answer(DnsRcode.NOERROR, true, answers, authority, List.copyOf(additional));
            }
            if (!seen.add(name)) {
                break;
            }
            DnsName cut = findCut(name, qtype);
            if (cut != null) {
                List<DnsRecord> ns = zone.rrset(cut, DnsType.NS);
                authority.addAll(ns);
                addGlue(ns, additional, true);
                return new Answer(DnsRcode.NOERROR, !answers.isEmpty(), answers, authority, List.copyOf(additional));
            }
            DnsRecord dname = findDname(name);
            if (dname != null) {
                DnsName target = substitute(name, dname);
                answers.add(dname);
                if (target == null) {
                    // RFC 6672 §2.2: the substituted name would be too long.
                    return new Answer(DnsRcode.YXDOMAIN, true, answers, authority, List.copyOf(additional));
                }
                answers.add(new DnsRecord(name, dname.dnsClass(), dname.ttl(), io.twisted.names.dns.Rdata.cname(target)));
                name = target;
                continue;
            }
            Map<DnsType, List<DnsRecord>> node = zone.node(name);
            DnsName owner = name;
            if (node.isEmpty() && !zone.exists(name)) {
                DnsName encloser = closestEncloser(name);
                DnsName wildcard = name.wildcardOf(encloser);
                node = zone.node(wildcard);
                if (node.isEmpty()) {
                    addSoa(authority);
                    return new Answer(DnsRcode.NXDOMAIN, true, answers, authority, List.copyOf(additional));
                }
            }
            if (qtype.equals(DnsType.ANY) && !node.isEmpty()) {
                for (List<DnsRecord> rrset : node.values()) {
                    addAll(answers, rrset, owner);
                    addTargets(rrset, additional);
                }
                return done(answers, authority, additional);
            }
            List<DnsRecord> rrset = node.get(qtype);
            if (rrset != null) {
                addAll(answers, rrset, owner);
                addTargets(rrset, additional);
                return done(answers, authority, additional);
            }
            List<DnsRecord> cname = node.get(DnsType.CNAME);
            if (cname != null) {
                addAll(answers, cname, owner);
                name = cname.get(0).rdata().target();
                continue;
            }
            addSoa(authority);
            return new Answer(DnsRcode.NOERROR, true, answers, authority, List.copyOf(additional));
        }
        return done(answers, authority, additional);
    }

    private Answer done(List<DnsRecord> answers, List<DnsRecord> authority, Set<DnsRecord> additional) {
        List<DnsRecord> apexNs = zone.rrset(zone.origin(), DnsType.NS);
        if (!answers.isEmpty() && authority.isEmpty() && !answers.containsAll(apexNs)) {
            authority.addAll(apexNs);
            addTargets(apexNs, additional);
        }
        answers.forEach(additional::remove);
        return new Answer(DnsRcode.NOERROR, true, answers, authority, List.copyOf(additional));
    }

    private static void addAll(List<DnsRecord> answers, List<DnsRecord> rrset, DnsName owner) {
        for (DnsRecord r : rrset) {
            answers.add(r.name().equals(owner) ? r : r.withName(owner));
        }
    }

    /**
     * The highest zone cut (a name below the apex owning NS) at or above {@code name}; a DS query
     * at the cut itself is answered by this (parent) side (RFC 4035 §3.1.4.1).
     */
    private DnsName findCut(DnsName name, DnsType qtype) {
        int apexLabels = zone.origin().labelCount();
        for (int n = apexLabels + 1; n <= name.labelCount(); n++) {
            DnsName candidate = name.suffix(n);
            if (!zone.rrset(candidate, DnsType.NS).isEmpty()) {
                if (candidate.equals(name) && qtype.equals(DnsType.DS)) {
                    return null;
                }
                return candidate;
            }
        }
        return null;
    }

    /** A DNAME owned by a proper ancestor of {@code name} inside the zone (RFC 6672 §2.3), or null. */
    private DnsRecord findDname(DnsName name) {
        int apexLabels = zone.origin().labelCount();
        for (int n = apexLabels; n < name.labelCount(); n++) {
            List<DnsRecord> d = zone.rrset(name.suffix(n), DnsType.DNAME);
            if (!d.isEmpty()) {
                return d.get(0);
            }
        }
        return null;
    }

    /** {@code name} with the DNAME owner suffix replaced by its target; null if over 255 octets. */
    private static DnsName substitute(DnsName name, DnsRecord dname) {
        int keep = name.labelCount() - dname.name().labelCount();
        List<byte[]> labels = new ArrayList<>();
        for (int i = 0; i < keep; i++) {
            labels.add(name.label(i));
        }
        DnsName target = dname.rdata().name(0);
        for (int i = 0; i < target.labelCount(); i++) {
            labels.add(target.label(i));
        }
        try {
            return DnsName.fromLabels(labels);
        } catch (io.twisted.names.dns.DnsFormatException tooLong) {
            return null;
        }
    }

    private DnsName closestEncloser(DnsName name) {
        DnsName n = name;
        while (!zone.exists(n) && !n.equals(zone.origin())) {
            n = n.parent();
        }
        return n;
    }

    private void addSoa(List<DnsRecord> authority) {
        DnsRecord soa = zone.soa();
        long minimum = soa.rdata().number(6);
        authority.add(soa.ttl() > minimum ? soa.withTtl(minimum) : soa);
    }

    private void addTargets(List<DnsRecord> rrset, Set<DnsRecord> additional) {
        for (DnsRecord r : rrset) {
            DnsType t = r.type();
            if (t.equals(DnsType.NS) || t.equals(DnsType.MX) || t.equals(DnsType.SRV)) {
                addAddresses(r.rdata().target(), additional, false);
            }
        }
    }

    private void addGlue(List<DnsRecord> ns, Set<DnsRecord> additional, boolean belowCutToo) {
        for (DnsRecord r : ns) {
            addAddresses(r.rdata().target(), additional, belowCutToo);
        }
    }

    private void addAddresses(DnsName target, Set<DnsRecord> additional, boolean glue) {
        if (target == null || !target.isSubdomainOf(zone.origin())) {
            return;
        }
        if (!glue && findCut(target, DnsType.A) != null) {
            return;
        }
        additional.addAll(zone.rrset(target, DnsType.A));
        additional.addAll(zone.rrset(target, DnsType.AAAA));
    }
}
