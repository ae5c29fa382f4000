package io.twisted.twist;

import io.twisted.application.Options;
import io.twisted.application.ParsedOptions;
import io.twisted.application.ServiceMaker;
import io.twisted.application.UsageError;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The {@code twist} command (Twisted's {@code twist}): {@code twist [options] PLUGIN [plugin options]}.
 *
 * <pre>
 *   twist --help                           lists the plugins
 *   twist echo --help                      shows a plugin's options
 *   twist echo --listen tcp:8000           runs it until SIGINT/SIGTERM
 * </pre>
 * Exit status: 0 after a clean stop or help, 1 when the service cannot start (for example the port
 * is in use), 2 for a usage error (unknown plugin or option, bad endpoint description).
 */
public final class Twist {

    /** Exit status for a command-line error. */
    public static final int EXIT_USAGE = 2;

    /** Runs a plugin's service; the real one is {@link ServiceRunner}. */
    @FunctionalInterface
    public interface Runner {
        /** Runs {@code maker}'s service with {@code options}; returns the exit status. */
        int run(ServiceMaker maker, ParsedOptions options);
    }

    private final Map<String, ServiceMaker> plugins = new LinkedHashMap<>();
    private final PrintStream out;
    private final PrintStream err;
    private final Runner runner;
    private java.io.InputStream stdin = System.in;
    private int reactorCount = 1;

    /**
     * @param plugins the plugins; when two share a tapname the first wins
     * @param runner what runs the chosen plugin
     */
    public Twist(Iterable<? extends ServiceMaker> plugins, PrintStream out, PrintStream err, Runner runner) {
        List<ServiceMaker> sorted = new ArrayList<>();
        plugins.forEach(sorted::add);
        sorted.sort(Comparator.comparing(ServiceMaker::tapname));
        for (ServiceMaker m : sorted) {
            this.plugins.putIfAbsent(m.tapname().toLowerCase(Locale.ROOT), m);
        }
        this.out = out;
        this.err = err;
        this.runner = runner;
    }

    /** The plugins {@link ServiceLoader} finds with the given class loader. */
    public static List<ServiceMaker> discoverPlugins(ClassLoader loader) {
        List<ServiceMaker> found = new ArrayList<>();
        ServiceLoader.load(ServiceMaker.class, loader).forEach(found::add);
        return found;
    }

    /** The number of reactors asked for with {@code --reactors} (after {@link #execute} parsed it). */
    public int reactorCount() {
        return reactorCount;
    }

    /** Where tools such as {@code twist passwd} read their input (standard input by default; for tests). */
    Twist withInput(java.io.InputStream in) {
        this.stdin = in;
        return this;
    }

    /** The plugins, by tapname, sorted. */
    public Map<String, ServiceMaker> plugins() {
        return java.util.Collections.unmodifiableMap(plugins);
    }

    public static void main(String[] args) {
        TwistLoggerFinder logging = TwistLoggerFinder.installed();
        Twist[] self = new Twist[1];
        Twist twist = new Twist(discoverPlugins(Twist.class.getClassLoader()), System.out, System.err,
                (maker, options) -> new ServiceRunner(maker, options, System.err, self[0].reactorCount()).run());
        self[0] = twist;
        int status = twist.execute(args, logging);
        System.exit(status);
    }

    private static Options globalOptions() {
        return new Options()
                .parameter("log-level", "LEVEL", "info", "Lowest level logged: trace, debug, info, warning, error, off.")
                .parameter("reactors", "N", "1", "Reactors (event-loop threads) to run, for plugins that support it; "
                        + "0 for one per core.")
                .arguments("PLUGIN [plugin options]");
    }

    /** Parses and runs {@code args}; returns the exit status. */
    public int execute(String[] args, TwistLoggerFinder logging) {
        // Global options come before the plugin's name; --log-level (or a prefix of it) takes a value.
        int pluginAt = 0;
        while (pluginAt < args.length && args[pluginAt].startsWith("-")) {
            String a = args[pluginAt++];
            if (a.equals("--")) {
                break;
            }
            String norm = a.replace('_', '-');
            if (a.length() > 2 && !a.contains("=") && ("--log-level".startsWith(norm) || "--reactors".startsWith(norm))
                    && pluginAt < args.length) {
                pluginAt++;
            }
        }
        ParsedOptions global;
        try {
            global = globalOptions().parse(Arrays.asList(args).subList(0, pluginAt));
        } catch (UsageError e) {
            return usageError("twist", e.getMessage());
        }
        if (global.helpRequested()) {
            out.print(help());
            return 0;
        }
        System.Logger.Level level = parseLevel(global.get("log-level"));
        if (level == null) {
            return usageError("twist", "option --log-level: unknown level '" + global.get("log-level") + "'");
        }
        if (logging != null) {
            logging.setLevel(level);
        }
        try {
            reactorCount = Integer.parseInt(global.get("reactors"));
        } catch (NumberFormatException e) {
            reactorCount = -1;
        }
        if (reactorCount < 0 || reactorCount > 1024) {
            return usageError("twist", "option --reactors: '" + global.get("reactors") + "' is not a number from 0 to 1024");
        }
        if (reactorCount == 0) {
            reactorCount = Runtime.getRuntime().availableProcessors();
        }
        if (pluginAt == args.length) {
            return usageError("twist", "no plugin given");
        }
        String name = args[pluginAt];
        ServiceMaker maker = plugins.get(name.toLowerCase(Locale.ROOT));
        if (maker == null && name.equals(PasswdTool.NAME)) {
            return new PasswdTool(stdin, stdin == System.in ? System.console() : null, out, err)
                    .run(Arrays.asList(args).subList(pluginAt + 1, args.length));
        }
        if (maker == null) {
            return usageError("twist", "unknown plugin '" + name + "' (plugins: " + String.join(", ", plugins.keySet()) + ")");
        }
        String command = "twist " + maker.tapname();
        Options options = maker.options();
        ParsedOptions parsed;
        try {
            parsed = options.parse(Arrays.asList(args).subList(pluginAt + 1, args.length));
        } catch (UsageError e) {
            return usageError(command, e.getMessage());
        }
        if (parsed.helpRequested()) {
            out.print(options.help(command, maker.description()));
            return 0;
        }
        if (reactorCount > 1 && !maker.supportsMultipleReactors()) {
            return usageError(command, "this plugin runs on one reactor; --reactors must be 1");
        }
        return runner.run(maker, parsed);
    }

    private int usageError(String command, String message) {
        err.println(command + ": error: " + message);
        err.println("Try '" + command + " --help' for more information.");
        return EXIT_USAGE;
    }

    /** The text of {@code twist --help}: usage, global options, and every plugin with its description. */
    public String help() {
        StringBuilder sb = new StringBuilder(globalOptions().help("twist", "Run a Twisted for Java service."));
        sb.append("\nPlugins:\n");
        int width = 0;
        for (String n : plugins.keySet()) {
            width = Math.max(width, n.length());
        }
        for (ServiceMaker m : plugins.values()) {
            String n = m.tapname();
            sb.append("  ").append(n).append(" ".repeat(width - n.length() + 3)).append(m.description()).append('\n');
        }
        sb.append("\nTools:\n  ").append(PasswdTool.NAME).append(" ".repeat(Math.max(3, width - PasswdTool.NAME.length() + 3)))
                .append(PasswdTool.DESCRIPTION).append('\n');
        sb.append("\nRun 'twist PLUGIN --help' for a plugin's options.\n");
        return sb.toString();
    }

    static System.Logger.Level parseLevel(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "trace":
                return System.Logger.Level.TRACE;
            case "debug":
                return System.Logger.Level.DEBUG;
            case "info":
                return System.Logger.Level.INFO;
            case "warn":
            case "warning":
                return System.Logger.Level.WARNING;
            case "error":
            case "critical":
                return System.Logger.Level.ERROR;
            case "off":
                return System.Logger.Level.OFF;
            default:
                return null;
        }
    }
}
