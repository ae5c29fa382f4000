package io.twisted.examples;

import io.twisted.internet.Protocol;
import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.endpoints.Endpoints;
import io.twisted.internet.endpoints.TCP4ClientEndpoint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An echo client: connects, sends "Hello, world!", prints what the server sends back once all of it
 * has arrived, and exits. {@link Reactor#react} runs the reactor until the Deferred returned by the
 * program fires (exit status 0) or fails (exit status 1, for example when the connection is refused).
 *
 * <pre>
 *   java -cp twist/target/twist.jar io.twisted.examples.EchoClient [HOST PORT]   (default 127.0.0.1 8000)
 * </pre>
 */
public final class EchoClient {

    /** Sends a greeting, waits for the whole echo (it may arrive in several pieces), then hangs up. */
    public static final class Greeter extends Protocol {
        private static final String GREETING = "Hello, world!";
        private final StringBuilder received = new StringBuilder();
        /** Fires when the connection is closed. */
        final Deferred<Void> done = new Deferred<>();

        @Override
        public void connectionMade() {
            transport.write(GREETING.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            received.append(StandardCharsets.UTF_8.decode(data));
            if (received.length() >= GREETING.length()) {
                System.out.println("Server said: " + received);
                transport.loseConnection();
            }
        }

        @Override
        public void connectionLost(Failure reason) {
            done.callback(null);
        }
    }

    private EchoClient() {
    }

    public static void main(String[] args) {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 8000;
        System.exit(Reactor.react(reactor -> Endpoints
                .connectProtocol(new TCP4ClientEndpoint(reactor, host, port), new Greeter())
                .addCallbackDeferred(greeter -> greeter.done)));
    }
}
