package io.twisted.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The plugin options parser: syntax forms, repeats, flags, defaults, help, and error messages. */
class OptionsTest {

    private static Options options() {
        return new Options()
                .parameter("port", 'p', "ENDPOINT", "tcp:6666", "Endpoint to listen on.")
                .parameter("dest_host", "HOST", "localhost", "Host to forward to.")
                .repeatable("listen", "ENDPOINT", List.of("tcp:8000"), "Endpoint to listen on.")
                .flag("verbose", 'v', "Say more.");
    }

    private static ParsedOptions parse(String... args) {
        return options().parse(List.of(args));
    }

    private static String error(String... args) {
        return assertThrows(UsageError.class, () -> parse(args)).getMessage();
    }

    @Test
    void defaultsApplyWhenNothingIsGiven() {
        ParsedOptions p = parse();
        assertEquals("tcp:6666", p.get("port"));
        assertEquals(List.of("tcp:8000"), p.getAll("listen"));
        assertFalse(p.isSet("verbose"));
        assertFalse(p.isSet("port"));
        assertFalse(p.helpRequested());
    }

    @Test
    void acceptsSpaceAndEqualsForms() {
        assertEquals("tcp:1", parse("--port", "tcp:1").get("port"));
        assertEquals("tcp:2", parse("--port=tcp:2").get("port"));
        assertEquals("tcp:3:interface=a=b", parse("--port=tcp:3:interface=a=b").get("port"));
        assertEquals("", parse("--port=").get("port"));
        assertEquals("--weird", parse("--port", "--weird").get("port"));
    }

    @Test
    void acceptsShortAliases() {
        assertEquals("tcp:4", parse("-p", "tcp:4").get("port"));
        assertEquals("tcp:5", parse("-ptcp:5").get("port"));
        assertTrue(parse("-v").isSet("verbose"));
    }

    @Test
    void lastParameterWins() {
        assertEquals("tcp:2", parse("--port=tcp:1", "--port=tcp:2").get("port"));
    }

    @Test
    void repeatableCollectsEveryValueAndReplacesTheDefault() {
        ParsedOptions p = parse("--listen", "tcp:1", "--listen=tcp:2", "--listen", "tcp:3");
        assertEquals(List.of("tcp:1", "tcp:2", "tcp:3"), p.getAll("listen"));
        assertEquals("tcp:3", p.get("listen"));
    }

    @Test
    void dashesAndUnderscoresAreInterchangeable() {
        assertEquals("h1", parse("--dest-host", "h1").get("dest_host"));
        assertEquals("h2", parse("--dest_host=h2").get("dest-host"));
    }

    @Test
    void flagsTakeNoValue() {
        assertTrue(parse("--verbose").isSet("verbose"));
        assertEquals("option --verbose takes no value", error("--verbose=yes"));
        assertTrue(error("-vx").contains("option -v takes no value"));
    }

    @Test
    void unknownOptionIsNamedWithSuggestion() {
        assertEquals("unknown option '--lisen' (did you mean --listen?)", error("--lisen", "tcp:1"));
        assertEquals("unknown option '--frobnicate'", error("--frobnicate"));
        assertEquals("unknown option '-x'", error("-x"));
    }

    @Test
    void unambiguousPrefixStandsForTheOption() {
        assertEquals("tcp:1", parse("--li", "tcp:1").get("listen"));
        assertEquals("h", parse("--dest=h").get("dest_host"));
        assertTrue(parse("--verb").isSet("verbose"));
        assertTrue(parse("--he").helpRequested());
    }

    @Test
    void ambiguousPrefixIsNamedWithItsCandidates() {
        Options o = new Options().parameter("dest_host", "H", null, "h").parameter("dest_port", "P", null, "p");
        assertEquals("option '--dest' is ambiguous (--dest_host, --dest_port)",
                assertThrows(UsageError.class, () -> o.parse(List.of("--dest", "x"))).getMessage());
        Options h = new Options().flag("hexdump", "dump");
        assertEquals("option '--h' is ambiguous (--hexdump, --help)",
                assertThrows(UsageError.class, () -> h.parse(List.of("--h"))).getMessage());
        assertTrue(h.parse(List.of("--help")).helpRequested());
        assertTrue(h.parse(List.of("--hex")).isSet("hexdump"));
    }

    @Test
    void missingValueIsNamed() {
        assertEquals("option --port needs a value (ENDPOINT)", error("--port"));
        assertEquals("option -p needs a value (ENDPOINT)", error("-p"));
    }

    @Test
    void positionalArgumentsAreRejectedUnlessDeclared() {
        assertEquals("unexpected argument 'extra'", error("extra"));
        ParsedOptions p = options().arguments("FILE...").parse(List.of("a", "--verbose", "--", "--b"));
        assertEquals(List.of("a", "--b"), p.arguments());
        assertTrue(p.isSet("verbose"));
    }

    @Test
    void requiredParameterMustBeGiven() {
        Options o = new Options().requiredParameter("dest_port", "PORT", "Port to forward to.");
        assertEquals("option --dest_port is required", assertThrows(UsageError.class, () -> o.parse(List.of())).getMessage());
        assertEquals("7", o.parse(List.of("--dest_port", "7")).get("dest_port"));
    }

    @Test
    void helpIsAlwaysAcceptedAndSkipsRequiredChecks() {
        Options o = new Options().requiredParameter("dest_port", "PORT", "Port.");
        assertTrue(o.parse(List.of("--help")).helpRequested());
        assertTrue(o.parse(List.of("-h")).helpRequested());
        assertEquals("option --help takes no value", assertThrows(UsageError.class, () -> o.parse(List.of("--help=x"))).getMessage());
    }

    @Test
    void aliasesNameTheSameOption() {
        Options o = options().alias("host", "dest_host");
        assertEquals("h", o.parse(List.of("--host", "h")).get("dest_host"));
    }

    @Test
    void integersAreCheckedWithTheOptionNamed() {
        Options o = new Options().parameter("dest_port", "PORT", "6665", "Port.");
        assertEquals(6665, o.parse(List.of()).getInt("dest_port", 1, 65535));
        assertEquals(80, o.parse(List.of("--dest_port=80")).getInt("dest_port", 1, 65535));
        assertEquals("option --dest_port: 'http' is not a number",
                assertThrows(UsageError.class, () -> o.parse(List.of("--dest_port=http")).getInt("dest_port", 1, 65535)).getMessage());
        assertEquals("option --dest_port: 70000 is out of range 1-65535",
                assertThrows(UsageError.class, () -> o.parse(List.of("--dest_port=70000")).getInt("dest_port", 1, 65535)).getMessage());
    }

    @Test
    void undeclaredNameIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> parse().get("nope"));
    }

    @Test
    void duplicateDeclarationsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> options().flag("port", "again"));
        assertThrows(IllegalArgumentException.class, () -> options().flag("dest-host", "again"));
        assertThrows(IllegalArgumentException.class, () -> new Options().flag("help", "mine"));
    }

    @Test
    void helpListsEveryOptionWithDefaults() {
        String help = options().alias("host", "dest_host").help("twist demo", "A demo plugin.");
        assertTrue(help.startsWith("Usage: twist demo [options]\nA demo plugin.\n"), help);
        assertTrue(help.contains("-p, --port=ENDPOINT"), help);
        assertTrue(help.contains("Endpoint to listen on. [default: tcp:6666]"), help);
        assertTrue(help.contains("--listen=ENDPOINT"), help);
        assertTrue(help.contains("(repeatable) [default: tcp:8000]"), help);
        assertTrue(help.contains("-v, --verbose"), help);
        assertTrue(help.contains("--host"), help);
        assertTrue(help.contains("--help"), help);
    }
}
