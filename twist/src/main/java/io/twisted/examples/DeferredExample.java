package io.twisted.examples;

import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;

/**
 * A Deferred in action: a result that arrives later (here from {@code callLater}, standing in for a
 * network reply) flows through a chain of callbacks; the last one prints it and stops the reactor.
 *
 * <pre>
 *   java -cp twist/target/twist.jar io.twisted.examples.DeferredExample
 *   Result: Hello Twisted
 * </pre>
 */
public final class DeferredExample {

    private DeferredExample() {
    }

    /** Returns a Deferred that fires with "hello" after {@code delay} seconds. */
    static Deferred<String> getGreetingLater(Reactor reactor, double delay) {
        Deferred<String> d = new Deferred<>();
        reactor.callLater(delay, () -> d.callback("hello"));
        return d;
    }

    static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String addName(String greeting) {
        return greeting + " Twisted";
    }

    public static void main(String[] args) {
        Reactor reactor = Reactor.create();
        reactor.callWhenRunning(() -> getGreetingLater(reactor, 0.1)
                .addCallback(DeferredExample::capitalize)
                .addCallback(DeferredExample::addName)
                .addCallbacks(result -> {
                    System.out.println("Result: " + result);
                    return null;
                }, failure -> {
                    System.err.println("Failed: " + failure.getTraceback());
                    return null;
                })
                .addFinally(reactor::stop));
        reactor.run();
    }
}
