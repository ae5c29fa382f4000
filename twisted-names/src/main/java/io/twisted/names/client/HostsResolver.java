package io.twisted.names.client;

import io.twisted.internet.defer.Deferred;
import io.twisted.names.dns.DnsFormatException;
import io.twisted.names.dns.DnsName;
import io.twisted.names.dns.DnsQuestion;
import io.twisted.names.dns.DnsRecord;
import io.twisted.names.dns.DnsType;
import io.twisted.names.dns.Rdata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers A and AAAA questions from a hosts file (hosts(5): {@code ADDRESS NAME [ALIASES...]},
 * {@code #} comments), as Twisted's {@code hosts.Resolver}. Other names and types fail with
 * {@link DnsNameError}, so a {@link ResolverChain} moves on. The file is read once, when built.
 */
public final class HostsResolver implements Resolver {

    /** TTL of the records answered (Twisted uses 3600). */
    public static final long TTL = 3600;

    private final Map<DnsName, List<Rdata>> addresses = new LinkedHashMap<>();

    /** A resolver for hosts-file text. Bad lines are skipped. */
    public HostsResolver(String text) {
        for (String raw : text.split("\n")) {
            int hash = raw.indexOf('#');
            String line = (hash < 0 ? raw : raw.substring(0, hash)).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] w = line.split("\\s+");
            Rdata address;
            try {
                address = w[0].contains(":") ? Rdata.aaaa(w[0].replaceFirst("%.*$", "")) : Rdata.a(w[0]);
            } catch (DnsFormatException e) {
                continue;
            }
            for (int i = 1; i < w.length; i++) {
                try {
                    addresses.computeIfAbsent(DnsName.of(w[i]), k -> new ArrayList<>()).add(address);
                } catch (DnsFormatException e) {
                    // not a valid name: skip it
                }
            }
        }
    }

    public static HostsResolver read(Path file) throws IOException {
        return new HostsResolver(Files.readString(file, StandardCharsets.UTF_8));
    }

    @Override
    public Deferred<DnsResult> query(DnsQuestion question) {
        List<Rdata> all = addresses.get(question.name());
        DnsType t = question.type();
        List<DnsRecord> answers = new ArrayList<>();
        if (all != null && (t.equals(DnsType.A) || t.equals(DnsType.AAAA) || t.equals(DnsType.ANY))) {
            for (Rdata r : all) {
                if (t.equals(DnsType.ANY) || r.type().equals(t)) {
                    answers.add(new DnsRecord(question.name(), TTL, r));
                }
            }
        }
        if (answers.isEmpty()) {
            return Deferred.fail(new DnsNameError(question.toString()));
        }
        return Deferred.succeed(new DnsResult(answers, List.of(), List.of()));
    }
}
