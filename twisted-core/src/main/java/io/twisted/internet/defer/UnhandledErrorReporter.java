package io.twisted.internet.defer;

import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Logs failures left unhandled at the end of a {@link Deferred}'s chain when the Deferred is
 * garbage collected, as Twisted does, but naming where the Deferred was created (when debugging is
 * on) and printing the failure's whole cause chain.
 */
final class UnhandledErrorReporter {

    private static final System.Logger LOG = System.getLogger("io.twisted.internet.defer");
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "twisted-deferred-cleaner");
        t.setDaemon(true);
        return t;
    });

    private UnhandledErrorReporter() {
    }

    /** The tracking state of one failed Deferred; never references the Deferred itself. */
    static final class Tracker implements Runnable {
        private volatile Failure failure;
        private final Throwable creationSite;
        /** The Deferred's identity hash: the Tracker must not reference the Deferred itself. */
        private final int identity;
        private Cleaner.Cleanable cleanable;

        Tracker(Failure failure, Throwable creationSite, int identity) {
            this.failure = failure;
            this.creationSite = creationSite;
            this.identity = identity;
        }

        Failure failure() {
            return failure;
        }

        void handled() {
            failure = null;
            Cleaner.Cleanable c = cleanable;
            if (c != null) {
                cleanable = null;
                c.clean();
            }
        }

        @Override
        public void run() {
            Failure f = failure;
            if (f == null) {
                return;
            }
            failure = null;
            StackTraceElement[] site = resolveSite(creationSite);
            Listener l = listener;
            if (l != null) {
                l.unhandledError(f, site);
            }
            LOG.log(System.Logger.Level.ERROR, () -> message(f, site, "<Deferred at 0x" + Integer.toHexString(identity) + ">"));
        }
    }

    /** Receives unhandled errors as well as the log (for tests). */
    interface Listener {
        void unhandledError(Failure failure, StackTraceElement[] creationSite);
    }

    static volatile Listener listener;

    static Tracker track(Object deferred, Failure failure, Throwable creationSite) {
        Tracker t = new Tracker(failure, creationSite, System.identityHashCode(deferred));
        t.cleanable = CLEANER.register(deferred, t);
        return t;
    }

    /** Logs an error that cannot go down any chain (a failing canceller, say). */
    static void log(String message, Throwable error) {
        LOG.log(System.Logger.Level.ERROR, message, error);
    }

    static String message(Failure f, StackTraceElement[] creationSite, String description) {
        StringBuilder sb = new StringBuilder("Unhandled error in Deferred ").append(description).append(":\n");
        if (creationSite != null && creationSite.length > 0) {
            sb.append("(the Deferred was created at:\n")
                    .append(Arrays.stream(creationSite).map(e -> "    at " + e).collect(Collectors.joining("\n")))
                    .append(")\n");
        } else {
            sb.append("(run with -Dio.twisted.deferred.debug=true or Deferred.setDebugging(true) to see where it was created)\n");
        }
        sb.append(f.getTraceback());
        return sb.toString();
    }

    /**
     * Captures where a Deferred is being created. A {@link Throwable} records the stack natively
     * and cheaply; the frames are resolved only when the Deferred is reported, by
     * {@link #resolveSite}.
     */
    static Throwable captureSite() {
        return new CreationSite();
    }

    /**
     * The creation stack without its leading frames inside this package (the Deferred's own
     * constructor and factories), unless they belong to tests; {@code null} without a site.
     */
    static StackTraceElement[] resolveSite(Throwable site) {
        if (site == null) {
            return null;
        }
        StackTraceElement[] frames = site.getStackTrace();
        String pkg = UnhandledErrorReporter.class.getPackageName() + ".";
        int start = 0;
        while (start < frames.length && frames[start].getClassName().startsWith(pkg)
                && !frames[start].getClassName().contains("Test")) {
            start++;
        }
        return Arrays.copyOfRange(frames, start, frames.length);
    }

    /** The stack of a Deferred's creation; never thrown. */
    private static final class CreationSite extends Throwable {
        private static final long serialVersionUID = 1L;

        CreationSite() {
            super("Deferred created here", null, false, true);
        }
    }
}
