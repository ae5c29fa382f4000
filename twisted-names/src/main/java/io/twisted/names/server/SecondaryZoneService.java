package io.twisted.names.server;

import io.twisted.application.AbstractService;
import io.twisted.internet.DelayedCall;
import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.names.client.ClientResolver;
import io.twisted.names.client.DnsResult;
import io.twisted.names.client.ZoneTransfer;
import io.twisted.names.dns.DnsName;
import io.twisted.names.dns.DnsQuestion;
import io.twisted.names.dns.DnsRecord;
import io.twisted.names.dns.DnsType;
import io.twisted.names.zone.Zone;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;

/**
 * A secondary zone (RFC 1034 §4.3.5, RFC 5936): on start it transfers the zone from its primary
 * with AXFR and serves it through a {@link DnsQueryHandler}; every SOA REFRESH seconds it asks the
 * primary for the SOA and transfers again when the serial grew (RFC 1982 serial arithmetic); after
 * a failure it tries again in RETRY seconds (or {@link #INITIAL_RETRY} before the first copy); a
 * copy not refreshed for EXPIRE seconds stops being served (RFC 1035 §3.3.13). A NOTIFY from the
 * primary (RFC 1996) makes it check the serial at once. IXFR is not implemented.
 */
public final class SecondaryZoneService extends AbstractService {

    private static final System.Logger LOG = System.getLogger(SecondaryZoneService.class.getName());

    /** Seconds between attempts before the first successful transfer. */
    public static final double INITIAL_RETRY = 30;
    /** Seconds a transfer or SOA query may take. */
    public static final double TIMEOUT = 30;

    private final Reactor reactor;
    private final DnsQueryHandler handler;
    private final DnsName origin;
    private final InetSocketAddress primary;
    private Zone zone;
    private double lastRefreshed;
    private DelayedCall next;
    private DelayedCall expiry;

    public SecondaryZoneService(Reactor reactor, DnsQueryHandler handler, DnsName origin, InetSocketAddress primary) {
        this.reactor = Objects.requireNonNull(reactor);
        this.handler = Objects.requireNonNull(handler);
        this.origin = Objects.requireNonNull(origin);
        this.primary = Objects.requireNonNull(primary);
    }

    /** The copy served now, or {@code null}. */
    public Zone zone() {
        return zone;
    }

    @Override
    public void startService() {
        super.startService();
        handler.registerSecondary(origin, primary.getAddress(), this::notified);
        transfer().addErrback(f -> null);
    }

    @Override
    public Deferred<Void> stopService() {
        super.stopService();
        cancel(next);
        cancel(expiry);
        next = null;
        expiry = null;
        return null;
    }

    private static void cancel(DelayedCall c) {
        if (c != null && c.active()) {
            c.cancel();
        }
    }

    /** Transfers the zone now; fires with the new copy (or fails; a retry is scheduled either way). */
    public Deferred<Zone> transfer() {
        return ZoneTransfer.axfr(reactor, primary, origin, TIMEOUT).addCallbacks(this::loaded, this::failed);
    }

    private Zone loaded(List<DnsRecord> records) {
        Zone z = Zone.fromRecords(origin, records);
        zone = z;
        handler.putZone(z);
        refreshed();
        LOG.log(System.Logger.Level.INFO, "secondary " + origin + ": serial " + z.serial() + " from " + primary);
        return z;
    }

    private void refreshed() {
        lastRefreshed = reactor.seconds();
        cancel(expiry);
        expiry = reactor.callLater(soaField(5), this::expired);
        schedule(soaField(3));
    }

    private long soaField(int i) {
        return zone.soa().rdata().number(i);
    }

    private Zone failed(Failure f) throws Throwable {
        LOG.log(System.Logger.Level.WARNING, "secondary " + origin + ": transfer from " + primary + " failed: "
                + f.getErrorMessage());
        schedule(zone == null ? INITIAL_RETRY : soaField(4));
        throw f.value();
    }

    private void schedule(double seconds) {
        cancel(next);
        if (isRunning()) {
            next = reactor.callLater(seconds, this::refresh);
        }
    }

    private void expired() {
        expiry = null;
        LOG.log(System.Logger.Level.WARNING, "secondary " + origin + ": not refreshed for " + (reactor.seconds() - lastRefreshed)
                + " s (EXPIRE): no longer served");
        handler.removeZone(origin);
        zone = null;
    }

    /** A NOTIFY from the primary (RFC 1996 §3.7): check the serial now. */
    private void notified() {
        if (isRunning()) {
            schedule(0);
        }
    }

    /** Asks the primary for its SOA serial and transfers when it is newer. */
    void refresh() {
        next = null;
        if (zone == null) {
            transfer().addErrback(f -> null);
            return;
        }
        ClientResolver resolver = new ClientResolver(reactor, List.of(primary), List.of(TIMEOUT), new SecureRandom());
        resolver.query(new DnsQuestion(origin, DnsType.SOA, io.twisted.names.dns.DnsClass.IN))
                .addCallbacks(this::soaReceived, this::soaFailed);
    }

    private Void soaReceived(DnsResult r) {
        List<DnsRecord> soa = r.answers(DnsType.SOA);
        if (soa.isEmpty()) {
            schedule(soaField(4));
            return null;
        }
        long theirs = soa.get(0).rdata().number(2);
        if (serialGreater(theirs, zone.serial())) {
            transfer().addErrback(f -> null);
        } else {
            refreshed();
        }
        return null;
    }

    private Void soaFailed(Failure f) {
        schedule(soaField(4));
        return null;
    }

    /** RFC 1982 §3.2: {@code a > b} in 32-bit serial number arithmetic. */
    static boolean serialGreater(long a, long b) {
        return a != b && (a < b && b - a > 0x80000000L || a > b && a - b < 0x80000000L);
    }
}
