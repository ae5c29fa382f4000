package io.twisted.examples;

import io.twisted.internet.Protocol;
import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.endpoints.Endpoints;
import io.twisted.internet.endpoints.TCP4ClientEndpoint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An echo client: connects, sends "Hello, world!", prints what the server sends back once all of it
 * has arrived, and stops the reactor.
 *
 * <pre>
 *   java -cp twist/target/twist.jar io.twisted.examples.EchoClient [HOST PORT]   (default 127.0.0.1 8000)
 * </pre>
 */
public final class EchoClient {

    /** Sends a greeting and waits for the whole echo, which may arrive in several pieces. */
    public static final class Greeter extends Protocol {
        private static final String GREETING = "Hello, world!";
        private final Reactor reactor;
        private final StringBuilder received = new StringBuilder();

        public Greeter(Reactor reactor) {
            this.reactor = reactor;
        }

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
            reactor.stop();
        }
    }

    private EchoClient() {
    }

    public static void main(String[] args) {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 8000;
        Reactor reactor = Reactor.create();
        Endpoints.connectProtocol(new TCP4ClientEndpoint(reactor, host, port), new Greeter(reactor))
                .addErrback(failure -> {
                    System.err.println("Connection failed: " + failure.getErrorMessage());
                    reactor.stop();
                    return null;
                });
        reactor.run();
    }
}
