package io.twisted.internet.tls;

/** Certificates shared by the TLS tests: made once per JVM (EC P-256, fast). */
final class TestPki {
    static final PrivateCertificate CA = SelfSigned.createAuthority("Twisted Test CA");
    static final PrivateCertificate OTHER_CA = SelfSigned.createAuthority("Some Other CA");
    static final PrivateCertificate LOCALHOST = SelfSigned.issue(CA, "localhost");
    static final PrivateCertificate OTHER_HOST = SelfSigned.issue(CA, "other.example");
    static final PrivateCertificate CLIENT = SelfSigned.issue(CA, "client.example");
    static final PrivateCertificate ROGUE_CLIENT = SelfSigned.issue(OTHER_CA, "client.example");
    static final PrivateCertificate ROGUE_LOCALHOST = SelfSigned.issue(OTHER_CA, "localhost");

    static ClientTlsOptions client(String host) {
        return TlsOptions.forClient(host).withTrustRoots(CA.certificateChain());
    }

    static ServerTlsOptions server() {
        return TlsOptions.forServer(LOCALHOST);
    }

    private TestPki() {
    }
}
