package io.twisted.names.client;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.DatagramProtocol;
import io.twisted.internet.DatagramTransport;
import io.twisted.internet.DelayedCall;
import io.twisted.internet.Protocol;
import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.names.dns.DnsFormatException;
import io.twisted.names.dns.DnsMessage;
import io.twisted.names.dns.DnsMessageCodec;
import io.twisted.names.dns.DnsQuestion;
import io.twisted.names.dns.DnsRcode;
import io.twisted.names.dns.Edns;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A stub resolver that asks recursive servers (Twisted's {@code client.Resolver}).
 *
 * <p>Each query goes over UDP from a new port the system picks (so source ports vary, RFC 5452
 * §9.2) with a random 16-bit ID, advertising an EDNS0 payload of {@value Edns#DEFAULT_PAYLOAD}.
 * A reply is accepted only from the server asked, with the same ID and question; anything else is
 * ignored. Attempt {@code i} goes to server {@code i mod n} and waits {@code timeouts[i]} seconds;
 * when every attempt timed out the query fails with {@link DnsQueryTimeoutError}. A truncated (TC)
 * reply is asked again over TCP (RFC 7766 §5). Time comes from the reactor.
 */
public final class ClientResolver implements Resolver {

    /** Twisted's default timeouts: four attempts, waiting 1, 3, 11 and 45 seconds. */
    public static final List<Double> DEFAULT_TIMEOUTS = List.of(1.0, 3.0, 11.0, 45.0);

    private final Reactor reactor;
    private final List<InetSocketAddress> servers;
    private final double[] timeouts;
    private final Random random;
    private boolean recursionDesired = true;

    /**
     * @param servers the recursive servers to ask, in order
     * @param timeouts seconds to wait for each attempt
     * @param random source of query IDs (a {@link SecureRandom} in production)
     */
    public ClientResolver(Reactor reactor, List<InetSocketAddress> servers, List<Double> timeouts, Random random) {
        this.reactor = Objects.requireNonNull(reactor);
        if (servers.isEmpty() || timeouts.isEmpty()) {
            throw new IllegalArgumentException("need at least one server and one timeout");
        }
        this.servers = List.copyOf(servers);
        this.timeouts = timeouts.stream().mapToDouble(Double::doubleValue).toArray();
        this.random = Objects.requireNonNull(random);
    }

    public ClientResolver(Reactor reactor, List<InetSocketAddress> servers) {
        this(reactor, servers, DEFAULT_TIMEOUTS, new SecureRandom());
    }

    /**
     * A resolver for the servers, timeout and attempts of a resolv.conf file ({@code /etc/resolv.conf}).
     */
    public static ClientResolver fromResolvConf(Reactor reactor, Path file) throws IOException {
        ResolvConf conf = ResolvConf.read(file);
        Double[] t = new Double[conf.attempts()];
        Arrays.fill(t, (double) conf.timeout());
        return new ClientResolver(reactor, conf.nameservers(), List.of(t), new SecureRandom());
    }

    /**
     * Whether queries set RD (default true: this is a stub resolver); an iterative resolver asking
     * authoritative servers clears it.
     */
    public ClientResolver setRecursionDesired(boolean rd) {
        this.recursionDesired = rd;
        return this;
    }

    public List<InetSocketAddress> servers() {
        return servers;
    }

    @Override
    public Deferred<DnsResult> query(DnsQuestion question) {
        Deferred<DnsResult> result = new Deferred<>();
        new Exchange(question, result).sendUdp(0);
        return result;
    }

    /** One question's progress through its attempts. */
    private final class Exchange {
        private final DnsQuestion question;
        private final Deferred<DnsResult> result;
        private int attempt;
        private int id;
        private InetSocketAddress server;
        private DatagramTransport port;
        private DelayedCall timer;
        private Connector tcp;
        private boolean done;

        Exchange(DnsQuestion question, Deferred<DnsResult> result) {
            this.question = question;
            this.result = result;
        }

        private byte[] queryBytes() {
            DnsMessage q = DnsMessage.query(id, question).toBuilder().recursionDesired(recursionDesired)
                    .edns(Edns.of(Edns.DEFAULT_PAYLOAD)).build();
            return DnsMessageCodec.encode(q);
        }

        void sendUdp(int n) {
            attempt = n;
            id = random.nextInt(0x10000);
            server = servers.get(n % servers.size());
            try {
                String iface = server.getAddress() instanceof java.net.Inet6Address ? "::" : "";
                port = reactor.listenUDP(0, new UdpReceiver(this), iface, 65535);
                port.write(ByteBuffer.wrap(queryBytes()), server);
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            timer = reactor.callLater(timeouts[n], this::timedOut);
        }

        private void timedOut() {
            timer = null;
            closeAll();
            if (done) {
                return;
            }
            if (attempt + 1 < timeouts.length) {
                sendUdp(attempt + 1);
            } else {
                fail(new DnsQueryTimeoutError("no answer for " + question + " after " + timeouts.length + " attempts"));
            }
        }

        void udpReply(ByteBuffer data, SocketAddress from) {
            if (done || !server.equals(from)) {
                return;
            }
            DnsMessage m = accept(data);
            if (m == null) {
                return;
            }
            closeAll();
            if (m.isTruncated()) {
                sendTcp();
            } else {
                finish(m);
            }
        }

        /** The reply if it answers our query; otherwise {@code null} (ignored, RFC 5452 §9.1). */
        private DnsMessage accept(ByteBuffer data) {
            try {
                DnsMessage m = DnsMessageCodec.decode(data);
                if (!m.isResponse() || m.id() != id || m.questions().size() != 1 || !m.questions().get(0).equals(question)) {
                    return null;
                }
                return m;
            } catch (DnsFormatException e) {
                return null;
            }
        }

        private void sendTcp() {
            timer = reactor.callLater(timeouts[attempt], this::timedOut);
            tcp = reactor.connectTCP(server.getAddress().getHostAddress(), server.getPort(), new TcpFactory(this),
                    timeouts[attempt], null);
        }

        void tcpReply(byte[] data) {
            if (done) {
                return;
            }
            DnsMessage m = accept(ByteBuffer.wrap(data));
            closeAll();
            if (m == null) {
                fail(new DnsFormatException("bad reply over TCP from " + server + " for " + question));
            } else {
                finish(m);
            }
        }

        void tcpFailed(Failure reason) {
            if (!done) {
                closeAll();
                timedOut();
            }
        }

        private void finish(DnsMessage m) {
            if (m.rcode().equals(DnsRcode.NOERROR)) {
                done = true;
                result.callback(new DnsResult(m.answers(), m.authority(), m.additional()));
            } else {
                fail(DnsQueryError.of(m.rcode(), question.toString(), new DnsResult(m.answers(), m.authority(), m.additional())));
            }
        }

        private void fail(Throwable t) {
            closeAll();
            if (!done) {
                done = true;
                result.errback(t);
            }
        }

        private void closeAll() {
            if (timer != null && timer.active()) {
                timer.cancel();
            }
            timer = null;
            if (port != null) {
                DatagramTransport p = port;
                port = null;
                p.stopListening();
            }
            if (tcp != null) {
                Connector c = tcp;
                tcp = null;
                c.disconnect();
            }
        }
    }

    private static final class UdpReceiver extends DatagramProtocol {
        private final Exchange exchange;

        UdpReceiver(Exchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public void datagramReceived(ByteBuffer data, SocketAddress address) {
            exchange.udpReply(data, address);
        }
    }

    private static final class TcpFactory extends ClientFactory {
        private final Exchange exchange;

        TcpFactory(Exchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public Protocol buildProtocol(SocketAddress address) {
            Protocol p = new TcpQuery(exchange);
            p.setFactory(this);
            return p;
        }

        @Override
        public void clientConnectionFailed(Connector connector, Failure reason) {
            exchange.tcpFailed(reason);
        }
    }

    /** Sends the framed query and reads one framed reply (at most 65,535 octets by the framing). */
    private static final class TcpQuery extends Protocol {
        private final Exchange exchange;
        private final byte[] header = new byte[2];
        private int headerRead;
        private byte[] body;
        private int bodyRead;

        TcpQuery(Exchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public void connectionMade() {
            byte[] q = exchange.queryBytes();
            byte[] framed = new byte[q.length + 2];
            framed[0] = (byte) (q.length >> 8);
            framed[1] = (byte) q.length;
            System.arraycopy(q, 0, framed, 2, q.length);
            transport.write(framed);
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            while (data.hasRemaining() && body == null) {
                header[headerRead++] = data.get();
                if (headerRead == 2) {
                    body = new byte[(header[0] & 0xff) << 8 | header[1] & 0xff];
                }
            }
            if (body == null) {
                return;
            }
            int n = Math.min(data.remaining(), body.length - bodyRead);
            data.get(body, bodyRead, n);
            bodyRead += n;
            data.position(data.limit());
            if (bodyRead == body.length) {
                byte[] reply = body;
                body = new byte[0];
                bodyRead = 0;
                exchange.tcpReply(reply);
                transport.loseConnection();
            }
        }

        @Override
        public void connectionLost(Failure reason) {
            if (bodyRead == 0 && body == null) {
                exchange.tcpFailed(reason);
            }
        }
    }
}
