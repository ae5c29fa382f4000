package io.twisted.internet.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SelfSignedTest {

    @Test
    void localhostCertificateNamesLocalhostAndLoopbackAddresses() throws Exception {
        PrivateCertificate pc = SelfSigned.create("localhost");
        X509Certificate cert = pc.certificate();
        Collection<List<?>> sans = cert.getSubjectAlternativeNames();
        Set<String> names = sans.stream().map(l -> l.get(0) + ":" + l.get(1)).collect(Collectors.toSet());
        assertTrue(names.contains("2:localhost"), "dns:localhost in " + names);
        assertTrue(names.contains("7:127.0.0.1"), "ip:127.0.0.1 in " + names);
        assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
        cert.verify(cert.getPublicKey());             // self-signed
        assertEquals(-1, cert.getBasicConstraints(), "not a CA");
    }

    @Test
    void selfSignedCertificateServesTlsForNameAndAddress() {
        PrivateCertificate pc = SelfSigned.create("localhost");
        for (String host : List.of("localhost", "127.0.0.1")) {
            Recorder clientApp = new Recorder().greeting("hi " + host);
            Recorder serverApp = new Recorder();
            Shuttle s = new Shuttle(new TlsLayer(clientApp, TlsOptions.forClient(host).withTrustRoots(pc.certificateChain())),
                    new TlsLayer(serverApp, TlsOptions.forServer(pc))).connect();
            s.pump();
            assertNull(clientApp.lost, () -> host + ": " + clientApp.lost.value());
            assertEquals("hi " + host, serverApp.text());
            assertEquals(host.equals("localhost") ? "localhost" : null, serverApp.tls().serverName(), "no SNI for IP literals");
        }
    }

    @Test
    void issuedCertificatesChainToTheirAuthority() throws Exception {
        X509Certificate leaf = TestPki.LOCALHOST.certificate();
        leaf.verify(TestPki.CA.certificate().getPublicKey());
        assertEquals(List.of(leaf, TestPki.CA.certificate()), TestPki.LOCALHOST.certificateChain());
        assertTrue(TestPki.CA.certificate().getBasicConstraints() >= 0, "the authority is a CA");
    }

    /** Loads core's classes without Bouncy Castle: TLS works, SelfSigned says what is missing. */
    @Test
    void worksWithoutBouncyCastleOnTheClassPath() throws Exception {
        URL coreClasses = TlsLayer.class.getProtectionDomain().getCodeSource().getLocation();
        assertTrue(Path.of(coreClasses.toURI()).toString().endsWith("classes"), "core's main classes: " + coreClasses);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {coreClasses}, ClassLoader.getPlatformClassLoader())) {
            Class<?> pem = loader.loadClass(Pem.class.getName());
            assertTrue(pem.getClassLoader() == loader, "isolated copy of core");
            Method readCertificates = pem.getMethod("readCertificates", String.class, String.class);
            List<?> certs = (List<?>) readCertificates.invoke(null, TestPki.LOCALHOST.certificatePem(), "chain");
            assertEquals(2, certs.size());
            Class<?> options = loader.loadClass(TlsOptions.class.getName());
            Object client = options.getMethod("forClient", String.class).invoke(null, "localhost");
            assertTrue((Boolean) options.getMethod("isClient").invoke(client));
            loader.loadClass(TlsLayer.class.getName()).getMethod("startTls",
                    loader.loadClass("io.twisted.internet.Transport"), loader.loadClass(ProtocolLayering.class.getName()), options);
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.bouncycastle.asn1.x500.X500Name"));

            Method create = loader.loadClass(SelfSigned.class.getName()).getMethod("create", String.class);
            InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> create.invoke(null, "localhost"));
            IllegalStateException ise = assertInstanceOf(IllegalStateException.class, e.getCause());
            assertTrue(ise.getMessage().contains("bcpkix-jdk18on"), ise.getMessage());
        }
    }
}
