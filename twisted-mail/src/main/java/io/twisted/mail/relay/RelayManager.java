package io.twisted.mail.relay;

import io.twisted.internet.DelayedCall;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.mail.relay.DeliveryStatusReport.FailedRecipient;
import io.twisted.mail.smtp.MailAddress;
import io.twisted.mail.smtp.SmtpReply;
import io.twisted.mail.smtp.client.BodyProducers;
import io.twisted.mail.smtp.client.RecipientResult;
import io.twisted.mail.smtp.client.SendResult;
import io.twisted.mail.smtp.client.SmtpClientException;
import io.twisted.mail.smtp.client.SmtpDeliveryException;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Delivers what the {@link RelayQueue} holds (Twisted's {@code SmartHostSMTPRelayingManager} with
 * MX lookups): each entry is tried when due, its recipients grouped by domain. For each domain
 * (RFC 5321 section 5.1, through {@link MxResolver}): the mail exchangers in order of preference;
 * for each exchanger its IPv6 and IPv4 addresses (AAAA and A), alternating between the families
 * (RFC 8305 section 4) and starting with the family that last reached an exchanger (IPv6 at
 * first, RFC 6724), so every address of preference n is tried before preference n+1; at most
 * {@code maxAddresses} connections (and exchanger lookups) per domain and attempt
 * ({@link #DEFAULT_MAX_ADDRESSES}). The next address is tried when a connection fails, times out,
 * TLS fails, or the server answers 4xx to the transaction or 5xx to the greeting or EHLO.
 *
 * <p>Per recipient:
 * <ul>
 *   <li>accepted (250/251): done;</li>
 *   <li>refused with 5xx at RCPT, or the message refused with 5xx (MAIL, DATA, end of data) for
 *       the recipients that RCPT accepted, or the domain cannot take mail (NXDOMAIN {@code 5.1.2},
 *       null MX {@code 5.1.10}, no exchanger with an address {@code 5.4.4}): bounced at once;</li>
 *   <li>refused with 4xx at RCPT: kept for the next attempt (not sent to the next exchanger);</li>
 *   <li>anything else (the message refused with 4xx, no exchanger reachable, DNS trouble): kept
 *       and retried after the next delay of the schedule ({@link #DEFAULT_RETRY_DELAYS}, the last
 *       delay repeating). When the next attempt would come later than {@code maxAge} after
 *       queueing, the recipient is bounced instead (status {@code 4.4.7}, RFC 3463).</li>
 * </ul>
 * So of recipients answered 250, 550 and 450 in one transaction, only the 550 one is bounced and
 * only the 450 one is retried.
 *
 * <p>Bounces ({@link DeliveryStatusReport}) go to the sender through {@link BounceDelivery}; if
 * that fails, the bounce is put in this queue (null sender, to the original sender); if even
 * that fails, the failed recipients stay in the entry and are tried (and bounced) again later. A
 * message from the null sender (itself a bounce) is never bounced, only logged (RFC 5321 section
 * 4.5.5).
 *
 * <p>Durability: nothing acknowledged is lost; delivery is at-least-once. An entry is only
 * changed on disk after an attempt ends (recipients done are removed from its envelope, or the
 * entry is removed when none is left; a bounce is stored before its recipients are forgotten). A
 * crash while sending, or between an exchanger's 250 and the envelope update, means the entry is
 * sent again after the restart: the exchanger may receive it twice (the duplicate problem RFC
 * 1047 describes, shared by every MTA; RFC 5321 section 6.1 forbids losing the message, not
 * sending it twice). Likewise a crash after the queue committed a message
 * but before the client read the 250 makes the client send it again. {@link #start()} after a
 * restart picks up every entry where the last run stopped.
 *
 * <p>Times: retries are scheduled on the reactor clock; the envelope's times come from the wall
 * clock given (seconds since the epoch) so they survive a restart. At most one attempt per entry
 * runs at a time.
 */
public final class RelayManager {

    private static final System.Logger LOG = System.getLogger(RelayManager.class.getName());

    /** Default retry delays in seconds: 1 min, 5 min, 30 min, 2 h, then every 4 h. */
    public static final List<Double> DEFAULT_RETRY_DELAYS = List.of(60.0, 300.0, 1800.0, 7200.0, 14400.0);
    /** Default give-up age: 5 days (RFC 5321 section 4.5.4.1 suggests 4 to 5 days). */
    public static final double DEFAULT_MAX_AGE = 5 * 24 * 3600;
    /** Most bytes of the original header copied into a bounce: 64 KiB. */
    public static final int MAX_BOUNCE_HEADERS = 64 * 1024;
    /**
     * Default bound on the connections one attempt makes for one domain, and on the exchanger
     * host names it looks up: 10 (Postfix's {@code smtp_mx_address_limit} is 5; with IPv6 and
     * IPv4 addresses for each host, 10 reaches a few hosts).
     */
    public static final int DEFAULT_MAX_ADDRESSES = 10;

    private final RelayQueue queue;
    private final ReactorTime time;
    private final DoubleSupplier wallClock;
    private final MxResolver mx;
    private final MessageSender sender;
    private final BounceDelivery bounces;
    private final String hostname;
    private final List<Double> retryDelays;
    private final double maxAge;
    private final int maxAddresses;
    /** The address family that last reached an exchanger: true for IPv6 (tried first at the start, RFC 6724). */
    private boolean workingFamily = true;
    private boolean stopped;
    private final Map<String, DelayedCall> scheduled = new HashMap<>();
    private final Map<String, RelayEnvelope> running = new HashMap<>();

    /**
     * @param queue the queue to deliver from
     * @param time the reactor's clock, for scheduling
     * @param wallClock seconds since the epoch, for the envelopes
     * @param mx finds mail exchangers
     * @param sender sends to one exchanger ({@link MessageSender#smtp})
     * @param bounces takes bounces to senders
     * @param hostname this host, named in bounces
     * @param retryDelays delays between attempts, in seconds (at least one)
     * @param maxAge seconds after queueing when the relay gives up
     */
    public RelayManager(RelayQueue queue, ReactorTime time, DoubleSupplier wallClock, MxResolver mx, MessageSender sender,
            BounceDelivery bounces, String hostname, List<Double> retryDelays, double maxAge) {
        this(queue, time, wallClock, mx, sender, bounces, hostname, retryDelays, maxAge, DEFAULT_MAX_ADDRESSES);
    }

    /**
     * As the constructor above, with a bound on the connections (and exchanger lookups) per
     * domain and attempt.
     *
     * @param maxAddresses at least 1; {@link #DEFAULT_MAX_ADDRESSES} by default
     */
    public RelayManager(RelayQueue queue, ReactorTime time, DoubleSupplier wallClock, MxResolver mx, MessageSender sender,
            BounceDelivery bounces, String hostname, List<Double> retryDelays, double maxAge, int maxAddresses) {
        if (maxAddresses < 1) {
            throw new IllegalArgumentException("maxAddresses must be at least 1");
        }
        this.maxAddresses = maxAddresses;
        this.queue = Objects.requireNonNull(queue, "queue");
        this.time = Objects.requireNonNull(time, "time");
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        this.mx = Objects.requireNonNull(mx, "mx");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.bounces = Objects.requireNonNull(bounces, "bounces");
        this.hostname = Objects.requireNonNull(hostname, "hostname");
        this.retryDelays = List.copyOf(retryDelays);
        if (this.retryDelays.isEmpty() || this.retryDelays.stream().anyMatch(d -> !(d > 0))) {
            throw new IllegalArgumentException("need positive retry delays");
        }
        this.maxAge = maxAge;
    }

    /** A manager with the default schedule and max age. */
    public RelayManager(RelayQueue queue, ReactorTime time, DoubleSupplier wallClock, MxResolver mx, MessageSender sender,
            BounceDelivery bounces, String hostname) {
        this(queue, time, wallClock, mx, sender, bounces, hostname, DEFAULT_RETRY_DELAYS, DEFAULT_MAX_AGE);
    }

    /** Re-reads the queue and schedules every entry; from now on new entries are scheduled as they are committed. */
    public void start() throws IOException {
        stopped = false;
        queue.setListener(this::schedule);
        for (RelayEnvelope e : queue.load()) {
            schedule(e);
        }
    }

    /** Cancels every scheduled attempt (attempts in flight finish). */
    public void stop() {
        stopped = true;
        queue.setListener(e -> { });
        scheduled.values().forEach(DelayedCall::cancel);
        scheduled.clear();
    }

    /** How many entries wait for an attempt or are being attempted. */
    public int pending() {
        return scheduled.size() + running.size();
    }

    private void schedule(RelayEnvelope envelope) {
        DelayedCall old = scheduled.remove(envelope.id());
        if (old != null) {
            old.cancel();
        }
        double delay = Math.max(0, envelope.nextAttempt() - wallClock.getAsDouble());
        scheduled.put(envelope.id(), time.callLater(delay, () -> attempt(envelope)));
    }

    private void attempt(RelayEnvelope envelope) {
        scheduled.remove(envelope.id());
        running.put(envelope.id(), envelope);
        Map<String, List<MailAddress>> byDomain = new LinkedHashMap<>();
        for (MailAddress r : envelope.recipients()) {
            byDomain.computeIfAbsent(r.domainLowerCase(), d -> new ArrayList<>()).add(r);
        }
        List<Deferred<Map<MailAddress, Outcome>>> all = new ArrayList<>();
        for (Map.Entry<String, List<MailAddress>> e : byDomain.entrySet()) {
            all.add(new DomainAttempt(envelope, e.getKey(), e.getValue()).start());
        }
        Deferred.gatherResults(all).addCallbacks(results -> {
            Map<MailAddress, Outcome> merged = new LinkedHashMap<>();
            results.forEach(merged::putAll);
            attemptDone(envelope, merged);
            return null;
        }, failure -> {
            LOG.log(System.Logger.Level.ERROR, "relay attempt for " + envelope.id() + " failed unexpectedly: "
                    + failure.getTraceback());
            Map<MailAddress, Outcome> merged = new LinkedHashMap<>();
            envelope.recipients().forEach(r -> merged.put(r, Outcome.temporary(failure.getErrorMessage(), null)));
            attemptDone(envelope, merged);
            return null;
        });
    }

    /** What happened to one recipient in one attempt. */
    private record Outcome(Kind kind, String status, String diagnostic, String remoteMta) {
        enum Kind { DELIVERED, PERMANENT, TEMPORARY }

        static Outcome delivered() {
            return new Outcome(Kind.DELIVERED, null, null, null);
        }

        static Outcome temporary(String diagnostic, String remoteMta) {
            return new Outcome(Kind.TEMPORARY, "4.0.0", diagnostic, remoteMta);
        }

        static Outcome fromReply(SmtpReply reply, String remoteMta) {
            String status = reply.enhanced() != null ? reply.enhanced() : reply.code() / 100 + ".0.0";
            String diagnostic = "smtp; " + reply.code() + (reply.enhanced() != null ? " " + reply.enhanced() : "") + " "
                    + String.join(" ", reply.lines());
            return new Outcome(reply.code() >= 500 ? Kind.PERMANENT : Kind.TEMPORARY, status, diagnostic, remoteMta);
        }

        Outcome asTemporary() {
            return new Outcome(Kind.TEMPORARY, status, diagnostic, remoteMta);
        }
    }

    /**
     * Delivery of one entry's recipients in one domain: exchangers in order of preference, each
     * exchanger's addresses (IPv6 and IPv4, interleaved, starting with the family that last
     * worked), at most {@link #maxAddresses} connections and as many host lookups.
     */
    private final class DomainAttempt {
        private final RelayEnvelope envelope;
        private final String domain;
        /** Recipients without a final outcome in this attempt. */
        private final List<MailAddress> pending;
        private final Map<MailAddress, Outcome> outcomes = new LinkedHashMap<>();
        private final Deferred<Map<MailAddress, Outcome>> done = new Deferred<>();
        private List<MxResolver.Exchanger> hosts;
        private int nextHost;
        private MxResolver.Exchanger host;
        private List<InetAddress> addresses = List.of();
        private int nextAddress;
        private int connections;
        private int hostsWithoutAddress;
        private Outcome lastTemporary;
        private RelayPermanentException lastNoAddress;

        DomainAttempt(RelayEnvelope envelope, String domain, List<MailAddress> recipients) {
            this.envelope = envelope;
            this.domain = domain;
            this.pending = new ArrayList<>(recipients);
        }

        Deferred<Map<MailAddress, Outcome>> start() {
            Deferred<List<MxResolver.Exchanger>> lookup;
            try {
                lookup = mx.exchangers(domain);
            } catch (RuntimeException e) {
                lookup = Deferred.fail(e);
            }
            lookup.addCallbacks(found -> {
                hosts = found;
                tryNext();
                return null;
            }, failure -> {
                if (failure.value() instanceof RelayPermanentException p) {
                    finishPending(new Outcome(Outcome.Kind.PERMANENT, p.status(), p.getMessage(), null));
                } else {
                    finishPending(Outcome.temporary(failure.getErrorMessage(), null));
                }
                return null;
            }).addErrback(this::unexpected);
            return done;
        }

        /** A bug in this attempt: log it and end the attempt (the pending recipients are retried) rather than hang. */
        private Void unexpected(Failure failure) {
            LOG.log(System.Logger.Level.ERROR, "relay attempt for " + envelope.id() + " to " + domain
                    + " failed unexpectedly: " + failure.getTraceback());
            if (!done.isCalled()) {
                finishPending(Outcome.temporary("internal error: " + failure.getErrorMessage(), null));
            }
            return null;
        }

        /** The next address of this host, else the next host (looked up), else the end. */
        private void tryNext() {
            if (pending.isEmpty()) {
                finishPending(null);
                return;
            }
            if (nextAddress < addresses.size() && connections < maxAddresses) {
                InetAddress a = addresses.get(nextAddress++);
                connections++;
                send(host.host(), a);
                return;
            }
            if (nextHost >= hosts.size() || nextHost >= maxAddresses || connections >= maxAddresses) {
                giveUp();
                return;
            }
            host = hosts.get(nextHost++);
            String name = host.host();
            Deferred<List<InetAddress>> lookup;
            try {
                lookup = mx.addresses(name);
            } catch (RuntimeException e) {
                lookup = Deferred.fail(e);
            }
            lookup.addCallbacks(found -> {
                addresses = orderByFamily(found);
                nextAddress = 0;
                tryNext();
                return null;
            }, failure -> {
                addresses = List.of();
                nextAddress = 0;
                if (failure.value() instanceof RelayPermanentException p) {
                    hostsWithoutAddress++;
                    lastNoAddress = p;
                    LOG.log(System.Logger.Level.DEBUG, "{0}: {1}", domain, p.getMessage());
                } else {
                    lastTemporary = Outcome.temporary("cannot resolve " + name + ": " + failure.getErrorMessage(), name);
                    LOG.log(System.Logger.Level.INFO, "relay {0}: {1}", envelope.id(), lastTemporary.diagnostic());
                }
                tryNext();
                return null;
            }).addErrback(this::unexpected);
        }

        /**
         * No exchanger took the pending recipients: if every exchanger was found to have no
         * address at all, that is permanent (RFC 5321 section 5.1: "MUST be reported as an
         * error"); otherwise they wait for the next attempt.
         */
        private void giveUp() {
            if (lastTemporary == null && hostsWithoutAddress > 0 && hostsWithoutAddress == hosts.size()) {
                String diagnostic = hosts.size() == 1 && hosts.get(0).implicit()
                        ? domain + " has no MX records and no address records (A or AAAA) to use as an implicit MX"
                        : "no mail exchanger of " + domain + " has an address: " + lastNoAddress.getMessage();
                finishPending(new Outcome(Outcome.Kind.PERMANENT, lastNoAddress.status(), diagnostic, null));
                return;
            }
            finishPending(lastTemporary != null ? lastTemporary
                    : Outcome.temporary("no mail exchanger for " + domain + " could be reached", null));
        }

        private void send(String name, InetAddress address) {
            String remote = name;
            Deferred<SendResult> sent;
            try {
                sent = sender.send(name, address.getHostAddress(), envelope.from(), List.copyOf(pending),
                        BodyProducers.of(queue.messagePath(envelope.id()), time));
            } catch (RuntimeException e) {
                sent = Deferred.fail(e);
            }
            sent.addCallbacks(result -> {
                workingFamily = MxResolver.isIpv6(address);
                for (RecipientResult r : result.recipients()) {
                    settle(r.address(), r.isAccepted() ? Outcome.delivered() : Outcome.fromReply(r.reply(), remote));
                }
                // Recipients refused with 4xx wait for the next attempt; they are not sent to the next host.
                finishPending(null);
                return null;
            }, failure -> {
                sendFailed(remote, address, failure);
                return null;
            }).addErrback(this::unexpected);
        }

        private void sendFailed(String remote, InetAddress address, Failure failure) {
            Throwable e = failure.value();
            if (e instanceof SmtpClientException) {
                workingFamily = MxResolver.isIpv6(address); // the connection was made
            }
            if (e instanceof SmtpDeliveryException d) {
                // Each recipient refused at RCPT keeps its own answer.
                for (RecipientResult r : d.recipients()) {
                    if (!r.isAccepted()) {
                        settle(r.address(), Outcome.fromReply(r.reply(), remote));
                    }
                }
                if (d.reply() != null && d.reply().code() >= 500) {
                    // MAIL, DATA or the message itself refused for good: the rest fail with that reply.
                    finishPending(Outcome.fromReply(d.reply(), remote));
                    return;
                }
                if (d.reply() == null) {
                    finishPending(null); // every recipient had its own answer
                    return;
                }
            }
            // A 4xx, a 5xx greeting or EHLO (Postfix's smtp_skip_5xx_greeting), TLS trouble, a lost
            // or refused connection, a timeout: the next address or exchanger may do better.
            lastTemporary = e instanceof SmtpClientException c && c.reply() != null
                    ? Outcome.fromReply(c.reply(), remote).asTemporary()
                    : Outcome.temporary(remote + " [" + address.getHostAddress() + "]: " + failure.getErrorMessage(), remote);
            LOG.log(System.Logger.Level.INFO, "relay {0} to {1} [{2}]: {3}", envelope.id(), remote, address.getHostAddress(),
                    lastTemporary.diagnostic());
            tryNext();
        }

        private void settle(MailAddress r, Outcome o) {
            if (pending.remove(r)) {
                outcomes.put(r, o);
            }
        }

        /** Ends the attempt: each pending recipient gets {@code outcome} (or "no answer" if null). */
        private void finishPending(Outcome outcome) {
            for (MailAddress r : pending) {
                outcomes.put(r, outcome != null ? outcome : Outcome.temporary("no answer for this recipient", null));
            }
            pending.clear();
            done.callback(outcomes);
        }
    }

    /** Addresses alternating between families (RFC 8305 section 4), starting with the family that last worked. */
    private List<InetAddress> orderByFamily(List<InetAddress> found) {
        // HostnameEndpoint.interleave starts with the first address's family: lead with the first
        // address of the family that last worked (its order within the family is kept).
        List<InetAddress> in = new ArrayList<>(found);
        for (int i = 0; i < in.size(); i++) {
            if (MxResolver.isIpv6(in.get(i)) == workingFamily) {
                in.add(0, in.remove(i));
                break;
            }
        }
        return io.twisted.internet.endpoints.HostnameEndpoint.interleave(in);
    }

    private void attemptDone(RelayEnvelope envelope, Map<MailAddress, Outcome> outcomes) {
        double now = wallClock.getAsDouble();
        List<FailedRecipient> failed = new ArrayList<>();
        List<MailAddress> remaining = new ArrayList<>();
        int attemptsMade = envelope.attempts() + 1;
        double delay = retryDelays.get(Math.min(attemptsMade - 1, retryDelays.size() - 1));
        boolean expired = now + delay > envelope.created() + maxAge;
        for (Map.Entry<MailAddress, Outcome> e : outcomes.entrySet()) {
            Outcome o = e.getValue();
            switch (o.kind()) {
                case DELIVERED -> { }
                case PERMANENT -> failed.add(new FailedRecipient(e.getKey(), o.status(), o.diagnostic(), o.remoteMta()));
                case TEMPORARY -> {
                    if (expired) {
                        failed.add(new FailedRecipient(e.getKey(), "4.4.7", "delivery gave up after " + attemptsMade
                                + " attempts; last error: " + o.diagnostic(), o.remoteMta()));
                    } else {
                        remaining.add(e.getKey());
                    }
                }
                default -> throw new IllegalStateException(o.kind().toString());
            }
        }
        // The bounce is stored before the entry forgets its recipients, so a crash in between
        // bounces twice rather than never.
        Deferred<Boolean> bounced = failed.isEmpty() ? Deferred.succeed(true) : bounce(envelope, failed, now);
        bounced.addCallback(ok -> {
            if (!ok) {
                // Neither delivered nor queued: keep the failed recipients; the next attempt bounces them again.
                failed.forEach(f -> remaining.add(f.address()));
            }
            persist(envelope, remaining, now + delay);
            return null;
        });
    }

    private void persist(RelayEnvelope envelope, List<MailAddress> remaining, double next) {
        running.remove(envelope.id());
        if (remaining.isEmpty()) {
            try {
                queue.remove(envelope.id());
            } catch (IOException e) {
                // At worst the entry is tried again after a restart (at-least-once).
                LOG.log(System.Logger.Level.ERROR, "cannot remove relay queue entry " + envelope.id(), e);
            }
            return;
        }
        RelayEnvelope retry = envelope.retry(remaining, next);
        try {
            queue.update(retry);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot update relay queue entry " + envelope.id()
                    + "; retrying on the old envelope's recipients after a restart", e);
        }
        if (!stopped) {
            schedule(retry);
        }
    }

    /**
     * Hands a bounce to {@link BounceDelivery}; if that fails, queues it in the relay queue itself
     * (null sender, to the original sender). Fires with whether the bounce is safe somewhere.
     */
    private Deferred<Boolean> bounce(RelayEnvelope envelope, List<FailedRecipient> failed, double now) {
        if (envelope.from().isNull()) {
            // RFC 5321 section 4.5.5 / RFC 3464: never bounce a bounce.
            LOG.log(System.Logger.Level.WARNING, "dropping undeliverable bounce " + envelope.id() + " for " + failed);
            return Deferred.succeed(true);
        }
        byte[] headers;
        try {
            headers = queue.readHeaders(envelope.id(), MAX_BOUNCE_HEADERS);
        } catch (IOException e) {
            headers = new byte[0];
        }
        byte[] report = DeliveryStatusReport.create(hostname, envelope.id() + "-" + (envelope.attempts() + 1),
                envelope.from(), failed, instant(envelope.created()), instant(now), headers);
        Deferred<?> d;
        try {
            d = bounces.deliver(envelope.from(), report);
        } catch (RuntimeException e) {
            d = Deferred.fail(e);
        }
        return d.addCallbacks(ignored -> true, f -> {
            LOG.log(System.Logger.Level.ERROR, "cannot deliver bounce for " + envelope.id() + " to " + envelope.from()
                    + "; queueing it for relay: " + f.getTraceback());
            try {
                queue.enqueue(MailAddress.NULL_SENDER, List.of(envelope.from()), report);
                return true;
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "cannot queue bounce for " + envelope.id() + "; keeping its recipients", e);
                return false;
            }
        });
    }

    private static Instant instant(double epochSeconds) {
        long s = (long) Math.floor(epochSeconds);
        return Instant.ofEpochSecond(s, (long) ((epochSeconds - s) * 1e9));
    }
}
