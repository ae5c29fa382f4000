package io.twisted.benchmarks;

import io.twisted.internet.defer.Deferred;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Deferred callback chains: the cost of create, chain and fire, plain and through a returned Deferred. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DeferredBenchmark {

    @Benchmark
    public Object chainOfTenCallbacksThenFire() {
        Deferred<Integer> d = new Deferred<>();
        Deferred<Integer> c = d;
        for (int i = 0; i < 10; i++) {
            c = c.addCallback(x -> x + 1);
        }
        d.callback(0);
        return c.currentResult();
    }

    @Benchmark
    public Object fireThenAddTenCallbacks() {
        Deferred<Integer> c = Deferred.succeed(0);
        for (int i = 0; i < 10; i++) {
            c = c.addCallback(x -> x + 1);
        }
        return c.currentResult();
    }

    @Benchmark
    public Object callbackReturningAnUnfiredDeferred() {
        Deferred<Integer> outer = new Deferred<>();
        Deferred<Integer> inner = new Deferred<>();
        Deferred<Integer> chained = outer.addCallbackDeferred(x -> inner).addCallback(x -> x + 1);
        outer.callback(1);
        inner.callback(41);
        return chained.currentResult();
    }

    @Benchmark
    public Object errbackRecovery() {
        Deferred<Integer> d = new Deferred<>();
        Deferred<Integer> c = d.addCallback(x -> {
            throw new IllegalStateException("boom");
        });
        c = c.addErrback(f -> -1);
        d.callback(0);
        return c.currentResult();
    }
}
