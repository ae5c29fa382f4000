package io.twisted.internet.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.Factory;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.tls.ClientTlsOptions;
import io.twisted.internet.tls.PrivateCertificate;
import io.twisted.internet.tls.SelfSigned;
import io.twisted.internet.tls.ServerTlsOptions;
import io.twisted.internet.tls.TlsFactory;
import io.twisted.testing.MemoryReactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ssl}, {@code unix} and {@code tls} description types: each parameter reaches the
 * endpoint, listening/connecting goes to the right reactor method (a {@link MemoryReactor}), and
 * every malformed description fails with a message naming the bad part. PEM files are made with
 * {@link SelfSigned} in a temporary directory.
 */
class SslUnixTlsEndpointsTest {

    static final class Nothing extends Protocol {
    }

    @TempDir
    static Path dir;
    static PrivateCertificate cert;
    static PrivateCertificate other;
    static String key;
    static String crt;
    static String combined;
    static String otherCrt;
    static String notPem;

    private final MemoryReactor reactor = new MemoryReactor();

    @BeforeAll
    static void makeCertificates() throws IOException {
        cert = SelfSigned.create("localhost");
        other = SelfSigned.create("other.example");
        key = dir.resolve("key.pem").toString();
        crt = dir.resolve("cert.pem").toString();
        combined = dir.resolve("both.pem").toString();
        otherCrt = dir.resolve("other.pem").toString();
        notPem = dir.resolve("junk.txt").toString();
        cert.writePem(Path.of(key), Path.of(crt));
        cert.writePem(Path.of(combined), Path.of(combined));
        other.writePem(dir.resolve("other-key.pem"), Path.of(otherCrt));
        Files.writeString(Path.of(notPem), "not a certificate\n");
        Files.createDirectories(dir.resolve("cas"));
        Files.writeString(dir.resolve("cas/ca.pem"), cert.certificatePem());
        Files.writeString(dir.resolve("cas/README"), "ignored: not *.pem\n");
        Files.writeString(dir.resolve("cas/broken.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        Files.createDirectories(dir.resolve("empty"));
    }

    private static String q(String path) {
        return Endpoints.quoteStringArgument(path);
    }

    private ServerEndpoint server(String description) {
        return Endpoints.serverFromString(reactor, description);
    }

    private ClientEndpoint client(String description) {
        return Endpoints.clientFromString(reactor, description);
    }

    private String serverError(String description) {
        return assertThrows(IllegalArgumentException.class, () -> server(description), description).getMessage();
    }

    private String clientError(String description) {
        return assertThrows(IllegalArgumentException.class, () -> client(description), description).getMessage();
    }

    private static void assertContains(String expected, String actual) {
        assertTrue(actual.contains(expected), "expected \"" + expected + "\" in: " + actual);
    }

    // ------------------------------------------------------------------ ssl server

    @Test
    void sslServerWithKeyAndCertificateListensWithTls() {
        SSL4ServerEndpoint ep = assertInstanceOf(SSL4ServerEndpoint.class,
                server("ssl:8443:privateKey=" + q(key) + ":certKey=" + q(crt) + ":interface=127.0.0.1:backlog=7"));
        assertEquals(8443, ep.port());
        assertEquals("127.0.0.1", ep.iface());
        assertEquals(7, ep.backlog());
        ServerTlsOptions options = assertInstanceOf(ServerTlsOptions.class, ep.options());
        assertEquals(cert.certificate(), options.certificate().certificate());
        Deferred<ListeningPort> d = ep.listen(Factory.forProtocol(Nothing::new));
        assertInstanceOf(ListeningPort.class, d.currentResult());
        MemoryReactor.TcpServer s = reactor.tcpServers().get(0);
        assertEquals(8443, s.port());
        assertEquals("127.0.0.1", s.iface());
        assertEquals(7, s.backlog());
        TlsFactory tls = assertInstanceOf(TlsFactory.class, s.factory());
        assertSame(options, tls.options());
    }

    @Test
    void sslServerCertKeyDefaultsToPrivateKey() {
        SSL4ServerEndpoint ep = (SSL4ServerEndpoint) server("ssl:443:" + q(combined));
        assertEquals(cert.certificate(), ((ServerTlsOptions) ep.options()).certificate().certificate());
        assertEquals(50, ep.backlog());
        assertEquals("", ep.iface());
    }

    @Test
    void sslServerPositionalOrderIsTwisteds() {
        // port, privateKey, certKey, sslmethod, interface, backlog
        SSL4ServerEndpoint ep = (SSL4ServerEndpoint) server("ssl:443:" + q(key) + ":" + q(crt) + ":SSLv23_METHOD:127.0.0.1:9");
        assertEquals("127.0.0.1", ep.iface());
        assertEquals(9, ep.backlog());
    }

    @Test
    void sslServerAppendsExtraCertChainAndIgnoresDhParameters() {
        SSL4ServerEndpoint ep = (SSL4ServerEndpoint) server("ssl:443:privateKey=" + q(combined) + ":extraCertChain=" + q(otherCrt)
                + ":dhParameters=dh_param_1024.pem");
        List<?> chain = ((ServerTlsOptions) ep.options()).certificate().certificateChain();
        assertEquals(List.of(cert.certificate(), other.certificate()), chain);
    }

    @Test
    void sslServerTls12MethodRestrictsTheProtocol() {
        SSL4ServerEndpoint ep = (SSL4ServerEndpoint) server("ssl:443:privateKey=" + q(combined) + ":sslmethod=TLSv1_2_METHOD");
        assertTrue(ep.options().toString().contains("TLSv1.2"), ep.options().toString());
        assertFalse(ep.options().toString().contains("TLSv1.3"), ep.options().toString());
    }

    @Test
    void sslServerErrorsNameTheBadPart() {
        assertContains("ssl: missing privateKey", serverError("ssl:443"));
        assertContains("ssl: missing port", serverError("ssl:privateKey=" + q(key)));
        assertContains("ssl: port 'https' is not a number", serverError("ssl:https:privateKey=" + q(key)));
        assertContains("ssl: privateKey '/nonexistent/key.pem' does not exist", serverError("ssl:443:privateKey=/nonexistent/key.pem"));
        assertContains("ssl: certKey '/nonexistent/c.pem' does not exist",
                serverError("ssl:443:privateKey=" + q(key) + ":certKey=/nonexistent/c.pem"));
        assertContains("ssl: cannot load privateKey", serverError("ssl:443:privateKey=" + q(crt)));
        assertContains("ssl: cannot load privateKey", serverError("ssl:443:privateKey=" + q(key) + ":certKey=" + q(otherCrt)));
        assertContains("ssl: extraCertChain '" + notPem + "' holds no usable PEM certificate",
                serverError("ssl:443:privateKey=" + q(combined) + ":extraCertChain=" + q(notPem)));
        assertContains("ssl: sslmethod 'SSLv3_METHOD'", serverError("ssl:443:privateKey=" + q(combined) + ":sslmethod=SSLv3_METHOD"));
        assertContains("ssl: unknown sslmethod 'TLSv9_METHOD'", serverError("ssl:443:privateKey=" + q(combined) + ":sslmethod=TLSv9_METHOD"));
        assertContains("ssl: unknown parameter 'certFile'", serverError("ssl:443:privateKey=" + q(key) + ":certFile=x"));
        assertContains("ssl: backlog 0 is out of range", serverError("ssl:443:privateKey=" + q(combined) + ":backlog=0"));
        assertContains("ssl: privateKey is empty", serverError("ssl:443:privateKey="));
    }

    // ------------------------------------------------------------------ ssl client

    @Test
    void sslClientVerifiesTheHostByDefault() {
        SSL4ClientEndpoint ep = assertInstanceOf(SSL4ClientEndpoint.class, client("ssl:web.example.com:443"));
        assertEquals("web.example.com", ep.host());
        assertEquals(443, ep.port());
        assertEquals(30.0, ep.timeout());
        assertEquals("web.example.com", ((ClientTlsOptions) ep.options()).hostname());
        ep.connect(Factory.forProtocol(Nothing::new));
        MemoryReactor.TcpClient c = reactor.tcpClients().get(0);
        assertEquals("web.example.com", c.host());
        assertEquals(443, c.port());
        assertInstanceOf(TlsFactory.class, c.factory());
    }

    @Test
    void sslClientKeywordsReachTheOptions() {
        SSL4ClientEndpoint ep = (SSL4ClientEndpoint) client("ssl:host=10.0.0.1:port=8443:hostname=svc.example:caCertsDir="
                + q(dir.resolve("cas").toString()) + ":certKey=" + q(crt) + ":privateKey=" + q(key) + ":timeout=4:bindAddress=127.0.0.1");
        assertEquals("10.0.0.1", ep.host());
        assertEquals(8443, ep.port());
        assertEquals(4.0, ep.timeout());
        assertEquals("127.0.0.1", ((java.net.InetSocketAddress) ep.bindAddress()).getHostString());
        ClientTlsOptions o = (ClientTlsOptions) ep.options();
        assertEquals("svc.example", o.hostname());
        assertContains("1 trust roots", o.toString());
        assertContains("client certificate", o.toString());
    }

    @Test
    void sslClientCombinedCertKey() {
        SSL4ClientEndpoint ep = (SSL4ClientEndpoint) client("ssl:web.example.com:443:certKey=" + q(combined));
        assertContains("client certificate", ep.options().toString());
    }

    @Test
    void sslClientErrorsNameTheBadPart() {
        assertContains("ssl: missing host", clientError("ssl:port=443"));
        assertContains("ssl: missing port", clientError("ssl:example.com"));
        assertContains("ssl: port 0 is out of range", clientError("ssl:example.com:0"));
        assertContains("ssl: privateKey given without certKey", clientError("ssl:example.com:443:privateKey=" + q(key)));
        assertContains("ssl: caCertsDir '" + crt + "' is not a directory", clientError("ssl:example.com:443:caCertsDir=" + q(crt)));
        assertContains("ssl: caCertsDir '" + dir.resolve("empty") + "' holds no PEM certificate",
                clientError("ssl:example.com:443:caCertsDir=" + q(dir.resolve("empty").toString())));
        assertContains("ssl: timeout 'soon' is not a number", clientError("ssl:example.com:443:timeout=soon"));
        assertContains("ssl: unknown parameter 'trustRoots'", clientError("ssl:example.com:443:trustRoots=x"));
        assertContains("ssl: hostname is empty", clientError("ssl:example.com:443:hostname="));
    }

    // ------------------------------------------------------------------ unix

    @Test
    void unixServerDefaultsAreTwisteds() {
        UNIXServerEndpoint ep = assertInstanceOf(UNIXServerEndpoint.class, server("unix:/var/run/finger"));
        assertEquals("/var/run/finger", ep.path());
        assertEquals(0666, ep.mode());
        assertEquals(50, ep.backlog());
        assertTrue(ep.wantPID(), "Twisted's parser defaults lockfile to 1");
        ep.listen(Factory.forProtocol(Nothing::new));
        MemoryReactor.UnixServer s = reactor.unixServers().get(0);
        assertEquals("/var/run/finger", s.path());
        assertEquals(0666, s.mode());
        assertTrue(s.wantPID());
    }

    @Test
    void unixServerModeIsOctal() {
        UNIXServerEndpoint ep = (UNIXServerEndpoint) server("unix:/var/run/finger:mode=660:backlog=3:lockfile=0");
        assertEquals(0660, ep.mode());
        assertEquals(3, ep.backlog());
        assertFalse(ep.wantPID());
        UNIXServerEndpoint positional = (UNIXServerEndpoint) server("unix:/tmp/s:600:5:1");
        assertEquals(0600, positional.mode());
        assertEquals(5, positional.backlog());
        assertTrue(positional.wantPID());
        assertEquals("/tmp/a:b", ((UNIXServerEndpoint) server("unix:address=/tmp/a\\:b")).path());
    }

    @Test
    void unixServerErrorsNameTheBadPart() {
        assertContains("unix: mode '99x' is not octal", serverError("unix:/tmp/s:mode=99x"));
        assertContains("unix: mode '8' is not octal", serverError("unix:/tmp/s:mode=8"));
        assertContains("unix: mode '77777' is not octal", serverError("unix:/tmp/s:mode=77777"));
        assertContains("unix: lockfile 'yes' is not 0 or 1", serverError("unix:/tmp/s:lockfile=yes"));
        assertContains("unix: missing address", serverError("unix:mode=660"));
        assertContains("unix: address is empty", serverError("unix:"));
        assertContains("unix: backlog 'x' is not a number", serverError("unix:/tmp/s:backlog=x"));
        assertContains("unix: unknown parameter 'path'", serverError("unix:path=/tmp/s"));
        assertContains("unix: too many positional arguments", serverError("unix:/tmp/s:660:5:1:extra"));
    }

    @Test
    void unixClientPathTimeoutAndCheckPid() {
        UNIXClientEndpoint ep = assertInstanceOf(UNIXClientEndpoint.class, client("unix:path=/var/run/web.sock"));
        assertEquals("/var/run/web.sock", ep.path());
        assertEquals(30.0, ep.timeout());
        assertFalse(ep.checkPID());
        UNIXClientEndpoint ep2 = (UNIXClientEndpoint) client("unix:/var/foo/bar:lockfile=1:timeout=9");
        assertEquals("/var/foo/bar", ep2.path());
        assertEquals(9.0, ep2.timeout());
        assertTrue(ep2.checkPID());
        assertTrue(((UNIXClientEndpoint) client("unix:/s:checkPID=1")).checkPID());
        ep2.connect(Factory.forProtocol(Nothing::new));
        MemoryReactor.UnixClient c = reactor.unixClients().get(0);
        assertEquals("/var/foo/bar", c.path());
        assertEquals(9.0, c.timeout());
        assertTrue(c.checkPID());
    }

    @Test
    void unixClientErrorsNameTheBadPart() {
        assertContains("unix: missing path", clientError("unix:timeout=3"));
        assertContains("unix: path is empty", clientError("unix:path="));
        assertContains("unix: checkPID '2' is not 0 or 1", clientError("unix:/s:checkPID=2"));
        assertContains("unix: give checkPID or lockfile, not both", clientError("unix:/s:checkPID=1:lockfile=1"));
        assertContains("unix: timeout '-1' is not a number", clientError("unix:/s:timeout=-1"));
        assertContains("unix: too many positional arguments", clientError("unix:/a:/b"));
        assertContains("unix: unknown parameter 'mode'", clientError("unix:/a:mode=660"));
    }

    // ------------------------------------------------------------------ tls client

    @Test
    void tlsClientIsTlsOverAHostnameEndpoint() {
        TLSWrapperClientEndpoint ep = assertInstanceOf(TLSWrapperClientEndpoint.class, client("tls:example.com:443"));
        assertEquals("example.com", ((ClientTlsOptions) ep.options()).hostname());
        HostnameEndpoint inner = assertInstanceOf(HostnameEndpoint.class, ep.wrappedEndpoint());
        assertEquals("example.com", inner.host());
        assertEquals(443, inner.port());
        assertEquals(30.0, inner.timeout());
    }

    @Test
    void tlsClientKeywords() {
        TLSWrapperClientEndpoint ep = (TLSWrapperClientEndpoint) client("tls:host=example.com:port=8443:timeout=7:bindAddress=127.0.0.1"
                + ":trustRoots=" + q(crt) + ":certificate=" + q(crt) + ":privateKey=" + q(key));
        HostnameEndpoint inner = (HostnameEndpoint) ep.wrappedEndpoint();
        assertEquals(8443, inner.port());
        assertEquals(7.0, inner.timeout());
        assertContains("1 trust roots", ep.options().toString());
        assertContains("client certificate", ep.options().toString());
        TLSWrapperClientEndpoint dirRoots = (TLSWrapperClientEndpoint) client("tls:example.com:443:trustRoots=" + q(dir.resolve("cas").toString()));
        assertContains("1 trust roots", dirRoots.options().toString());
    }

    @Test
    void tlsClientOverAnExplicitEndpoint() {
        TLSWrapperClientEndpoint ep = (TLSWrapperClientEndpoint) client("tls:example.com:443:endpoint=tcp\\:10.0.0.5\\:8443");
        assertEquals("example.com", ((ClientTlsOptions) ep.options()).hostname());
        TCP4ClientEndpoint inner = assertInstanceOf(TCP4ClientEndpoint.class, ep.wrappedEndpoint());
        assertEquals("10.0.0.5", inner.host());
        assertEquals(8443, inner.port());
        ep.connect(Factory.forProtocol(Nothing::new));
        assertEquals("10.0.0.5", reactor.tcpClients().get(0).host());
    }

    @Test
    void tlsClientConnectsAndFiresWithTheApplicationProtocol() {
        TLSWrapperClientEndpoint ep = (TLSWrapperClientEndpoint) client("tls:example.com:443:endpoint=tcp\\:10.0.0.5\\:8443");
        Nothing app = new Nothing();
        Deferred<Nothing> d = Endpoints.connectProtocol(ep, app);
        var transport = reactor.tcpClients().get(0).connector().succeed();
        assertSame(app, d.currentResult());
        byte[] sent = transport.value();
        assertEquals(0x16, sent[0], "a TLS handshake record (RFC 8446 section 5.1) goes first");
        assertEquals(0x01, sent[5], "ClientHello");
    }

    @Test
    void tlsClientErrorsNameTheBadPart() {
        assertContains("tls: missing port", clientError("tls:example.com"));
        assertContains("tls: missing host", clientError("tls:port=443"));
        assertContains("tls: host is empty", clientError("tls::443"));
        assertContains("tls: port 'https' is not a number", clientError("tls:example.com:https"));
        assertContains("tls: trustRoots '/nonexistent' does not exist", clientError("tls:example.com:443:trustRoots=/nonexistent"));
        assertContains("tls: privateKey given without certificate", clientError("tls:example.com:443:privateKey=" + q(key)));
        assertContains("tls: endpoint 'bogus:1': unknown endpoint type 'bogus'", clientError("tls:example.com:443:endpoint=bogus\\:1"));
        assertContains("tls: unknown parameter 'caCertsDir'", clientError("tls:example.com:443:caCertsDir=/etc/ssl/certs"));
        assertContains("tls: too many positional arguments", clientError("tls:a:1:2:3:4:5:6:7:8"));
    }

    @Test
    void quoteStringArgumentRoundTrips() {
        assertEquals("C\\:/key.pem", Endpoints.quoteStringArgument("C:/key.pem"));
        assertEquals("a\\\\b", Endpoints.quoteStringArgument("a\\b"));
        String path = "/tmp/we:ird\\name";
        assertEquals(path, ((UNIXServerEndpoint) server("unix:" + Endpoints.quoteStringArgument(path))).path());
    }

    @Test
    void typesAreListed() {
        assertEquals(List.of("ssl", "tcp", "tcp6", "unix"), Endpoints.serverTypes());
    }
}
