package io.twisted.names.client;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.DelayedCall;
import io.twisted.internet.Protocol;
import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.names.dns.DnsFormatException;
import io.twisted.names.dns.DnsMessage;
import io.twisted.names.dns.DnsMessageCodec;
import io.twisted.names.dns.DnsName;
import io.twisted.names.dns.DnsQuestion;
import io.twisted.names.dns.DnsRcode;
import io.twisted.names.dns.DnsRecord;
import io.twisted.names.dns.DnsType;
import io.twisted.protocols.basic.Int16StringReceiver;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Pulls a whole zone from a primary with AXFR over TCP (RFC 5936 §2, §4.1): the records from the
 * first SOA to the closing SOA with the same serial. Each message must carry the query's ID and
 * NOERROR; a transfer longer than {@link #MAX_RECORDS} records or than the timeout fails.
 */
public final class ZoneTransfer {

    /** Largest transfer accepted, in records. */
    public static final int MAX_RECORDS = 1_000_000;

    private ZoneTransfer() {
    }

    /**
     * Transfers {@code zone} from {@code primary}.
     *
     * @return fires with the records, the SOA first (the closing SOA is not repeated); fails with
     *     {@link DnsQueryError} (an error RCODE), {@link DnsFormatException} (a bad transfer),
     *     {@link DnsQueryTimeoutError}, or the connection error
     */
    public static Deferred<List<DnsRecord>> axfr(Reactor reactor, InetSocketAddress primary, DnsName zone, double timeout) {
        Transfer t = new Transfer(zone, new SecureRandom().nextInt(0x10000));
        t.timer = reactor.callLater(timeout, () -> t.fail(new DnsQueryTimeoutError("AXFR of " + zone + " from " + primary
                + " took more than " + timeout + " s")));
        t.connector = reactor.connectTCP(primary.getAddress().getHostAddress(), primary.getPort(), new ClientFactory() {
            @Override
            public Protocol buildProtocol(SocketAddress address) {
                Protocol p = new AxfrProtocol(t);
                p.setFactory(this);
                return p;
            }

            @Override
            public void clientConnectionFailed(Connector connector, Failure reason) {
                t.fail(reason.value());
            }
        }, timeout, null);
        return t.result;
    }

    private static final class Transfer {
        final DnsName zone;
        final int id;
        final Deferred<List<DnsRecord>> result = new Deferred<>();
        final List<DnsRecord> records = new ArrayList<>();
        DelayedCall timer;
        Connector connector;
        boolean done;

        Transfer(DnsName zone, int id) {
            this.zone = zone;
            this.id = id;
        }

        /** Takes one message; returns true when the transfer is complete. */
        boolean message(byte[] bytes) {
            DnsMessage m = DnsMessageCodec.decode(bytes);
            if (m.id() != id || !m.isResponse()) {
                throw new DnsFormatException("AXFR message with ID " + m.id() + ", expected " + id);
            }
            if (!m.rcode().equals(DnsRcode.NOERROR)) {
                throw DnsQueryError.of(m.rcode(), "AXFR " + zone);
            }
            for (DnsRecord r : m.answers()) {
                if (records.isEmpty()) {
                    if (!r.type().equals(DnsType.SOA) || !r.name().equals(zone)) {
                        throw new DnsFormatException("AXFR of " + zone + " does not start with its SOA");
                    }
                    records.add(r);
                    continue;
                }
                if (r.type().equals(DnsType.SOA) && r.name().equals(zone)) {
                    if (r.rdata().number(2) != records.get(0).rdata().number(2)) {
                        throw new DnsFormatException("AXFR of " + zone + " ends with another serial");
                    }
                    return true;
                }
                if (records.size() >= MAX_RECORDS) {
                    throw new DnsFormatException("AXFR of " + zone + " longer than " + MAX_RECORDS + " records");
                }
                records.add(r);
            }
            return false;
        }

        void succeed() {
            if (!done) {
                done = true;
                cleanup();
                result.callback(List.copyOf(records));
            }
        }

        void fail(Throwable t) {
            if (!done) {
                done = true;
                cleanup();
                result.errback(t);
            }
        }

        private void cleanup() {
            if (timer != null && timer.active()) {
                timer.cancel();
            }
            if (connector != null) {
                connector.disconnect();
            }
        }
    }

    private static final class AxfrProtocol extends Int16StringReceiver {
        private final Transfer transfer;

        AxfrProtocol(Transfer transfer) {
            super(65535);
            this.transfer = transfer;
        }

        @Override
        public void connectionMade() {
            DnsMessage q = DnsMessage.builder().id(transfer.id)
                    .addQuestion(new DnsQuestion(transfer.zone, DnsType.AXFR, io.twisted.names.dns.DnsClass.IN)).build();
            sendString(DnsMessageCodec.encode(q));
        }

        @Override
        protected void stringReceived(byte[] message) {
            try {
                if (transfer.message(message)) {
                    transfer.succeed();
                    transport.loseConnection();
                }
            } catch (RuntimeException e) {
                transfer.fail(e);
                transport.loseConnection();
            }
        }

        @Override
        public void connectionLost(Failure reason) {
            transfer.fail(new DnsFormatException("AXFR of " + transfer.zone + " ended before the closing SOA"));
        }
    }
}
