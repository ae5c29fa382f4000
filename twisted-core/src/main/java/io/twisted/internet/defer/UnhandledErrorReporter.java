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
        private final StackTraceElement[] creationSite;
        private final String description;
        private Cleaner.Cleanable cleanable;

        Tracker(Failure failure, StackTraceElement[] creationSite, String description) {
            this.failure = failure;
            this.creationSite = creationSite;
            this.description = description;
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
            Listener l = listener;
            if (l != null) {
                l.unhandledError(f, creationSite);
            }
            LOG.log(System.Logger.Level.ERROR, () -> message(f, creationSite, description));
        }
    }

    /** Receives unhandled errors as well as the log (for tests). */
    interface Listener {
        void unhandledError(Failure failure, StackTraceElement[] creationSite);
    }

    static volatile Listener listener;

    static Tracker track(Object deferred, Failure failure, StackTraceElement[] creationSite) {
        Tracker t = new Tracker(failure, creationSite, deferred.toString());
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

    /** The first few frames outside this package: where user code created the Deferred. */
    static StackTraceElement[] callerSite() {
        String pkg = UnhandledErrorReporter.class.getPackageName();
        return StackWalker.getInstance().walk(s -> s
                .filter(f -> !f.getClassName().startsWith(pkg + ".") || f.getClassName().contains("Test"))
                .limit(6)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .toArray(StackTraceElement[]::new));
    }
}
