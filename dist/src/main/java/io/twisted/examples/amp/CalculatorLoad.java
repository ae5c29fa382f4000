package io.twisted.examples.amp;

import io.twisted.amp.Amp;
import io.twisted.internet.Reactor;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.endpoints.Endpoints;

/**
 * A load client for any AMP server that answers {@link Sum} (ours, or Python Twisted's
 * {@code ampserver.py}): keeps WINDOW calls in flight until CALLS calls have been answered, checks
 * every total, and prints the calls per second. For the benchmarks harness; not a test.
 *
 * <pre>
 *   java -cp dist/target/twist.jar io.twisted.examples.amp.CalculatorLoad [ENDPOINT [CALLS [WINDOW]]]
 *        (defaults: tcp:127.0.0.1:1234, 200000, 100)
 * </pre>
 */
public final class CalculatorLoad {

    private final Amp amp;
    private final ReactorTime time;
    private final long calls;
    private long sent;
    private long answered;
    private double started;
    private final Deferred<Double> done = new Deferred<>();

    private CalculatorLoad(Amp amp, ReactorTime time, long calls) {
        this.amp = amp;
        this.time = time;
        this.calls = calls;
    }

    private Deferred<Double> start(int window) {
        started = time.seconds();
        for (int i = 0; i < window && sent < calls; i++) {
            sendOne();
        }
        return done;
    }

    private void sendOne() {
        long a = sent++;
        amp.callRemote(new Sum(), new Sum.Args(a, 1)).addCallbacks(result -> answered(a, result), failure -> {
            if (!done.isCalled()) {
                done.errback(failure);
            }
            return null;
        });
    }

    private Void answered(long a, Sum.Result result) {
        if (result.total() != a + 1) {
            done.errback(new IllegalStateException("Sum(" + a + ", 1) answered " + result.total()));
            return null;
        }
        answered++;
        if (answered == calls) {
            done.callback(calls / (time.seconds() - started));
        } else if (sent < calls) {
            sendOne();
        }
        return null;
    }

    public static void main(String[] args) {
        String endpoint = args.length > 0 ? args[0] : "tcp:127.0.0.1:1234";
        long calls = args.length > 1 ? Long.parseLong(args[1]) : 200_000;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        System.exit(Reactor.react(reactor -> Endpoints
                .connectProtocol(Endpoints.clientFromString(reactor, endpoint), new Amp())
                .addCallbackDeferred(amp -> new CalculatorLoad(amp, reactor, calls).start(window)
                        .addCallback(rate -> {
                            System.out.printf("%d Sum calls, %d in flight: %.0f calls/s%n", calls, window, rate);
                            amp.transport().loseConnection();
                            return null;
                        }))));
    }
}
