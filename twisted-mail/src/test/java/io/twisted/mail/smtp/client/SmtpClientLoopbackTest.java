package io.twisted.mail.smtp.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.cred.Login;
import io.twisted.cred.Portal;
import io.twisted.cred.Realm;
import io.twisted.cred.checkers.InMemoryUsernamePasswordDatabase;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.task.Clock;
import io.twisted.internet.tls.PrivateCertificate;
import io.twisted.internet.tls.SelfSigned;
import io.twisted.internet.tls.TlsOptions;
import io.twisted.mail.smtp.MailAddress;
import io.twisted.mail.smtp.MessageDelivery;
import io.twisted.mail.smtp.MessageReceiver;
import io.twisted.mail.smtp.SmtpRejection;
import io.twisted.mail.smtp.SmtpServerOptions;
import io.twisted.mail.smtp.SmtpServerProtocol;
import io.twisted.mail.smtp.SmtpSession;
import io.twisted.mail.smtp.client.SmtpClientOptions.TlsMode;
import io.twisted.testing.LoopbackPump;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The client against this project's own {@link SmtpServerProtocol}, in memory through a
 * {@link LoopbackPump}: STARTTLS with a real TLS layer and AUTH PLAIN, and a 20 MiB message
 * streamed from a generator (never held whole) with flow control.
 */
class SmtpClientLoopbackTest {

    private static final MailAddress FROM = MailAddress.parse("alice@example.org");
    private final Clock clock = new Clock();
    private final Recorder delivery = new Recorder();

    /** Accepts everyone but reject@...; keeps what it receives after the Received header, hashed and (if small) whole. */
    static final class Recorder implements MessageDelivery {
        final List<Sink> sinks = new ArrayList<>();
        final List<Object> authenticatedUsers = new ArrayList<>();

        @Override
        public Deferred<MailAddress> validateFrom(SmtpSession session, MailAddress from) {
            authenticatedUsers.add(session.authenticatedUser());
            return Deferred.succeed(from);
        }

        @Override
        public Deferred<Supplier<MessageReceiver>> validateTo(SmtpSession session, MailAddress from, MailAddress to) {
            if (to.localPart().equals("reject")) {
                return Deferred.fail(new SmtpRejection(550, "5.1.1", "no such user"));
            }
            return Deferred.succeed(() -> {
                Sink s = new Sink();
                sinks.add(s);
                return s;
            });
        }
    }

    /** A receiver that drops the trace header and hashes the rest. */
    static final class Sink implements MessageReceiver {
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private final ByteArrayOutputStream small = new ByteArrayOutputStream();
        private final MessageDigest sha;
        private boolean inBody;
        long bodyBytes;
        boolean complete;

        Sink() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public void write(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            int from = 0;
            if (!inBody) {
                head.writeBytes(b);
                String h = head.toString(StandardCharsets.ISO_8859_1);
                int end = h.indexOf("+0000\r\n");
                if (end < 0) {
                    return;
                }
                inBody = true;
                byte[] all = head.toByteArray();
                b = java.util.Arrays.copyOfRange(all, end + 7, all.length);
            }
            sha.update(b, from, b.length);
            bodyBytes += b.length;
            if (small.size() < 1 << 16) {
                small.writeBytes(b);
            }
        }

        @Override
        public Deferred<?> eomReceived() {
            complete = true;
            return Deferred.succeed(null);
        }

        @Override
        public void connectionLost() {
        }
    }

    private Portal portal() {
        InMemoryUsernamePasswordDatabase db = new InMemoryUsernamePasswordDatabase().addUser("alice", "secret");
        Realm realm = new Realm() {
            @Override
            public <A> Deferred<Login<A>> requestAvatar(Object avatarId, Object mind, List<Class<? extends A>> interfaces) {
                Class<? extends A> iface = interfaces.get(0);
                return Deferred.succeed(new Login<>(iface, iface.cast(delivery), null));
            }
        };
        return new Portal(realm, List.of(db));
    }

    private static Object outcome(Deferred<?> d) {
        assertTrue(d.isCalled(), "the result has fired");
        Object[] box = new Object[1];
        d.addCallbacks(r -> box[0] = r, f -> box[0] = f);
        return box[0];
    }

    @Test
    void startTlsThenAuthPlainThenPartialDelivery() {
        PrivateCertificate cert = SelfSigned.create("mx.example.test");
        SmtpServerOptions serverOptions = SmtpServerOptions.builder("mx.example.test").tls(TlsOptions.forServer(cert))
                .portal(portal()).build();
        SmtpServerProtocol server = new SmtpServerProtocol(serverOptions, delivery, clock);
        byte[] message = "Subject: over TLS\r\n\r\n.dot\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        SmtpClientOptions options = SmtpClientOptions.builder().heloName("client.example.org")
                .tls(TlsMode.REQUIRED, TlsOptions.forClient("mx.example.test").withTrustRoots(List.of(cert.certificate())))
                .auth("alice", "secret").mechanisms(SmtpClientOptions.AuthMechanism.PLAIN).build();
        SmtpClientProtocol client = new SmtpClientProtocol(options, "mx.example.test", FROM,
                List.of(MailAddress.parse("bob@example.com"), MailAddress.parse("reject@example.com")),
                BodyProducers.of(message, clock), clock);
        LoopbackPump pump = LoopbackPump.builder().clock(clock).connect(server, client);
        pump.pump();
        Object o = outcome(client.result());
        if (o instanceof Failure f) {
            throw new AssertionError(f.getTraceback());
        }
        SendResult result = (SendResult) o;
        assertEquals(1, result.accepted().size());
        assertEquals(550, result.refused().get(0).reply().code());
        assertEquals(java.util.Collections.singletonList("alice"), delivery.authenticatedUsers);
        assertEquals(1, delivery.sinks.size());
        assertTrue(delivery.sinks.get(0).complete);
        assertArrayEquals(message, delivery.sinks.get(0).small.toByteArray());
        assertTrue(pump.isClosed());
    }

    /** 20 MiB of 100-octet lines, every fourth one starting with a dot, generated as read. */
    static final class Generated extends InputStream {
        final long size;
        long pos;

        Generated(long size) {
            this.size = size;
        }

        byte at(long i) {
            long line = i / 100;
            int col = (int) (i % 100);
            if (col == 98) {
                return '\r';
            }
            if (col == 99) {
                return '\n';
            }
            if (col == 0 && line % 4 == 0) {
                return '.';
            }
            return (byte) ('a' + (line + col) % 26);
        }

        @Override
        public int read() {
            return pos < size ? at(pos++) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - pos);
            for (int i = 0; i < n; i++) {
                b[off + i] = at(pos++);
            }
            return n;
        }
    }

    @Test
    void streamsTwentyMebibytesWithFlowControl() throws Exception {
        long size = (20L << 20) / 100 * 100; // whole lines: 20 MiB less 20 octets
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[1 << 16];
        try (InputStream in = new Generated(size)) {
            for (int n; (n = in.read(chunk, 0, chunk.length)) > 0; ) {
                expected.update(chunk, 0, n);
            }
        }
        SmtpServerProtocol server = new SmtpServerProtocol(SmtpServerOptions.builder("mx.example.test").build(), delivery, clock);
        SmtpClientProtocol client = new SmtpClientProtocol(SmtpClientOptions.builder().tls(TlsMode.NONE).build(),
                "mx.example.test", FROM, List.of(MailAddress.parse("bob@example.com")),
                BodyProducers.of(new Generated(size), size, clock), clock);
        LoopbackPump pump = LoopbackPump.builder().clock(clock).maxSteps(1_000_000).connect(server, client);
        long maxQueued = 0;
        while (pump.flush()) {
            maxQueued = Math.max(maxQueued, pump.clientTransport().queuedBytes());
        }
        SendResult result = (SendResult) outcome(client.result());
        assertEquals(1, result.accepted().size());
        Sink sink = delivery.sinks.get(0);
        assertEquals(size, sink.bodyBytes);
        assertArrayEquals(expected.digest(), sink.sha.digest());
        // The producer was paused at the transport's high watermark: the queue never held the message.
        assertTrue(maxQueued < 1 << 20, "queued at most " + maxQueued);
    }

    @Test
    void certificateForAnotherHostFailsTheHandshake() {
        PrivateCertificate cert = SelfSigned.create("other.example.test");
        SmtpServerOptions serverOptions = SmtpServerOptions.builder("mx.example.test").tls(TlsOptions.forServer(cert)).build();
        SmtpServerProtocol server = new SmtpServerProtocol(serverOptions, delivery, clock);
        SmtpClientProtocol client = new SmtpClientProtocol(SmtpClientOptions.builder()
                .tls(TlsMode.REQUIRED, TlsOptions.forClient("mx.example.test").withTrustRoots(List.of(cert.certificate())))
                .build(), "mx.example.test", FROM, List.of(MailAddress.parse("bob@example.com")),
                BodyProducers.of(new byte[10], clock), clock);
        LoopbackPump pump = LoopbackPump.builder().clock(clock).connect(server, client);
        pump.pump();
        Failure f = assertInstanceOf(Failure.class, outcome(client.result()));
        Throwable cause = f.value();
        while (cause.getCause() != null && !(cause instanceof javax.net.ssl.SSLException)) {
            cause = cause.getCause();
        }
        assertInstanceOf(SmtpClientException.class, f.value());
        assertInstanceOf(javax.net.ssl.SSLHandshakeException.class, cause, "the certificate names another host");
        assertTrue(delivery.sinks.isEmpty());
    }
}
