package io.twisted.examples;

import io.twisted.internet.Factory;
import io.twisted.internet.Protocol;
import io.twisted.internet.Reactor;
import io.twisted.internet.endpoints.Endpoints;
import java.nio.ByteBuffer;

/**
 * An echo server (RFC 862) in a dozen lines: a {@link Protocol} that writes back what it reads, a
 * {@link Factory} that makes one per connection, and an endpoint to listen on.
 *
 * <pre>
 *   java -cp twist/target/twist.jar io.twisted.examples.EchoServer [ENDPOINT]   (default tcp:8000)
 * </pre>
 * Stop it with Ctrl-C.
 */
public final class EchoServer {

    /** Writes every byte it receives back to the sender. */
    public static final class Echo extends Protocol {
        @Override
        public void dataReceived(ByteBuffer data) {
            transport.write(data);
        }
    }

    private EchoServer() {
    }

    public static void main(String[] args) {
        String endpoint = args.length > 0 ? args[0] : "tcp:8000";
        Reactor reactor = Reactor.create();
        Endpoints.serverFromString(reactor, endpoint)
                .listen(Factory.forProtocol(Echo::new))
                .addCallbacks(port -> {
                    System.out.println("Echo server listening on " + port.getHost());
                    return null;
                }, failure -> {
                    System.err.println("Cannot listen on " + endpoint + ": " + failure.getErrorMessage());
                    System.exit(1);
                    return null;
                });
        reactor.run();
    }
}
