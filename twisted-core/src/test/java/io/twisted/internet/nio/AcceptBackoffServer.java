package io.twisted.internet.nio;

import io.twisted.internet.Factory;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.Reactor;
import java.net.InetSocketAddress;

/** A child-process echo server for {@link AcceptBackoffTest}: prints its port, then serves. */
public final class AcceptBackoffServer {
    /** Echo, defined here so that nothing else of the test classes is loaded while descriptors run out. */
    public static final class Echo extends io.twisted.internet.Protocol {
        @Override
        public void dataReceived(java.nio.ByteBuffer data) {
            transport.write(data);
        }
    }

    public static void main(String[] args) {
        Reactor r = Reactor.create();
        ListeningPort p = r.listenTCP(0, Factory.forProtocol(Echo::new), 500, "127.0.0.1");
        System.out.println("PORT " + ((InetSocketAddress) p.getHost()).getPort());
        System.out.flush();
        r.run();
    }
}
