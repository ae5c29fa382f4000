package io.twisted.mail;

import io.twisted.mail.maildir.Maildir;
import io.twisted.mail.maildir.MaildirStore;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mail domains this server is the final destination for, each a {@link MaildirStore}, and
 * the users each has (Twisted's {@code MaildirDirdbmDomain}s). A login name {@code user@domain}
 * names that domain's user; a bare {@code user} names the user in the first domain
 * ({@link #resolve}). Users may be added while the server runs (thread-safe).
 */
public final class MailDomains {

    private final Map<String, MaildirStore> stores = new LinkedHashMap<>();
    private final Map<String, Set<String>> users = new ConcurrentHashMap<>();

    /** Adds {@code domain}, kept in {@code store}. */
    public synchronized MailDomains addDomain(String domain, MaildirStore store) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (d.isEmpty() || stores.containsKey(d)) {
            throw new IllegalArgumentException("domain empty or given twice: " + domain);
        }
        stores.put(d, Objects.requireNonNull(store, "store"));
        users.put(d, ConcurrentHashMap.newKeySet());
        return this;
    }

    /** Adds {@code user} (normalized as {@link MaildirStore#normalize}) to {@code domain}. */
    public MailDomains addUser(String domain, String user) {
        Set<String> set = users.get(domain.toLowerCase(Locale.ROOT));
        if (set == null) {
            throw new IllegalArgumentException("no such domain: " + domain);
        }
        set.add(MaildirStore.normalize(user));
        return this;
    }

    /** The domains, in the order added. */
    public synchronized Set<String> domains() {
        return Collections.unmodifiableSet(new java.util.LinkedHashSet<>(stores.keySet()));
    }

    /** Whether mail for {@code domain} is delivered here. */
    public synchronized boolean isLocal(String domain) {
        return stores.containsKey(domain.toLowerCase(Locale.ROOT));
    }

    /** Whether {@code user} is a user of {@code domain}. */
    public boolean hasUser(String domain, String user) {
        Set<String> set = users.get(domain.toLowerCase(Locale.ROOT));
        try {
            return set != null && set.contains(MaildirStore.normalize(user));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A user of one domain. */
    public record Account(String domain, String user) {
        @Override
        public String toString() {
            return user + "@" + domain;
        }
    }

    /**
     * The account a login name stands for: {@code user@domain} for a local domain, or a bare name
     * in the first domain; {@code null} if there is no such user.
     */
    public synchronized Account resolve(String login) {
        int at = login.lastIndexOf('@');
        String domain;
        String user;
        if (at >= 0) {
            domain = login.substring(at + 1).toLowerCase(Locale.ROOT);
            user = login.substring(0, at);
        } else {
            if (stores.isEmpty()) {
                return null;
            }
            domain = stores.keySet().iterator().next();
            user = login;
        }
        if (!hasUser(domain, user)) {
            return null;
        }
        return new Account(domain, MaildirStore.normalize(user));
    }

    /** Opens the Maildir of {@code account}. */
    public Maildir mailbox(Account account) throws IOException {
        MaildirStore store;
        synchronized (this) {
            store = stores.get(account.domain());
        }
        if (store == null) {
            throw new IllegalArgumentException("no such domain: " + account.domain());
        }
        return store.mailbox(account.user());
    }
}
