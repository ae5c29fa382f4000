package io.twisted.names.client;

import io.twisted.internet.defer.Deferred;
import io.twisted.names.dns.DnsQuestion;
import java.util.List;

/**
 * Asks resolvers in turn until one answers (Twisted's {@code ResolverChain}): a failure of one
 * (no such name, an error RCODE, a timeout) passes the question to the next; the last failure is
 * the chain's.
 */
public final class ResolverChain implements Resolver {

    private final List<Resolver> resolvers;

    public ResolverChain(List<? extends Resolver> resolvers) {
        if (resolvers.isEmpty()) {
            throw new IllegalArgumentException("a chain needs at least one resolver");
        }
        this.resolvers = List.copyOf(resolvers);
    }

    @Override
    public Deferred<DnsResult> query(DnsQuestion question) {
        return ask(question, 0);
    }

    private Deferred<DnsResult> ask(DnsQuestion question, int i) {
        Deferred<DnsResult> d = resolvers.get(i).query(question);
        if (i + 1 == resolvers.size()) {
            return d;
        }
        Deferred<DnsResult> out = new Deferred<>();
        d.addCallbacks(result -> {
            out.callback(result);
            return null;
        }, failure -> {
            ask(question, i + 1).chainDeferred(out);
            return null;
        });
        return out;
    }
}
