package io.twisted.internet.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager over in-memory {@link PrivateCertificate}s that picks the server certificate by
 * the SNI host name the client sent (RFC 6066 section 3), falling back to the default certificate
 * when the client sent no name or a name we have no certificate for.
 *
 * <p>Names match case-insensitively; an entry {@code *.example.com} matches exactly one label
 * ({@code a.example.com}, not {@code a.b.example.com}), as RFC 6125 section 6.4.3 matches
 * wildcards. The certificate is offered only for the key type the JDK asks for ({@code RSA},
 * {@code EC}, ...), so an RSA and an EC certificate may not stand in for each other.
 */
final class NamedKeyManager extends X509ExtendedKeyManager {

    private static final String DEFAULT_ALIAS = "default";

    private final Map<String, PrivateCertificate> byAlias = new LinkedHashMap<>();
    private final Map<String, String> aliasByName = new LinkedHashMap<>();

    /**
     * @param defaultCertificate used without SNI or for an unknown name; may be null when
     *     {@code byName} is not empty (then an unknown name fails the handshake)
     * @param byName host name (or {@code *.domain}) to certificate
     */
    NamedKeyManager(PrivateCertificate defaultCertificate, Map<String, PrivateCertificate> byName) {
        if (defaultCertificate != null) {
            byAlias.put(DEFAULT_ALIAS, defaultCertificate);
        }
        int i = 0;
        for (Map.Entry<String, PrivateCertificate> e : byName.entrySet()) {
            String alias = "sni-" + (i++);
            byAlias.put(alias, e.getValue());
            aliasByName.put(e.getKey().toLowerCase(Locale.ROOT), alias);
        }
    }

    /** The alias for {@code hostName}, or null. */
    String aliasFor(String hostName) {
        String name = hostName.toLowerCase(Locale.ROOT);
        String alias = aliasByName.get(name);
        if (alias == null) {
            int dot = name.indexOf('.');
            if (dot > 0) {
                alias = aliasByName.get("*" + name.substring(dot));
            }
        }
        return alias;
    }

    private boolean fits(String alias, String keyType) {
        PrivateCertificate pc = byAlias.get(alias);
        if (pc == null) {
            return false;
        }
        String alg = pc.privateKey().getAlgorithm();
        return alg.equals(keyType) || ("EdDSA".equals(keyType) && alg.startsWith("Ed"))
                || ("RSASSA-PSS".equals(keyType) && alg.equals("RSA")) || ("Ed25519".equals(alg) && "EdDSA".equals(keyType));
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        String alias = DEFAULT_ALIAS;
        SSLSession hs = engine == null ? null : engine.getHandshakeSession();
        if (hs instanceof ExtendedSSLSession) {
            for (SNIServerName n : ((ExtendedSSLSession) hs).getRequestedServerNames()) {
                if (n.getType() == StandardConstants.SNI_HOST_NAME) {
                    String named = aliasFor(((SNIHostName) n).getAsciiName());
                    if (named != null) {
                        alias = named;
                    }
                }
            }
        }
        return fits(alias, keyType) ? alias : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return fits(DEFAULT_ALIAS, keyType) ? DEFAULT_ALIAS : null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return chooseClientAlias(keyTypes, issuers, null);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        for (String keyType : keyTypes) {
            if (fits(DEFAULT_ALIAS, keyType)) {
                return DEFAULT_ALIAS;
            }
        }
        return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return aliases(keyType);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return aliases(keyType);
    }

    private String[] aliases(String keyType) {
        List<String> out = new ArrayList<>();
        for (String a : byAlias.keySet()) {
            if (fits(a, keyType)) {
                out.add(a);
            }
        }
        return out.isEmpty() ? null : out.toArray(new String[0]);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        PrivateCertificate pc = byAlias.get(alias);
        return pc == null ? null : pc.certificateChain().toArray(new X509Certificate[0]);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        PrivateCertificate pc = byAlias.get(alias);
        return pc == null ? null : pc.privateKey();
    }
}
