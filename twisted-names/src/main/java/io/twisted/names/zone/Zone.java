package io.twisted.names.zone;

import io.twisted.names.dns.DnsFormatException;
import io.twisted.names.dns.DnsName;
import io.twisted.names.dns.DnsRecord;
import io.twisted.names.dns.DnsType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The data of one authoritative zone (RFC 1034 §4.2): an origin, exactly one SOA at the apex, and
 * RRsets by owner name and type. Immutable once built; checked on build: every owner lies in the
 * zone, the apex has one SOA and at least one NS, and a CNAME owner has no other data (RFC 1034
 * §3.6.2; RRSIG and NSEC excepted, RFC 4035 §2.5). Records of an RRset are kept in file order; a
 * duplicate record is dropped (RFC 2181 §5).
 */
public final class Zone {

    private final DnsName origin;
    private final DnsRecord soa;
    private final Map<DnsName, Map<DnsType, List<DnsRecord>>> nodes;
    private final Set<DnsName> existing;

    private Zone(DnsName origin, DnsRecord soa, Map<DnsName, Map<DnsType, List<DnsRecord>>> nodes, Set<DnsName> existing) {
        this.origin = origin;
        this.soa = soa;
        this.nodes = nodes;
        this.existing = existing;
    }

    /**
     * Reads a zone from a BIND master file.
     *
     * @param origin the zone name; {@code null} takes it from the file's SOA record owner
     * @throws DnsFormatException if the file or the zone is not valid
     */
    public static Zone fromMasterFile(Path file, DnsName origin) throws IOException {
        List<DnsRecord> records = MasterFileParser.parse(file, origin);
        return fromRecords(origin, records, file.toString());
    }

    /** A zone from master-file text. */
    public static Zone fromMasterText(String text, DnsName origin) {
        return fromRecords(origin, MasterFileParser.parse(text, origin), "<text>");
    }

    /** A zone from records (for example built with the Java API). */
    public static Zone fromRecords(DnsName origin, List<DnsRecord> records) {
        return fromRecords(origin, records, "zone");
    }

    private static Zone fromRecords(DnsName origin, List<DnsRecord> records, String where) {
        if (origin == null) {
            for (DnsRecord r : records) {
                if (r.type().equals(DnsType.SOA)) {
                    origin = r.name();
                    break;
                }
            }
            if (origin == null) {
                throw new DnsFormatException(where + ": no SOA record");
            }
        }
        Map<DnsName, Map<DnsType, List<DnsRecord>>> nodes = new LinkedHashMap<>();
        DnsRecord soa = null;
        for (DnsRecord r : records) {
            if (!r.name().isSubdomainOf(origin)) {
                throw new DnsFormatException(where + ": " + r.name() + " is outside the zone " + origin);
            }
            if (r.type().equals(DnsType.SOA)) {
                if (!r.name().equals(origin)) {
                    throw new DnsFormatException(where + ": SOA record at " + r.name() + ", not at the apex " + origin);
                }
                if (soa != null && !soa.equals(r)) {
                    throw new DnsFormatException(where + ": more than one SOA record");
                }
                soa = r;
            }
            List<DnsRecord> rrset = nodes.computeIfAbsent(r.name(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.type(), k -> new ArrayList<>());
            boolean duplicate = false;
            for (DnsRecord e : rrset) {
                duplicate |= e.rdata().equals(r.rdata()) && e.dnsClass().equals(r.dnsClass());
            }
            if (!duplicate) {
                rrset.add(r);
            }
        }
        if (soa == null) {
            throw new DnsFormatException(where + ": no SOA record at the apex " + origin);
        }
        if (!nodes.get(origin).containsKey(DnsType.NS)) {
            throw new DnsFormatException(where + ": no NS records at the apex " + origin);
        }
        Set<DnsName> existing = new HashSet<>();
        for (Map.Entry<DnsName, Map<DnsType, List<DnsRecord>>> e : nodes.entrySet()) {
            Map<DnsType, List<DnsRecord>> node = e.getValue();
            if (node.containsKey(DnsType.CNAME)) {
                for (DnsType t : node.keySet()) {
                    if (!t.equals(DnsType.CNAME) && !t.equals(DnsType.RRSIG) && !t.equals(DnsType.NSEC)) {
                        throw new DnsFormatException(where + ": " + e.getKey() + " has a CNAME and other data (" + t + ")");
                    }
                }
                if (node.get(DnsType.CNAME).size() > 1) {
                    throw new DnsFormatException(where + ": " + e.getKey() + " has more than one CNAME");
                }
            }
            for (DnsName n = e.getKey(); !n.equals(origin); n = n.parent()) {
                existing.add(n);
            }
            existing.add(origin);
            for (Map.Entry<DnsType, List<DnsRecord>> rr : node.entrySet()) {
                rr.setValue(Collections.unmodifiableList(rr.getValue()));
            }
            e.setValue(Collections.unmodifiableMap(node));
        }
        return new Zone(origin, soa, Collections.unmodifiableMap(nodes), existing);
    }

    public DnsName origin() {
        return origin;
    }

    /** The apex SOA record. */
    public DnsRecord soa() {
        return soa;
    }

    /** The serial of the SOA. */
    public long serial() {
        return soa.rdata().number(2);
    }

    /** The RRsets owned by {@code name} (empty if none). */
    public Map<DnsType, List<DnsRecord>> node(DnsName name) {
        Map<DnsType, List<DnsRecord>> n = nodes.get(name);
        return n == null ? Map.of() : n;
    }

    /** The RRset {@code name}/{@code type}, empty if none. */
    public List<DnsRecord> rrset(DnsName name, DnsType type) {
        List<DnsRecord> l = node(name).get(type);
        return l == null ? List.of() : l;
    }

    /** Whether {@code name} exists: it owns records or is an empty non-terminal (RFC 4592 §2.2.2). */
    public boolean exists(DnsName name) {
        return existing.contains(name);
    }

    /** Every record in master-file order, the SOA first (for AXFR, RFC 5936 §2.2). */
    public List<DnsRecord> records() {
        List<DnsRecord> out = new ArrayList<>();
        out.add(soa);
        for (Map<DnsType, List<DnsRecord>> node : nodes.values()) {
            for (List<DnsRecord> rrset : node.values()) {
                for (DnsRecord r : rrset) {
                    if (r != soa) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    /**
     * The zone as a BIND master file: {@code $ORIGIN}, then one record per line (SOA first) with
     * names relative to the origin; {@link #fromMasterText} reads it back to the same records.
     */
    public String toMasterText() {
        StringBuilder sb = new StringBuilder("$ORIGIN ").append(origin).append('\n');
        for (DnsRecord r : records()) {
            sb.append(r.name().toRelativeString(origin)).append('\t').append(r.ttl()).append('\t').append(r.dnsClass())
                    .append('\t').append(r.type()).append('\t').append(r.rdata().toText(origin)).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Zone(" + origin + ", serial " + serial() + ", " + nodes.size() + " names)";
    }
}
