package io.twisted.names.dns;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes to {@link DnsMessage} and back (RFC 1035 §4.1, RFC 6891 §6 for OPT). The same codec
 * serves UDP and TCP, which differ only in framing (RFC 1035 §4.2).
 *
 * <p>Decoding is strict: a message must hold exactly the records its counts announce, with no
 * octets left over; names are decompressed loop-safely (see {@link WireReader}); more than one OPT
 * record, or an OPT record outside the additional section or with a non-root owner, is an error
 * (RFC 6891 §6.1.1). Every error is a {@link DnsFormatException}; decoding never loops: each record
 * consumes at least one octet and every count is bounded by the message length.
 *
 * <p>Encoding compresses names (RFC 1035 §4.1.4) in owner names and in the RDATA of the RFC 1035
 * types only (RFC 3597 §4). {@link #encode(DnsMessage, int)} fits a size limit (a UDP payload): it
 * drops additional records that do not fit; drops the authority section of a message whose
 * answers all fit; otherwise (answers, or the authority of an answerless message such as a
 * negative answer or referral, do not fit) it sends the header and question with TC set (RFC 2181
 * §9). The OPT record is always kept.
 */
public final class DnsMessageCodec {

    /** Header length, RFC 1035 §4.1.1. */
    public static final int HEADER_LENGTH = 12;

    private DnsMessageCodec() {
    }

    /** Decodes the remaining bytes of {@code buffer} (consumed). */
    public static DnsMessage decode(ByteBuffer buffer) {
        byte[] data = new byte[buffer.remaining()];
        buffer.get(data);
        return decode(data);
    }

    /**
     * Decodes one message.
     *
     * @throws DnsFormatException if it is not a well-formed message
     */
    public static DnsMessage decode(byte[] data) {
        if (data.length > WireWriter.MAX_MESSAGE) {
            throw new DnsFormatException("message longer than 65535 octets");
        }
        WireReader r = new WireReader(data, 0, data.length);
        if (data.length < HEADER_LENGTH) {
            throw new DnsFormatException("truncated header: " + data.length + " octets");
        }
        DnsMessage.Builder b = DnsMessage.builder();
        b.id(r.u16("header"));
        int flags = r.u16("header");
        int qd = r.u16("header");
        int an = r.u16("header");
        int ns = r.u16("header");
        int ar = r.u16("header");
        b.response((flags & 0x8000) != 0)
                .opcode(DnsOpcode.valueOf(flags >> 11 & 15))
                .authoritative((flags & 0x0400) != 0)
                .truncated((flags & 0x0200) != 0)
                .recursionDesired((flags & 0x0100) != 0)
                .recursionAvailable((flags & 0x0080) != 0)
                .z((flags & 0x0040) != 0)
                .authenticData((flags & 0x0020) != 0)
                .checkingDisabled((flags & 0x0010) != 0);
        int rcode = flags & 15;
        for (int i = 0; i < qd; i++) {
            DnsName name = r.name("question " + i);
            DnsType type = DnsType.valueOf(r.u16("question"));
            DnsClass cls = DnsClass.valueOf(r.u16("question"));
            b.addQuestion(new DnsQuestion(name, type, cls));
        }
        readSection(r, an, DnsMessage.Section.ANSWER, b);
        readSection(r, ns, DnsMessage.Section.AUTHORITY, b);
        // The additional section differs: it may hold the one OPT record, which becomes b.edns.
        Edns edns = null;
        for (int i = 0; i < ar; i++) {
            int start = r.pos;
            DnsName name = r.name("additional");
            int typeCode = r.u16("additional");
            if (typeCode == DnsType.OPT.code()) {
                if (edns != null) {
                    throw new DnsFormatException("more than one OPT record (RFC 6891 §6.1.1)");
                }
                if (!name.isRoot()) {
                    throw new DnsFormatException("OPT record owner is not the root (RFC 6891 §6.1.2)");
                }
                int payload = r.u16("OPT");
                long ttl = r.u32("OPT");
                int rdlen = r.u16("OPT");
                if (rdlen > r.remaining()) {
                    throw new DnsFormatException("OPT RDATA length " + rdlen + " runs past the message");
                }
                int end = r.pos + rdlen;
                List<EdnsOption> options = new ArrayList<>();
                while (r.pos < end) {
                    int code = r.u16("EDNS option");
                    int len = r.u16("EDNS option");
                    if (len > end - r.pos) {
                        throw new DnsFormatException("EDNS option length " + len + " runs past the OPT record");
                    }
                    options.add(new EdnsOption(code, r.bytes(len, "EDNS option")));
                }
                rcode |= (int) (ttl >>> 24 & 0xff) << 4;
                edns = new Edns(payload, (int) (ttl >>> 16 & 0xff), (ttl & 0x8000) != 0, (int) (ttl & 0x7fff), options);
                continue;
            }
            r.pos = start;
            b.addAdditional(readRecord(r, "additional"));
        }
        if (r.remaining() != 0) {
            throw new DnsFormatException(r.remaining() + " octets after the last record");
        }
        b.edns(edns);
        b.rcode(DnsRcode.valueOf(rcode));
        return b.build();
    }

    /** Reads the {@code count} records of the answer or authority section, where OPT may not stand (RFC 6891 §6.1.1). */
    private static void readSection(WireReader r, int count, DnsMessage.Section section, DnsMessage.Builder b) {
        String label = section.label();
        for (int i = 0; i < count; i++) {
            DnsRecord rec = readRecord(r, label);
            if (rec.type().equals(DnsType.OPT)) {
                throw new DnsFormatException("OPT record in the " + label + " section (RFC 6891 §6.1.1)");
            }
            b.add(section, rec);
        }
    }

    private static DnsRecord readRecord(WireReader r, String section) {
        DnsName name = r.name(section);
        DnsType type = DnsType.valueOf(r.u16(section));
        DnsClass cls = DnsClass.valueOf(r.u16(section));
        long ttl = r.u32(section);
        int rdlen = r.u16(section);
        Rdata rdata = Rdata.read(type, r, rdlen);
        return new DnsRecord(name, cls, ttl, rdata);
    }

    /** Encodes without a size limit (up to 65,535 octets). */
    public static byte[] encode(DnsMessage m) {
        return encode(m, WireWriter.MAX_MESSAGE);
    }

    /**
     * Encodes, fitting in {@code maxSize} octets as described in the class comment.
     *
     * @throws DnsFormatException if even the header, question and OPT record exceed 65,535 octets
     */
    public static byte[] encode(DnsMessage m, int maxSize) {
        maxSize = Math.min(Math.max(maxSize, HEADER_LENGTH), WireWriter.MAX_MESSAGE);
        WireWriter w = new WireWriter(Math.min(maxSize, 512), true);
        w.u16(m.id());
        w.u16(0);
        w.u16(m.questions().size());
        w.u16(0);
        w.u16(0);
        w.u16(0);
        for (DnsQuestion q : m.questions()) {
            w.name(q.name(), true);
            w.u16(q.type().code());
            w.u16(q.dnsClass().code());
        }
        int afterQuestions = w.position();
        int optSize = m.edns() == null ? 0 : 11 + m.edns().options().stream().mapToInt(o -> 4 + o.length()).sum();
        int budget = maxSize - optSize;
        boolean truncated = m.isTruncated();
        int an = 0;
        int ns = 0;
        int ar = 0;
        if (afterQuestions > budget) {
            truncated = true;
        } else {
            an = writeSection(w, m.answers(), budget);
            int afterAnswers = w.position();
            ns = an < m.answers().size() ? 0 : writeSection(w, m.authority(), budget);
            if (an < m.answers().size() || ns < m.authority().size() && an == 0) {
                w.truncate(afterQuestions);
                an = 0;
                ns = 0;
                truncated = true;
            } else if (ns < m.authority().size()) {
                // A complete answer: the authority and additional sections are optional here.
                w.truncate(afterAnswers);
                ns = 0;
            } else {
                ar = writeSection(w, m.additional(), budget);
            }
        }
        if (m.edns() != null) {
            Edns e = m.edns();
            w.u8(0);
            w.u16(DnsType.OPT.code());
            w.u16(e.udpPayloadSize());
            w.u8(m.rcode().code() >> 4);
            w.u8(e.version());
            w.u16((e.dnssecOk() ? 0x8000 : 0) | e.flags());
            w.u16(optSize - 11);
            for (EdnsOption o : e.options()) {
                w.u16(o.code());
                w.u16(o.length());
                w.bytes(o.dataUnsafe());
            }
            ar++;
        }
        int flags = (m.isResponse() ? 0x8000 : 0) | m.opcode().code() << 11 | (m.isAuthoritative() ? 0x0400 : 0)
                | (truncated ? 0x0200 : 0) | (m.isRecursionDesired() ? 0x0100 : 0)
                | (m.isRecursionAvailable() ? 0x0080 : 0) | (m.z() ? 0x0040 : 0) | (m.isAuthenticData() ? 0x0020 : 0)
                | (m.isCheckingDisabled() ? 0x0010 : 0) | m.rcode().code() & 15;
        w.putU16(2, flags);
        w.putU16(6, an);
        w.putU16(8, ns);
        w.putU16(10, ar);
        return w.toByteArray();
    }

    /** Writes records while they fit in {@code budget}; returns how many were written. */
    private static int writeSection(WireWriter w, List<DnsRecord> records, int budget) {
        int n = 0;
        for (DnsRecord rec : records) {
            int start = w.position();
            try {
                writeRecord(w, rec);
            } catch (DnsFormatException tooLong) {
                w.truncate(start);
                return n;
            }
            if (w.position() > budget) {
                w.truncate(start);
                return n;
            }
            n++;
        }
        return n;
    }

    private static void writeRecord(WireWriter w, DnsRecord rec) {
        w.name(rec.name(), true);
        w.u16(rec.type().code());
        w.u16(rec.dnsClass().code());
        w.u32(rec.ttl());
        int lenAt = w.position();
        w.u16(0);
        rec.rdata().write(w);
        w.putU16(lenAt, w.position() - lenAt - 2);
    }
}
