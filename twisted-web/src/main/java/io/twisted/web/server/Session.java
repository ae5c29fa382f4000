package io.twisted.web.server;

import io.twisted.internet.DelayedCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A server-side session found by cookie (Twisted's {@code twisted.web.server.Session}), created by
 * {@link Request#getSession()}. It expires {@link Site#sessionTimeout()} seconds after it was last
 * {@link #touch() touched} (every {@code getSession} touches it), measured on the site's reactor clock.
 */
public final class Session {

    private final Site site;
    private final String uid;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private final List<Runnable> expireCallbacks = new ArrayList<>(1);
    private DelayedCall expiry;
    private boolean expired;

    Session(Site site, String uid) {
        this.site = site;
        this.uid = uid;
        this.expiry = site.reactor().callLater(site.sessionTimeout(), this::expire);
    }

    /** The session id (the cookie value): 128 random bits in hex. */
    public String uid() {
        return uid;
    }

    /** Values kept for the session's life. */
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** Restarts the expiry countdown. */
    public void touch() {
        if (!expired && expiry.active()) {
            expiry.reset(site.sessionTimeout());
        }
    }

    /** Runs {@code callback} when the session expires. */
    public void notifyOnExpire(Runnable callback) {
        expireCallbacks.add(callback);
    }

    /** Whether the session has expired. */
    public boolean isExpired() {
        return expired;
    }

    /** Ends the session now: it is forgotten by the site and the callbacks run. */
    public void expire() {
        if (expired) {
            return;
        }
        expired = true;
        if (expiry.active()) {
            expiry.cancel();
        }
        site.forgetSession(uid);
        for (Runnable r : expireCallbacks) {
            r.run();
        }
        expireCallbacks.clear();
    }
}
