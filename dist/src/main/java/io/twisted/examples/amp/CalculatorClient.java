package io.twisted.examples.amp;

import io.twisted.amp.Amp;
import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.endpoints.Endpoints;

/**
 * Twisted's AMP documentation client ({@code ampclient.py}) in Java: asks for 13 + 81 and 1 / 4, then
 * 1 / 0 and shows the declared {@code ZERO_DIVISION} error, and exits.
 *
 * <pre>
 *   java -cp dist/target/twist.jar io.twisted.examples.amp.CalculatorClient [ENDPOINT]   (default tcp:127.0.0.1:1234)
 * </pre>
 */
public final class CalculatorClient {

    private CalculatorClient() {
    }

    static Deferred<Void> run(Amp amp) {
        return amp.callRemote(new Sum(), new Sum.Args(13, 81))
                .addCallbackDeferred(sum -> {
                    System.out.println("Sum: 13 + 81 = " + sum.total());
                    return amp.callRemote(new Divide(), new Divide.Args(1, 4));
                })
                .addCallbackDeferred(div -> {
                    System.out.println("Divide: 1 / 4 = " + div.result());
                    return amp.callRemote(new Divide(), new Divide.Args(1, 0));
                })
                .<Void>addCallbacks(div -> {
                    throw new IllegalStateException("1 / 0 did not fail: " + div.result());
                }, failure -> {
                    failure.trap(ArithmeticException.class);
                    System.out.println("Divide: 1 / 0 -> ZERO_DIVISION (" + failure.getErrorMessage() + ")");
                    return null;
                })
                .addFinally(() -> amp.transport().loseConnection());
    }

    public static void main(String[] args) {
        String endpoint = args.length > 0 ? args[0] : "tcp:127.0.0.1:1234";
        System.exit(Reactor.react(reactor -> Endpoints
                .connectProtocol(Endpoints.clientFromString(reactor, endpoint), new Amp())
                .addCallbackDeferred(CalculatorClient::run)));
    }
}
