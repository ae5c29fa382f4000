package io.twisted.names.dns;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A DNS message (RFC 1035 §4.1): header, question, answer, authority and additional sections.
 * Immutable; build one with {@link #builder()} or change a copy with {@link #toBuilder()}.
 * The OPT pseudo-record is not in {@link #additional()}: it is {@link #edns()}.
 */
public final class DnsMessage {

    /**
     * The three record sections (RFC 1035 §4.1), in wire order, so that one piece of code serves
     * each of them; the differences (OPT handling, truncation) stay with the callers.
     */
    enum Section {
        ANSWER, AUTHORITY, ADDITIONAL;

        /** The lower-case name used in error messages ("answer"). */
        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final int id;
    private final boolean response;
    private final DnsOpcode opcode;
    private final boolean authoritative;
    private final boolean truncated;
    private final boolean recursionDesired;
    private final boolean recursionAvailable;
    private final boolean z;
    private final boolean authenticData;
    private final boolean checkingDisabled;
    private final DnsRcode rcode;
    private final List<DnsQuestion> questions;
    /** Every section, each list immutable. */
    private final Map<Section, List<DnsRecord>> sections = new EnumMap<>(Section.class);
    private final Edns edns;

    private DnsMessage(Builder b) {
        id = b.id;
        response = b.response;
        opcode = b.opcode;
        authoritative = b.authoritative;
        truncated = b.truncated;
        recursionDesired = b.recursionDesired;
        recursionAvailable = b.recursionAvailable;
        z = b.z;
        authenticData = b.authenticData;
        checkingDisabled = b.checkingDisabled;
        rcode = b.rcode;
        questions = List.copyOf(b.questions);
        for (Section s : Section.values()) {
            sections.put(s, List.copyOf(b.sections.get(s)));
        }
        edns = b.edns;
        if (rcode.code() > 15 && edns == null) {
            throw new IllegalArgumentException("rcode " + rcode + " needs EDNS (RFC 6891 §6.1.3)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A query for one question, recursion desired, without EDNS. */
    public static DnsMessage query(int id, DnsQuestion question) {
        return builder().id(id).recursionDesired(true).addQuestion(question).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.response = response;
        b.opcode = opcode;
        b.authoritative = authoritative;
        b.truncated = truncated;
        b.recursionDesired = recursionDesired;
        b.recursionAvailable = recursionAvailable;
        b.z = z;
        b.authenticData = authenticData;
        b.checkingDisabled = checkingDisabled;
        b.rcode = rcode;
        b.questions.addAll(questions);
        for (Section s : Section.values()) {
            b.sections.get(s).addAll(section(s));
        }
        b.edns = edns;
        return b;
    }

    /**
     * A response skeleton for this query: same ID, opcode, RD, CD and question, QR set (RFC 1035
     * §4.1.1), no EDNS.
     */
    public Builder responseBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.response = true;
        b.opcode = opcode;
        b.recursionDesired = recursionDesired;
        b.checkingDisabled = checkingDisabled;
        b.questions.addAll(questions);
        return b;
    }

    public int id() {
        return id;
    }

    /** QR: whether this is a response. */
    public boolean isResponse() {
        return response;
    }

    public DnsOpcode opcode() {
        return opcode;
    }

    /** AA. */
    public boolean isAuthoritative() {
        return authoritative;
    }

    /** TC. */
    public boolean isTruncated() {
        return truncated;
    }

    /** RD. */
    public boolean isRecursionDesired() {
        return recursionDesired;
    }

    /** RA. */
    public boolean isRecursionAvailable() {
        return recursionAvailable;
    }

    /** The reserved Z bit (must be zero, RFC 1035 §4.1.1; kept as received). */
    public boolean z() {
        return z;
    }

    /** AD (RFC 4035 §3.2.3). */
    public boolean isAuthenticData() {
        return authenticData;
    }

    /** CD (RFC 4035 §3.2.2). */
    public boolean isCheckingDisabled() {
        return checkingDisabled;
    }

    /** The full (extended, 12-bit) response code. */
    public DnsRcode rcode() {
        return rcode;
    }

    public List<DnsQuestion> questions() {
        return questions;
    }

    public List<DnsRecord> answers() {
        return section(Section.ANSWER);
    }

    public List<DnsRecord> authority() {
        return section(Section.AUTHORITY);
    }

    /** The additional section without the OPT pseudo-record. */
    public List<DnsRecord> additional() {
        return section(Section.ADDITIONAL);
    }

    /** The records of {@code s} (immutable). */
    List<DnsRecord> section(Section s) {
        return sections.get(s);
    }

    /** The EDNS0 data, or {@code null} if the message has no OPT record. */
    public Edns edns() {
        return edns;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DnsMessage)) {
            return false;
        }
        DnsMessage m = (DnsMessage) o;
        return id == m.id && response == m.response && opcode.equals(m.opcode) && authoritative == m.authoritative
                && truncated == m.truncated && recursionDesired == m.recursionDesired
                && recursionAvailable == m.recursionAvailable && z == m.z && authenticData == m.authenticData
                && checkingDisabled == m.checkingDisabled && rcode.equals(m.rcode) && questions.equals(m.questions)
                && sections.equals(m.sections) && Objects.equals(edns, m.edns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, response, opcode, rcode, questions, answers(), authority(), additional(), edns);
    }

    /** A dig-like multi-line rendering, for logs and test failures. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(";; opcode: ").append(opcode).append(", status: ").append(rcode).append(", id: ").append(id).append('\n');
        sb.append(";; flags:");
        if (response) {
            sb.append(" qr");
        }
        if (authoritative) {
            sb.append(" aa");
        }
        if (truncated) {
            sb.append(" tc");
        }
        if (recursionDesired) {
            sb.append(" rd");
        }
        if (recursionAvailable) {
            sb.append(" ra");
        }
        if (authenticData) {
            sb.append(" ad");
        }
        if (checkingDisabled) {
            sb.append(" cd");
        }
        sb.append('\n');
        if (edns != null) {
            sb.append(";; EDNS: version ").append(edns.version()).append(", udp ").append(edns.udpPayloadSize())
                    .append(edns.dnssecOk() ? ", do" : "").append('\n');
        }
        for (DnsQuestion q : questions) {
            sb.append(";").append(q).append('\n');
        }
        for (Section s : Section.values()) {
            if (!section(s).isEmpty()) {
                sb.append(";; ").append(s).append(":\n");
                for (DnsRecord r : section(s)) {
                    sb.append(r).append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** Builds a {@link DnsMessage}; defaults: a QUERY with ID 0, NOERROR, every flag clear. */
    public static final class Builder {
        private int id;
        private boolean response;
        private DnsOpcode opcode = DnsOpcode.QUERY;
        private boolean authoritative;
        private boolean truncated;
        private boolean recursionDesired;
        private boolean recursionAvailable;
        private boolean z;
        private boolean authenticData;
        private boolean checkingDisabled;
        private DnsRcode rcode = DnsRcode.NOERROR;
        private final List<DnsQuestion> questions = new ArrayList<>();
        private final Map<Section, List<DnsRecord>> sections = new EnumMap<>(Section.class);
        private Edns edns;

        private Builder() {
            for (Section s : Section.values()) {
                sections.put(s, new ArrayList<>());
            }
        }

        public Builder id(int v) {
            if (v < 0 || v > 0xffff) {
                throw new IllegalArgumentException("message ID out of range: " + v);
            }
            id = v;
            return this;
        }

        public Builder response(boolean v) {
            response = v;
            return this;
        }

        public Builder opcode(DnsOpcode v) {
            opcode = Objects.requireNonNull(v);
            return this;
        }

        public Builder authoritative(boolean v) {
            authoritative = v;
            return this;
        }

        public Builder truncated(boolean v) {
            truncated = v;
            return this;
        }

        public Builder recursionDesired(boolean v) {
            recursionDesired = v;
            return this;
        }

        public Builder recursionAvailable(boolean v) {
            recursionAvailable = v;
            return this;
        }

        public Builder z(boolean v) {
            z = v;
            return this;
        }

        public Builder authenticData(boolean v) {
            authenticData = v;
            return this;
        }

        public Builder checkingDisabled(boolean v) {
            checkingDisabled = v;
            return this;
        }

        public Builder rcode(DnsRcode v) {
            rcode = Objects.requireNonNull(v);
            return this;
        }

        public Builder addQuestion(DnsQuestion q) {
            questions.add(Objects.requireNonNull(q));
            return this;
        }

        public Builder addAnswer(DnsRecord r) {
            return add(Section.ANSWER, r);
        }

        public Builder addAnswers(List<DnsRecord> rs) {
            sections.get(Section.ANSWER).addAll(rs);
            return this;
        }

        public Builder addAuthority(DnsRecord r) {
            return add(Section.AUTHORITY, r);
        }

        public Builder addAuthorities(List<DnsRecord> rs) {
            sections.get(Section.AUTHORITY).addAll(rs);
            return this;
        }

        public Builder addAdditional(DnsRecord r) {
            if (r.type().equals(DnsType.OPT)) {
                throw new IllegalArgumentException("set EDNS with edns(), not an OPT record");
            }
            return add(Section.ADDITIONAL, r);
        }

        /** Adds {@code r} to {@code s}, as {@code addAnswer}/{@code addAuthority}/{@code addAdditional} do. */
        Builder add(Section s, DnsRecord r) {
            sections.get(s).add(Objects.requireNonNull(r));
            return this;
        }

        /** Answers added so far (to check for duplicates). */
        public List<DnsRecord> answers() {
            return sections.get(Section.ANSWER);
        }

        /** Additional records added so far. */
        public List<DnsRecord> additional() {
            return sections.get(Section.ADDITIONAL);
        }

        /** The OPT record's data, or {@code null} for none. */
        public Builder edns(Edns v) {
            edns = v;
            return this;
        }

        public DnsMessage build() {
            return new DnsMessage(this);
        }
    }
}
