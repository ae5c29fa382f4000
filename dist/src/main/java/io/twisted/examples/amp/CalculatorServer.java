package io.twisted.examples.amp;

import io.twisted.amp.Amp;
import io.twisted.amp.AmpResponder;
import io.twisted.internet.Factory;
import io.twisted.internet.Reactor;
import io.twisted.internet.endpoints.Endpoints;

/**
 * Twisted's AMP documentation server ({@code ampserver.py}) in Java: answers {@link Sum} and
 * {@link Divide}; Python's {@code ampclient.py} talks to it unchanged.
 *
 * <pre>
 *   java -cp dist/target/twist.jar io.twisted.examples.amp.CalculatorServer [ENDPOINT]   (default tcp:1234)
 * </pre>
 */
public final class CalculatorServer {

    /** One connection's responders. */
    public static class Math extends Amp {
        @AmpResponder(Sum.class)
        Sum.Result sum(Sum.Args args) {
            long total = args.a() + args.b();
            System.out.println("Did a sum: " + args.a() + " + " + args.b() + " = " + total);
            return new Sum.Result(total);
        }

        @AmpResponder(Divide.class)
        Divide.Result divide(Divide.Args args) {
            if (args.denominator() == 0) {
                throw new ArithmeticException("division by zero");
            }
            double result = (double) args.numerator() / args.denominator();
            System.out.println("Divided: " + args.numerator() + " / " + args.denominator() + " = " + result);
            return new Divide.Result(result);
        }
    }

    private CalculatorServer() {
    }

    public static void main(String[] args) {
        String endpoint = args.length > 0 ? args[0] : "tcp:1234";
        Reactor reactor = Reactor.create();
        Endpoints.serverFromString(reactor, endpoint)
                .listen(Factory.forProtocol(Math::new))
                .addCallbacks(port -> {
                    System.out.println("AMP calculator listening on " + port.getHost());
                    return null;
                }, failure -> {
                    System.err.println("Cannot listen on " + endpoint + ": " + failure.getErrorMessage());
                    System.exit(1);
                    return null;
                });
        reactor.run();
    }
}
