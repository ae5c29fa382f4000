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
 * MX lookups): each entry is tried when due, its recipients grouped by domain; for each domain the
 * mail exchangers from {@link MxResolver} are tried in order of preference (the next one when a
 * host cannot be reached or answers 4xx to the whole transaction). Per recipient:
 * <ul>
 *   <li>accepted: done;</li>
 *   <li>refused with 5xx, or the domain has no mail (NXDOMAIN, null MX), or the server refused the
 *       whole message with 5xx: bounced at once;</li>
 *   <li>anything else (4xx, no host reachable, DNS trouble, timeout): kept and retried after the
 *       next delay of the schedule ({@link #DEFAULT_RETRY_DELAYS}, the last delay repeating). When
 *       the next attempt would come later than {@code maxAge} after queueing, the recipient is
 *       bounced instead (status {@code 4.4.7}, RFC 3463).</li>
 * </ul>
 * Bounces (see {@link DeliveryStatusReport}) go to the sender through {@link BounceDelivery}; a
 * message from the null sender (itself a bounce) is never bounced, only logged. An entry whose
 * recipients are all done is removed from disk; otherwise its envelope is rewritten (remaining
 * recipients, attempts, next time) before the retry is scheduled, so {@link #start()} after a
 * restart picks up where the last run stopped.
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

    private final RelayQueue queue;
    private final ReactorTime time;
    private final DoubleSupplier wallClock;
    private final MxResolver mx;
    private final MessageSender sender;
    private final BounceDelivery bounces;
    private final String hostname;
    private final List<Double> retryDelays;
    private final double maxAge;
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
        queue.setListener(this::schedule);
        for (RelayEnvelope e : queue.load()) {
            schedule(e);
        }
    }

    /** Cancels every scheduled attempt (attempts in flight finish). */
    public void stop() {
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
    }

    /** Delivery of one entry's recipients in one domain: exchangers tried in order. */
    private final class DomainAttempt {
        private final RelayEnvelope envelope;
        private final String domain;
        private final List<MailAddress> recipients;
        private final Deferred<Map<MailAddress, Outcome>> done = new Deferred<>();
        private List<String> hosts;
        private int next;
        private Outcome lastTemporary;

        DomainAttempt(RelayEnvelope envelope, String domain, List<MailAddress> recipients) {
            this.envelope = envelope;
            this.domain = domain;
            this.recipients = recipients;
        }

        Deferred<Map<MailAddress, Outcome>> start() {
            mx.exchanges(domain).addCallbacks(this::onExchanges, this::onLookupFailed);
            return done;
        }

        private Void onExchanges(List<String> found) {
            hosts = found;
            tryNextHost();
            return null;
        }

        private Void onLookupFailed(Failure failure) {
            if (failure.value() instanceof RelayPermanentException p) {
                finishAll(new Outcome(Outcome.Kind.PERMANENT, p.status(), p.getMessage(), null));
            } else {
                finishAll(Outcome.temporary(failure.getErrorMessage(), null));
            }
            return null;
        }

        private void tryNextHost() {
            if (next >= hosts.size()) {
                finishAll(lastTemporary != null ? lastTemporary : Outcome.temporary("no mail exchanger for " + domain, null));
                return;
            }
            String host = hosts.get(next++);
            mx.address(host).addCallbacks(address -> {
                send(host, address);
                return null;
            }, failure -> {
                lastTemporary = Outcome.temporary("cannot resolve " + host + ": " + failure.getErrorMessage(), host);
                tryNextHost();
                return null;
            });
        }

        private void send(String host, String address) {
            Deferred<SendResult> sent;
            try {
                sent = sender.send(host, address, envelope.from(), recipients,
                        BodyProducers.of(queue.messagePath(envelope.id()), time));
            } catch (RuntimeException e) {
                sent = Deferred.fail(e);
            }
            sent.addCallbacks(result -> {
                Map<MailAddress, Outcome> out = new LinkedHashMap<>();
                for (RecipientResult r : result.recipients()) {
                    out.put(r.address(), r.isAccepted() ? Outcome.delivered() : Outcome.fromReply(r.reply(), host));
                }
                finish(out);
                return null;
            }, failure -> {
                sendFailed(host, failure);
                return null;
            });
        }

        private void sendFailed(String host, Failure failure) {
            Throwable e = failure.value();
            if (e instanceof SmtpDeliveryException d && d.reply() == null && !d.recipients().isEmpty()) {
                // Every recipient refused: each answer counts as it is.
                Map<MailAddress, Outcome> out = new LinkedHashMap<>();
                for (RecipientResult r : d.recipients()) {
                    out.put(r.address(), Outcome.fromReply(r.reply(), host));
                }
                finish(out);
                return;
            }
            if (e instanceof SmtpClientException c && c.reply() != null && c.isPermanent()) {
                finishAll(Outcome.fromReply(c.reply(), host));
                return;
            }
            lastTemporary = e instanceof SmtpClientException c && c.reply() != null ? Outcome.fromReply(c.reply(), host)
                    : Outcome.temporary(host + ": " + failure.getErrorMessage(), host);
            tryNextHost();
        }

        private void finishAll(Outcome outcome) {
            Map<MailAddress, Outcome> out = new LinkedHashMap<>();
            recipients.forEach(r -> out.put(r, outcome));
            finish(out);
        }

        private void finish(Map<MailAddress, Outcome> out) {
            for (MailAddress r : recipients) {
                out.putIfAbsent(r, Outcome.temporary("no answer for this recipient", null));
            }
            done.callback(out);
        }
    }

    private void attemptDone(RelayEnvelope envelope, Map<MailAddress, Outcome> outcomes) {
        running.remove(envelope.id());
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
        if (!failed.isEmpty()) {
            bounce(envelope, failed, now);
        }
        try {
            if (remaining.isEmpty()) {
                queue.remove(envelope.id());
            } else {
                RelayEnvelope retry = envelope.retry(remaining, now + delay);
                queue.update(retry);
                schedule(retry);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot update relay queue entry " + envelope.id(), e);
        }
    }

    private void bounce(RelayEnvelope envelope, List<FailedRecipient> failed, double now) {
        if (envelope.from().isNull()) {
            LOG.log(System.Logger.Level.WARNING, "dropping undeliverable bounce " + envelope.id() + " for " + failed);
            return;
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
        d.addErrback(f -> {
            LOG.log(System.Logger.Level.ERROR, "cannot deliver bounce for " + envelope.id() + ": " + f.getTraceback());
            return null;
        });
    }

    private static Instant instant(double epochSeconds) {
        long s = (long) Math.floor(epochSeconds);
        return Instant.ofEpochSecond(s, (long) ((epochSeconds - s) * 1e9));
    }
}
