package io.twisted.internet.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

class TlsOptionsTest {

    @Test
    void clientDefaultsVerifyTheHostAndSendSni() {
        SSLEngine e = TlsOptions.forClient("example.com").createEngine(new InetSocketAddress("127.0.0.1", 443));
        SSLParameters p = e.getSSLParameters();
        assertTrue(e.getUseClientMode());
        assertEquals("HTTPS", p.getEndpointIdentificationAlgorithm());
        assertEquals(List.of(new SNIHostName("example.com")), p.getServerNames());
        assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, p.getProtocols());
        assertEquals("example.com", e.getPeerHost());
        assertEquals(443, e.getPeerPort());
    }

    @Test
    void ipLiteralsGetNoSni() {
        for (String host : List.of("127.0.0.1", "::1", "[::1]")) {
            ClientTlsOptions o = TlsOptions.forClient(host);
            SSLParameters p = o.createEngine(null).getSSLParameters();
            assertTrue(p.getServerNames() == null || p.getServerNames().isEmpty(), host);
            assertEquals("HTTPS", p.getEndpointIdentificationAlgorithm());
        }
        assertEquals("::1", TlsOptions.forClient("[::1]").hostname());
    }

    @Test
    void serverDefaultsAndClientAuthModes() {
        SSLEngine e = TestPki.server().createEngine(null);
        assertFalse(e.getUseClientMode());
        assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, e.getEnabledProtocols());
        assertFalse(e.getNeedClientAuth() || e.getWantClientAuth());
        assertTrue(TestPki.server().withClientAuth(ClientAuth.REQUIRED, TestPki.CA.certificateChain()).createEngine(null).getNeedClientAuth());
        assertTrue(TestPki.server().withClientAuth(ClientAuth.OPTIONAL, TestPki.CA.certificateChain()).createEngine(null).getWantClientAuth());
        assertArrayEquals(new String[] {"h2"}, TestPki.server().withAlpn("h2").createEngine(null).getSSLParameters().getApplicationProtocols());
    }

    @Test
    void optionsAreImmutableAndShareTheirContext() {
        ClientTlsOptions base = TestPki.client("localhost");
        ClientTlsOptions alpn = base.withAlpn("h2");
        assertEquals(List.of(), base.alpnProtocols());
        assertEquals(List.of("h2"), alpn.alpnProtocols());
        assertSame(base.sslContext(), base.sslContext());
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TlsOptions.forClient(""));
        assertThrows(IllegalArgumentException.class, () -> TlsOptions.forClient("x").withAlpn(""));
        assertThrows(IllegalArgumentException.class, () -> TlsOptions.forClient("x").withProtocols("SSLv3"));
        assertThrows(IllegalArgumentException.class, () -> TlsOptions.forClient("x").withTrustRoots(List.of()));
        assertThrows(IllegalArgumentException.class, () -> TestPki.server().withClientAuth(ClientAuth.REQUIRED, List.of()));
        SSLEngine none = TestPki.server().withClientAuth(ClientAuth.NONE, List.of()).createEngine(null);
        assertFalse(none.getNeedClientAuth() || none.getWantClientAuth(), "NONE needs no CA list");
    }
}
