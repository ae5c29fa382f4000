package io.twisted.examples;

import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;

/**
 * A Deferred in action: a result that arrives later (here from {@code callLater}, standing in for a
 * network reply) flows through a chain of callbacks, each a named step; the last prints it. {@link
 * Reactor#react} (Twisted's {@code task.react}) runs the reactor until the chain is done, then stops.
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

    static Void print(String result) {
        System.out.println("Result: " + result);
        return null;
    }

    public static void main(String[] args) {
        System.exit(Reactor.react(reactor -> getGreetingLater(reactor, 0.1)
                .addCallback(DeferredExample::capitalize)
                .addCallback(DeferredExample::addName)
                .addCallback(DeferredExample::print)));
    }
}
