package io.twisted.twist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.application.Options;
import io.twisted.application.ParsedOptions;
import io.twisted.internet.endpoints.Endpoints;
import io.twisted.internet.endpoints.SSL4ServerEndpoint;
import io.twisted.internet.tls.PrivateCertificate;
import io.twisted.internet.tls.SelfSigned;
import io.twisted.internet.tls.ServerTlsOptions;
import io.twisted.testing.MemoryReactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's TLS options: parsing them, and completing ssl: descriptions that name no key (in memory). */
class TlsListenOptionsTest {

    @TempDir
    Path dir;

    private final MemoryReactor reactor = new MemoryReactor();

    private static ParsedOptions parse(String... args) {
        return TlsListenOptions.addTo(new Options()).parse(List.of(args));
    }

    @Test
    void withoutOptionsDescriptionsPassThroughAndKeylessSslIsAnError() {
        TlsListenOptions tls = TlsListenOptions.from(parse());
        assertNull(tls.privateKey());
        assertEquals("tcp:8000", tls.complete("tcp:8000"));
        assertEquals("ssl:443:privateKey=k.pem", tls.complete("ssl:443:privateKey=k.pem"));
        String m = assertThrows(IllegalArgumentException.class, () -> tls.complete("ssl:443")).getMessage();
        assertTrue(m.contains("ssl: missing privateKey in \"ssl:443\""), m);
        assertTrue(m.contains("--make-self-signed-certificate"), m);
    }

    @Test
    void privkeyAndCertificateCompleteKeylessSslDescriptions() throws Exception {
        PrivateCertificate cert = SelfSigned.create("localhost");
        Path key = dir.resolve("k:ey.pem");
        Path crt = dir.resolve("cert.pem");
        cert.writePem(key, crt);
        TlsListenOptions tls = TlsListenOptions.from(parse("--privkey", key.toString(), "--certificate", crt.toString()));
        assertEquals("ssl:443:interface=127.0.0.1:privateKey=" + Endpoints.quoteStringArgument(key.toString()) + ":certKey="
                + Endpoints.quoteStringArgument(crt.toString()), tls.complete("ssl:443:interface=127.0.0.1"));
        assertEquals("ssl:443:other.pem", tls.complete("ssl:443:other.pem"), "a positional key is kept");
        assertEquals("tcp:80", tls.complete("tcp:80"));
        SSL4ServerEndpoint ep = assertInstanceOf(SSL4ServerEndpoint.class, tls.serverFromString(reactor, "ssl:443"));
        assertEquals(cert.certificate(), ((ServerTlsOptions) ep.options()).certificate().certificate());
    }

    @Test
    void oneFileServesAsBothKeyAndCertificate() throws Exception {
        Path both = dir.resolve("server.pem");
        SelfSigned.create("localhost").writePem(both, both);
        assertEquals(both, TlsListenOptions.from(parse("--certificate", both.toString())).privateKey());
        assertEquals(both, TlsListenOptions.from(parse("--privkey", both.toString())).certificate());
    }

    @Test
    void selfSignedCertificateIsWrittenAndUsed() throws Exception {
        TlsListenOptions tls = TlsListenOptions.from(parse("--make-self-signed-certificate", "localhost"));
        assertTrue(Files.isReadable(tls.privateKey()));
        assertTrue(Files.isReadable(tls.certificate()));
        PrivateCertificate loaded = PrivateCertificate.fromPem(tls.privateKey(), tls.certificate());
        assertTrue(loaded.certificate().getSubjectX500Principal().getName().contains("localhost"));
        assertInstanceOf(SSL4ServerEndpoint.class, tls.serverFromString(reactor, "ssl:0"));
        Files.delete(tls.privateKey());
        Files.delete(tls.certificate());
        Files.delete(tls.privateKey().getParent());
    }

    @Test
    void badCombinationsAreNamed() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> TlsListenOptions.from(parse("--make-self-signed-certificate", "h", "--privkey", "k.pem"))).getMessage();
        assertTrue(m.contains("not both"), m);
        m = assertThrows(IllegalArgumentException.class, () -> TlsListenOptions.from(parse("--privkey", "/nonexistent.pem"))).getMessage();
        assertTrue(m.contains("--privkey '/nonexistent.pem' does not exist"), m);
        m = assertThrows(IllegalArgumentException.class, () -> TlsListenOptions.from(parse("--make-self-signed-certificate", ""))).getMessage();
        assertTrue(m.contains("needs a host name"), m);
    }

    @Test
    void echoMakesOneSelfSignedCertificateForEveryReactorOfARun() throws Exception {
        java.util.Set<Path> before = selfSignedFolders();
        try {
            checkOneCertificatePerRun();
        } finally {
            for (Path made : selfSignedFolders()) {
                if (!before.contains(made)) {
                    try (var files = Files.list(made)) {
                        for (Path f : files.toList()) {
                            Files.delete(f);
                        }
                    }
                    Files.delete(made);
                }
            }
        }
    }

    private static java.util.Set<Path> selfSignedFolders() throws java.io.IOException {
        try (var all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("twist-tls-")).collect(java.util.stream.Collectors.toSet());
        }
    }

    private void checkOneCertificatePerRun() {
        EchoServiceMaker echo = new EchoServiceMaker();
        ParsedOptions options = echo.options().parse(List.of("--make-self-signed-certificate", "localhost", "--listen", "ssl:0"));
        List<java.security.cert.X509Certificate> served = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            io.twisted.application.MultiService s = (io.twisted.application.MultiService) echo.makeService(new MemoryReactor(), options);
            io.twisted.application.StreamServerEndpointService listen = (io.twisted.application.StreamServerEndpointService) s.iterator().next();
            served.add(((ServerTlsOptions) ((SSL4ServerEndpoint) listen.endpoint()).options()).certificate().certificate());
        }
        assertEquals(served.get(0), served.get(1), "both reactors serve the same certificate");
        ParsedOptions again = echo.options().parse(List.of("--make-self-signed-certificate", "localhost", "--listen", "ssl:0"));
        io.twisted.application.MultiService s = (io.twisted.application.MultiService) echo.makeService(new MemoryReactor(), again);
        var listen = (io.twisted.application.StreamServerEndpointService) s.iterator().next();
        assertTrue(!served.get(0).equals(((ServerTlsOptions) ((SSL4ServerEndpoint) listen.endpoint()).options()).certificate().certificate()),
                "a new run makes a new certificate");
    }
}
