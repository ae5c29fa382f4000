package io.twisted.mail;

import io.twisted.internet.defer.Deferred;
import io.twisted.mail.maildir.Maildir;
import io.twisted.mail.maildir.MaildirMessage;
import io.twisted.mail.pop3.Pop3Mailbox;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@link Maildir} as a POP3 maildrop: the messages of {@code new/} and {@code cur/} at login,
 * oldest first; the UIDL is the Maildir unique name (stable across sessions and flag changes); a
 * message deleted by another session meanwhile is shown as empty and its deletion ignored.
 * Messages are served as stored: the SMTP server stores them with CRLF line ends, so sizes are
 * exact octet counts as RFC 1939 section 5 asks.
 */
public final class MaildirPop3Mailbox implements Pop3Mailbox {

    private final Maildir maildir;
    private final List<MaildirMessage> messages;
    private final List<Long> sizes = new ArrayList<>();

    /** Takes the snapshot of {@code maildir}. */
    public MaildirPop3Mailbox(Maildir maildir) throws IOException {
        this.maildir = maildir;
        this.messages = maildir.messages();
        for (MaildirMessage m : messages) {
            long size;
            try {
                size = Files.size(m.path());
            } catch (NoSuchFileException e) {
                size = 0;
            }
            sizes.add(size);
        }
    }

    @Override
    public int messageCount() {
        return messages.size();
    }

    @Override
    public long messageSize(int index) {
        return sizes.get(index);
    }

    @Override
    public String uniqueId(int index) {
        String u = messages.get(index).uniqueName();
        StringBuilder sb = new StringBuilder();
        for (char c : u.toCharArray()) {
            sb.append(c >= 0x21 && c <= 0x7e ? c : '_');
        }
        return sb.length() <= 70 ? sb.toString() : sb.substring(0, 70);
    }

    @Override
    public InputStream openMessage(int index) throws IOException {
        try {
            return Files.newInputStream(messages.get(index).path());
        } catch (NoSuchFileException e) {
            return InputStream.nullInputStream();
        }
    }

    @Override
    public Deferred<Void> deleteMessages(Set<Integer> indices) {
        try {
            for (int i : indices) {
                maildir.delete(messages.get(i));
            }
            return Deferred.succeed(null);
        } catch (IOException e) {
            return Deferred.fail(e);
        }
    }
}
