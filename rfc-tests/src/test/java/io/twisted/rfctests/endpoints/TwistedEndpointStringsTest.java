package io.twisted.rfctests.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.twisted.internet.endpoints.EndpointDescription;
import io.twisted.internet.endpoints.Endpoints;
import io.twisted.internet.endpoints.HostnameEndpoint;
import io.twisted.internet.endpoints.SSL4ClientEndpoint;
import io.twisted.internet.endpoints.SSL4ServerEndpoint;
import io.twisted.internet.endpoints.TCP4ClientEndpoint;
import io.twisted.internet.endpoints.TCP4ServerEndpoint;
import io.twisted.internet.endpoints.TLSWrapperClientEndpoint;
import io.twisted.internet.endpoints.UNIXClientEndpoint;
import io.twisted.internet.endpoints.UNIXServerEndpoint;
import io.twisted.internet.tls.ClientTlsOptions;
import io.twisted.internet.tls.PrivateCertificate;
import io.twisted.internet.tls.SelfSigned;
import io.twisted.internet.tls.ServerTlsOptions;
import io.twisted.internet.tls.TlsOptions;
import io.twisted.testing.MemoryReactor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint description string of Twisted's endpoint documentation, from
 * {@code endpoints/twisted-endpoint-strings.txt} (its header names the sources and the format),
 * parsed with {@link Endpoints#serverFromString}/{@link Endpoints#clientFromString} over a
 * {@link MemoryReactor} (parse only: nothing listens or connects), and checked against the
 * expected endpoint fields or error text.
 */
class TwistedEndpointStringsTest {

    private static final String RESOURCE = "/endpoints/twisted-endpoint-strings.txt";
    private static final Set<String> FILE_PARAMETERS = Set.of("privateKey", "certKey", "certificate", "extraCertChain", "trustRoots", "caCertsDir");
    private static final Pattern TRUST_ROOTS = Pattern.compile("(\\d+) trust roots");

    @TempDir
    static Path dir;
    static PrivateCertificate server;
    static PrivateCertificate chainCertificate;

    record Vector(int line, String role, String description, String expected, String source) {
        @Override
        public String toString() {
            return "line " + line + ": " + role + " " + description + "  (" + source + ")";
        }
    }

    @BeforeAll
    static void makeCertificates() {
        server = SelfSigned.create("localhost");
        chainCertificate = SelfSigned.create("intermediate.example");
    }

    static List<Vector> vectors() throws IOException {
        List<Vector> out = new ArrayList<>();
        try (InputStream in = TwistedEndpointStringsTest.class.getResourceAsStream(RESOURCE)) {
            assertNotNull(in, RESOURCE + " on the class path");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int n = 0;
            for (String line; (line = r.readLine()) != null; ) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String source = "";
                int comment = line.indexOf("   # ");
                if (comment >= 0) {
                    source = line.substring(comment + 5).trim();
                    line = line.substring(0, comment);
                }
                String[] parts = line.split(" \\| ", -1);
                assertEquals(3, parts.length, "line " + n + " needs ROLE | DESCRIPTION | EXPECTED: " + line);
                out.add(new Vector(n, parts[0].trim(), parts[1], parts[2].trim(), source));
            }
        }
        return out;
    }

    @Test
    void fileCoversEveryTypeAndErrors() throws IOException {
        List<Vector> all = vectors();
        for (String type : List.of("tcp:", "tcp6:", "ssl:", "unix:", "tls:")) {
            assertTrue(all.stream().anyMatch(v -> v.description().startsWith(type) && !v.expected().startsWith("error:")), type);
        }
        assertTrue(all.stream().filter(v -> v.expected().startsWith("error:")).count() >= 20, "malformed vectors");
        assertTrue(all.stream().anyMatch(v -> v.description().contains("\\:")), "escaping examples");
    }

    @TestFactory
    Stream<DynamicTest> everyDocumentedStringParsesAsExpected() throws IOException {
        return vectors().stream().map(v -> DynamicTest.dynamicTest(v.toString(), () -> check(v)));
    }

    private static void check(Vector v) throws IOException {
        String description = v.description().replace("@DIR@", Endpoints.quoteStringArgument(dir.toString()));
        makeReferencedFiles(description);
        MemoryReactor reactor = new MemoryReactor();
        if (v.expected().startsWith("error:")) {
            String fragment = v.expected().substring("error:".length()).trim();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(reactor, v.role(), description), v.toString());
            String message = e.getMessage().replace(dir.toString(), "@DIR@");
            assertTrue(message.contains(fragment), v + ": expected \"" + fragment + "\" in: " + message);
            return;
        }
        Object endpoint = parse(reactor, v.role(), description);
        String[] tokens = v.expected().split("\\s+");
        assertEquals(tokens[0], endpoint.getClass().getSimpleName(), v.toString());
        Map<String, String> actual = fields(endpoint, "");
        for (int i = 1; i < tokens.length; i++) {
            int eq = tokens[i].indexOf('=');
            assertTrue(eq > 0, v + ": bad expectation " + tokens[i]);
            String key = tokens[i].substring(0, eq);
            assertTrue(actual.containsKey(key), v + ": no field " + key + " in " + actual);
            assertEquals(tokens[i].substring(eq + 1), actual.get(key), v + ": field " + key);
        }
    }

    private static Object parse(MemoryReactor reactor, String role, String description) {
        switch (role) {
            case "server":
                return Endpoints.serverFromString(reactor, description);
            case "client":
                return Endpoints.clientFromString(reactor, description);
            default:
                throw new AssertionError("unknown role " + role);
        }
    }

    /** Writes PEM files at the paths under the temporary directory that the description names. */
    private static void makeReferencedFiles(String description) throws IOException {
        EndpointDescription d;
        try {
            d = EndpointDescription.parse(description);
        } catch (IllegalArgumentException malformed) {
            return;
        }
        for (Map.Entry<String, String> e : d.kwargs().entrySet()) {
            if (FILE_PARAMETERS.contains(e.getKey()) && e.getValue().startsWith(dir.toString()) && !e.getValue().contains("missing")) {
                makeFile(e.getKey(), Path.of(e.getValue()));
            }
        }
    }

    private static void makeFile(String parameter, Path path) throws IOException {
        if (Files.exists(path)) {
            return;
        }
        if (parameter.equals("caCertsDir")) {
            Files.createDirectories(path);
            Files.writeString(path.resolve("ca.pem"), server.certificatePem());
            return;
        }
        Files.createDirectories(path.getParent());
        switch (parameter) {
            case "extraCertChain":
                Files.writeString(path, chainCertificate.certificatePem());
                break;
            case "trustRoots":
                Files.writeString(path, server.certificatePem());
                break;
            default: // privateKey, certKey, certificate: one file with the key and the certificate
                server.writePem(path, path);
                break;
        }
    }

    /** The fields the data file may name, as strings. */
    private static Map<String, String> fields(Object endpoint, String prefix) {
        Map<String, String> f = new LinkedHashMap<>();
        if (endpoint instanceof TCP4ServerEndpoint e) {
            f.put("port", Integer.toString(e.port()));
            f.put("interface", e.iface());
            f.put("backlog", Integer.toString(e.backlog()));
        } else if (endpoint instanceof SSL4ServerEndpoint e) {
            f.put("port", Integer.toString(e.port()));
            f.put("interface", e.iface());
            f.put("backlog", Integer.toString(e.backlog()));
            f.put("chain", Integer.toString(((ServerTlsOptions) e.options()).certificate().certificateChain().size()));
        } else if (endpoint instanceof TCP4ClientEndpoint e) {
            f.put("host", e.host());
            f.put("port", Integer.toString(e.port()));
            f.put("timeout", Double.toString(e.timeout()));
            f.put("bindAddress", address(e.bindAddress()));
        } else if (endpoint instanceof SSL4ClientEndpoint e) {
            f.put("host", e.host());
            f.put("port", Integer.toString(e.port()));
            f.put("timeout", Double.toString(e.timeout()));
            f.put("bindAddress", address(e.bindAddress()));
            clientTls(e.options(), f);
        } else if (endpoint instanceof UNIXServerEndpoint e) {
            f.put("address", e.path());
            f.put("mode", Integer.toOctalString(e.mode()));
            f.put("backlog", Integer.toString(e.backlog()));
            f.put("lockfile", e.wantPID() ? "1" : "0");
        } else if (endpoint instanceof UNIXClientEndpoint e) {
            f.put("path", e.path());
            f.put("timeout", Double.toString(e.timeout()));
            f.put("checkPID", e.checkPID() ? "1" : "0");
        } else if (endpoint instanceof HostnameEndpoint e) {
            f.put("host", e.host());
            f.put("port", Integer.toString(e.port()));
            f.put("timeout", Double.toString(e.timeout()));
            f.put("bindAddress", address(e.bindAddress()));
        } else if (endpoint instanceof TLSWrapperClientEndpoint e) {
            clientTls(e.options(), f);
            f.put("wrapped", e.wrappedEndpoint().getClass().getSimpleName());
            f.putAll(fields(e.wrappedEndpoint(), "wrapped."));
        } else {
            fail("no fields known for " + endpoint);
        }
        Map<String, String> out = new LinkedHashMap<>();
        f.forEach((k, val) -> out.put(k.startsWith("wrapped.") ? k : prefix + k, val));
        return out;
    }

    private static void clientTls(TlsOptions options, Map<String, String> f) {
        ClientTlsOptions o = (ClientTlsOptions) options;
        f.put("hostname", o.hostname());
        String text = o.toString();
        Matcher m = TRUST_ROOTS.matcher(text);
        f.put("trust", m.find() ? m.group(1) : "default");
        f.put("clientCert", text.contains("client certificate") ? "yes" : "no");
    }

    private static String address(SocketAddress a) {
        return a == null ? "none" : ((InetSocketAddress) a).getHostString();
    }

    @Test
    void placeholderFilesAreOnlyMadeUnderTheTemporaryDirectory() throws IOException {
        for (Vector v : vectors()) {
            assertFalse(v.description().contains("=/etc/ssl/") && v.description().startsWith("ssl"),
                    v + ": PEM paths must use @DIR@ so the test never reads the machine's files");
        }
    }
}
