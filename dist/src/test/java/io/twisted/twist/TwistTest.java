package io.twisted.twist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.application.ParsedOptions;
import io.twisted.application.ServiceMaker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The twist command line: plugin discovery, help, errors and exit codes, dispatch to the runner. */
class TwistTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private ServiceMaker ranMaker;
    private ParsedOptions ranOptions;

    private Twist twist() {
        return new Twist(Twist.discoverPlugins(getClass().getClassLoader()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), (maker, options) -> {
                    ranMaker = maker;
                    ranOptions = options;
                    return 0;
                });
    }

    private int run(String... args) {
        return twist().execute(args, null);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void serviceLoaderFindsTheBundledPlugins() {
        List<ServiceMaker> found = Twist.discoverPlugins(getClass().getClassLoader());
        assertTrue(found.stream().anyMatch(m -> m instanceof EchoServiceMaker), found.toString());
        assertTrue(found.stream().anyMatch(m -> m instanceof PortForwardServiceMaker), found.toString());
        List<String> names = List.copyOf(twist().plugins().keySet());
        assertTrue(names.containsAll(List.of("echo", "portforward")), names.toString());
        assertEquals(names.stream().sorted().toList(), names, "plugins are listed in name order");
    }

    @Test
    void helpListsEveryPluginWithItsDescription() {
        assertEquals(0, run("--help"));
        String help = out();
        assertTrue(help.startsWith("Usage: twist [options] PLUGIN [plugin options]"), help);
        for (ServiceMaker m : twist().plugins().values()) {
            assertTrue(help.contains(m.tapname()) && help.contains(m.description()), help);
        }
        assertNull(ranMaker);
    }

    @Test
    void pluginHelpShowsItsOptions() {
        assertEquals(0, run("echo", "--help"));
        assertTrue(out().contains("Usage: twist echo [options]"), out());
        assertTrue(out().contains("--listen=ENDPOINT"), out());
        assertTrue(out().contains("[default: tcp:8000]"), out());
        assertNull(ranMaker);
    }

    @Test
    void portforwardHelpShowsItsOptions() {
        assertEquals(0, run("portforward", "--help"));
        for (String o : List.of("--port=ENDPOINT", "--dest_host=HOST", "--dest_port=PORT")) {
            assertTrue(out().contains(o), out());
        }
    }

    @Test
    void unknownPluginIsAUsageError() {
        assertEquals(2, run("ecko"));
        assertTrue(err().contains("twist: error: unknown plugin 'ecko'"), err());
        assertTrue(err().contains("echo"), err());
        assertNull(ranMaker);
    }

    @Test
    void missingPluginIsAUsageError() {
        assertEquals(2, run());
        assertTrue(err().contains("no plugin given"), err());
    }

    @Test
    void unknownPluginOptionIsNamed() {
        assertEquals(2, run("echo", "--lisen", "tcp:1"));
        assertTrue(err().contains("twist echo: error: unknown option '--lisen' (did you mean --listen?)"), err());
    }

    @Test
    void unknownGlobalOptionIsNamed() {
        assertEquals(2, run("--colour=always", "echo"));
        assertTrue(err().contains("twist: error: unknown option '--colour'"), err());
    }

    @Test
    void reactorsMustBeANumberAndThePluginMustSupportSeveral() {
        assertEquals(2, run("--reactors", "epoll", "echo"));
        assertTrue(err().contains("option --reactors: 'epoll' is not a number"), err());
    }

    @Test
    void badLogLevelIsNamed() {
        assertEquals(2, run("--log-level", "loud", "echo"));
        assertTrue(err().contains("unknown level 'loud'"), err());
    }

    @Test
    void runsThePluginWithItsParsedOptions() {
        assertEquals(0, run("--log-level", "debug", "echo", "--listen", "tcp:1", "--listen=tcp:2"));
        assertTrue(ranMaker instanceof EchoServiceMaker);
        assertEquals(List.of("tcp:1", "tcp:2"), ranOptions.getAll("listen"));
        assertEquals("", err());
    }

    @Test
    void setsTheLogLevel() {
        TwistLoggerFinder logging = new TwistLoggerFinder();
        assertEquals(0, twist().execute(new String[] {"--log-level=warning", "echo"}, logging));
        assertSame(System.Logger.Level.WARNING, logging.level());
    }

    @Test
    void globalOptionsAcceptPrefixesAndDoubleDash() {
        TwistLoggerFinder logging = new TwistLoggerFinder();
        assertEquals(0, twist().execute(new String[] {"--log", "error", "--", "echo", "--listen", "tcp:9"}, logging));
        assertSame(System.Logger.Level.ERROR, logging.level());
        assertEquals(List.of("tcp:9"), ranOptions.getAll("listen"));
    }

    @Test
    void pluginNameIsCaseInsensitive() {
        assertEquals(0, run("ECHO"));
        assertTrue(ranMaker instanceof EchoServiceMaker);
        assertFalse(ranOptions.isSet("listen"));
    }

    @Test
    void logLinesAreTimestampedAndNamed() {
        String line = TwistLoggerFinder.format(java.time.Instant.parse("2026-01-02T03:04:05.678Z"),
                "io.twisted.application.StreamServerEndpointService", System.Logger.Level.INFO, "listening");
        assertEquals("2026-01-02T03:04:05.678Z [StreamServerEndpointService] INFO: listening", line);
    }
}
