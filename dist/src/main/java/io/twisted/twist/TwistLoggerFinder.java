package io.twisted.twist;

import java.io.PrintStream;
import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ResourceBundle;

/**
 * Where {@link System.Logger}s come from in the {@code twist} jar: readable, timestamped lines on
 * standard error, as Twisted's {@code twist} prints them:
 * <pre>
 *   2026-11-21T21:45:30.123Z [StreamServerEndpointService] INFO: listening on /127.0.0.1:8000
 * </pre>
 * A thrown exception follows its line with its stack trace. Registered in
 * {@code META-INF/services/java.lang.System$LoggerFinder}; the threshold is set with
 * {@link #setLevel} (from {@code twist --log-level}); the default is {@code INFO}.
 */
public final class TwistLoggerFinder extends System.LoggerFinder {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private volatile System.Logger.Level threshold = System.Logger.Level.INFO;

    /** Created by {@link java.util.ServiceLoader}. */
    public TwistLoggerFinder() {
    }

    /** Sets the lowest level printed. */
    public void setLevel(System.Logger.Level level) {
        this.threshold = level;
    }

    /** The lowest level printed. */
    public System.Logger.Level level() {
        return threshold;
    }

    /** The finder the JDK uses, if it is a {@code TwistLoggerFinder}, else {@code null}. */
    public static TwistLoggerFinder installed() {
        System.LoggerFinder f = System.LoggerFinder.getLoggerFinder();
        return f instanceof TwistLoggerFinder ? (TwistLoggerFinder) f : null;
    }

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new TwistLogger(name);
    }

    /** Formats one log line (without the line separator). */
    static String format(Instant when, String name, System.Logger.Level level, String message) {
        return TIMESTAMP.format(when) + " [" + shortName(name) + "] " + level.getName() + ": " + message;
    }

    private static String shortName(String name) {
        int dot = name.lastIndexOf('.');
        return dot >= 0 && dot < name.length() - 1 ? name.substring(dot + 1) : name;
    }

    private final class TwistLogger implements System.Logger {
        private final String name;

        TwistLogger(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level != Level.OFF && threshold != Level.OFF && level.getSeverity() >= threshold.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (!isLoggable(level)) {
                return;
            }
            StringBuilder sb = new StringBuilder(format(Instant.now(), name, level, localize(bundle, msg)));
            if (thrown != null) {
                java.io.StringWriter sw = new java.io.StringWriter();
                thrown.printStackTrace(new java.io.PrintWriter(sw));
                sb.append(System.lineSeparator()).append(sw.toString().stripTrailing());
            }
            PrintStream err = System.err;
            err.println(sb);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (!isLoggable(level)) {
                return;
            }
            String pattern = localize(bundle, format);
            String msg = params == null || params.length == 0 ? pattern : MessageFormat.format(pattern, params);
            log(level, null, msg, (Throwable) null);
        }

        private String localize(ResourceBundle bundle, String key) {
            if (bundle != null && key != null && bundle.containsKey(key)) {
                return bundle.getString(key);
            }
            return String.valueOf(key);
        }
    }
}
