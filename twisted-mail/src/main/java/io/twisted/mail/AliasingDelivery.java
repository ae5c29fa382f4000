package io.twisted.mail;

import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.defer.FirstError;
import io.twisted.mail.smtp.MailAddress;
import io.twisted.mail.smtp.MessageDelivery;
import io.twisted.mail.smtp.MessageReceiver;
import io.twisted.mail.smtp.SmtpRejection;
import io.twisted.mail.smtp.SmtpSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * A {@link MessageDelivery} that applies {@link Aliases} to recipients in local domains before
 * handing them to the delivery it wraps (Twisted's alias domains): an alias becomes one receiver
 * per target, and the message is accepted only when every target has taken it.
 *
 * <ul>
 *   <li>An address in a local domain goes to the wrapped delivery (its user must exist, or the
 *       RCPT gets {@code 550 5.1.1}).</li>
 *   <li>An address elsewhere goes to the outbound queue given as {@code forward}, whatever the
 *       client's relay rights (the alias, not the client, chose it); with no queue the RCPT gets
 *       {@code 550 5.1.2}.</li>
 *   <li>A file gets the message appended in mboxrd form (a {@code From } line, {@code >From }
 *       quoting), under an exclusive lock, forced to disk before the 250.</li>
 *   <li>A program is run as {@code /bin/sh -c COMMAND} with the message on its standard input;
 *       exit status 0 accepts it, another status or a run longer than
 *       {@value #PROGRAM_TIMEOUT_SECONDS} seconds refuses it with {@code 554 5.3.0}.</li>
 * </ul>
 *
 * File and program targets first spool the message to a temporary file in {@code spool}; the
 * slow steps run through {@link BlockingCalls}. Delivery is at least once: when one target
 * refuses a message that others have already stored, the client gets the refusal and those copies
 * stay.
 */
public final class AliasingDelivery implements MessageDelivery {

    /** The longest an alias program may run. */
    public static final long PROGRAM_TIMEOUT_SECONDS = 60;

    private static final DateTimeFormatter MBOX_DATE = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT);

    private final MessageDelivery inner;
    private final MailDomains domains;
    private final Aliases aliases;
    private final BiFunction<MailAddress, MailAddress, MessageReceiver> forward;
    private final Path spool;
    private final BlockingCalls blocking;

    /**
     * @param inner the delivery for everything that is not an alias, and for the local addresses
     *     aliases expand to
     * @param forward makes the receiver that queues a message from a sender for one outside
     *     address, or {@code null} when nothing may leave
     * @param spool a folder for the temporary copies of file and program targets
     */
    public AliasingDelivery(MessageDelivery inner, MailDomains domains, Aliases aliases,
            BiFunction<MailAddress, MailAddress, MessageReceiver> forward, Path spool, BlockingCalls blocking) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.domains = Objects.requireNonNull(domains, "domains");
        this.aliases = Objects.requireNonNull(aliases, "aliases");
        this.forward = forward;
        this.spool = Objects.requireNonNull(spool, "spool");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
    }

    @Override
    public Deferred<MailAddress> validateFrom(SmtpSession session, MailAddress from) {
        return inner.validateFrom(session, from);
    }

    @Override
    public Deferred<Supplier<MessageReceiver>> validateTo(SmtpSession session, MailAddress from, MailAddress to) {
        if (!domains.isLocal(to.domain()) || !aliases.isAlias(to.localPart())) {
            return inner.validateTo(session, from, to);
        }
        List<Aliases.Target> targets;
        try {
            targets = aliases.expand(to.localPart(), to.domainLowerCase(), domains::isLocal);
        } catch (IllegalArgumentException e) {
            return Deferred.fail(new SmtpRejection(550, "5.4.6", "Alias cannot be expanded: " + e.getMessage()));
        }
        List<Deferred<Supplier<MessageReceiver>>> parts = new ArrayList<>();
        for (Aliases.Target t : targets) {
            if (t instanceof Aliases.Address a) {
                MailAddress address = MailAddress.of(a.localPart(), a.domain());
                if (domains.isLocal(address.domain())) {
                    parts.add(inner.validateTo(session, from, address));
                } else if (forward != null) {
                    parts.add(Deferred.succeed(() -> forward.apply(from, address)));
                } else {
                    return Deferred.fail(new SmtpRejection(550, "5.1.2", "Alias points outside and nothing is relayed here"));
                }
            } else if (t instanceof Aliases.File f) {
                parts.add(Deferred.succeed(() -> new SpooledReceiver(from, f)));
            } else {
                parts.add(Deferred.succeed(() -> new SpooledReceiver(from, t)));
            }
        }
        return Deferred.gatherResults(parts, true).addCallbacks(suppliers -> (Supplier<MessageReceiver>) () -> {
            List<MessageReceiver> receivers = new ArrayList<>();
            for (Supplier<MessageReceiver> s : suppliers) {
                receivers.add(s.get());
            }
            return new FanOut(receivers);
        }, AliasingDelivery::firstError);
    }

    /** Re-raises the failure inside a {@link FirstError} (so an {@link SmtpRejection} keeps its reply). */
    private static <T> T firstError(Failure failure) throws Throwable {
        Failure f = failure;
        if (f.value() instanceof FirstError first) {
            f = first.subFailure();
        }
        throw f.value();
    }

    /** Hands each message to several receivers; done when all are, failed when one fails. */
    private static final class FanOut implements MessageReceiver {
        private final List<MessageReceiver> receivers;

        FanOut(List<MessageReceiver> receivers) {
            this.receivers = receivers;
        }

        @Override
        public void write(ByteBuffer data) throws IOException {
            for (MessageReceiver r : receivers) {
                r.write(data.duplicate());
            }
            data.position(data.limit());
        }

        @Override
        public Deferred<?> eomReceived() {
            List<Deferred<?>> done = new ArrayList<>();
            for (MessageReceiver r : receivers) {
                done.add(r.eomReceived());
            }
            return Deferred.gatherResults(done, true).addErrback(AliasingDelivery::firstError);
        }

        @Override
        public void connectionLost() {
            for (MessageReceiver r : receivers) {
                r.connectionLost();
            }
        }
    }

    /** A file or program target: the message is spooled to a temporary file, then used. */
    private final class SpooledReceiver implements MessageReceiver {
        private final MailAddress from;
        private final Aliases.Target target;
        private Path file;
        private FileChannel out;

        SpooledReceiver(MailAddress from, Aliases.Target target) {
            this.from = from;
            this.target = target;
        }

        @Override
        public void write(ByteBuffer data) throws IOException {
            if (out == null) {
                Files.createDirectories(spool);
                file = Files.createTempFile(spool, "alias-", ".msg");
                out = FileChannel.open(file, StandardOpenOption.WRITE);
            }
            while (data.hasRemaining()) {
                out.write(data);
            }
        }

        @Override
        public Deferred<?> eomReceived() {
            return blocking.run(() -> {
                try {
                    if (out == null) {
                        Files.createDirectories(spool);
                        file = Files.createTempFile(spool, "alias-", ".msg");
                    } else {
                        out.close();
                    }
                    if (target instanceof Aliases.File f) {
                        appendMbox(f.path());
                    } else {
                        runProgram(((Aliases.Program) target).command());
                    }
                    return null;
                } finally {
                    Files.deleteIfExists(file);
                }
            });
        }

        private void appendMbox(Path mbox) throws IOException {
            String sender = from.localPart().isEmpty() ? "MAILER-DAEMON" : from.toString();
            StringBuilder text = new StringBuilder("From ").append(sender).append(' ')
                    .append(MBOX_DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append('\n');
            for (String line : new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).split("\r?\n", -1)) {
                text.append(line.matches(">*From .*") ? ">" + line : line).append('\n');
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
            try (FileChannel ch = FileChannel.open(mbox, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                    FileLock lock = ch.lock()) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            } catch (IOException e) {
                throw new SmtpRejection(451, "4.3.0", "Cannot append to the alias file");
            }
        }

        private void runProgram(String command) throws IOException, InterruptedException {
            Process p = new ProcessBuilder("/bin/sh", "-c", command).redirectInput(file.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(PROGRAM_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new SmtpRejection(554, "5.3.0", "Alias program did not finish in " + PROGRAM_TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new SmtpRejection(554, "5.3.0", "Alias program failed with exit status " + p.exitValue());
            }
        }

        @Override
        public void connectionLost() {
            try {
                if (out != null) {
                    out.close();
                }
                if (file != null) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                // nothing else to clean up
            }
        }
    }
}
