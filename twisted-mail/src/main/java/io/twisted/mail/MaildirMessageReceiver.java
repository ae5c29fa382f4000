package io.twisted.mail;

import io.twisted.internet.defer.Deferred;
import io.twisted.mail.maildir.Maildir;
import io.twisted.mail.maildir.MaildirDelivery;
import io.twisted.mail.maildir.MaildirMessage;
import io.twisted.mail.smtp.MessageReceiver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Stores one SMTP message into a {@link Maildir}: bytes stream into {@code tmp/}; at the end of
 * the message the file is forced to disk and renamed into {@code new/} through
 * {@link BlockingCalls} (so the fsync can run off the reactor thread), and only then does the
 * Deferred fire and the server say 250. A message abandoned midway is deleted from {@code tmp/}.
 * The delivery file is opened lazily at the first write.
 */
public final class MaildirMessageReceiver implements MessageReceiver {

    private final Maildir maildir;
    private final BlockingCalls blocking;
    private MaildirDelivery delivery;

    public MaildirMessageReceiver(Maildir maildir, BlockingCalls blocking) {
        this.maildir = Objects.requireNonNull(maildir, "maildir");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
    }

    @Override
    public void write(ByteBuffer data) throws IOException {
        if (delivery == null) {
            delivery = maildir.startDelivery();
        }
        delivery.write(data);
    }

    @Override
    public Deferred<MaildirMessage> eomReceived() {
        try {
            if (delivery == null) {
                delivery = maildir.startDelivery();
            }
        } catch (IOException e) {
            return Deferred.fail(e);
        }
        MaildirDelivery d = delivery;
        return blocking.run(d::commit);
    }

    @Override
    public void connectionLost() {
        if (delivery != null) {
            delivery.abort();
        }
    }
}
