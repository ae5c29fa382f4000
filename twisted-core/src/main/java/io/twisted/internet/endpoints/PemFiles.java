package io.twisted.internet.endpoints;

import io.twisted.internet.tls.Pem;
import io.twisted.internet.tls.PrivateCertificate;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the PEM files an endpoint description names, turning every problem into an
 * {@link IllegalArgumentException} that names the endpoint type and the parameter.
 */
final class PemFiles {

    private PemFiles() {
    }

    /** The key of {@code keyFile} with the certificate chain of {@code certFile} (the same file for a combined PEM). */
    static PrivateCertificate privateCertificate(String type, String keyParam, String keyFile, String certParam, String certFile) {
        Path key = existing(type, keyParam, keyFile);
        Path cert = existing(type, certParam, certFile);
        try {
            return PrivateCertificate.fromPem(key, cert);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(type + ": cannot load " + keyParam + " '" + keyFile + "' / " + certParam + " '"
                    + certFile + "': " + e.getMessage(), e);
        }
    }

    /** The certificates of one PEM file; at least one. */
    static List<X509Certificate> certificates(String type, String param, String file) {
        Path path = existing(type, param, file);
        try {
            return Pem.readCertificates(path);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(type + ": " + param + " '" + file + "' holds no usable PEM certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The certificates of every {@code *.pem} file of a directory (Twisted's {@code caCertsDir}:
     * unreadable or malformed files are skipped, as Twisted does), or of one PEM file when
     * {@code allowFile} and the path is a file.
     */
    static List<X509Certificate> trustRoots(String type, String param, String location, boolean allowFile) {
        Path path = existing(type, param, location);
        if (!Files.isDirectory(path)) {
            if (allowFile) {
                return certificates(type, param, location);
            }
            throw new IllegalArgumentException(type + ": " + param + " '" + location + "' is not a directory");
        }
        List<X509Certificate> found = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(path)) {
            List<Path> children = new ArrayList<>();
            dir.forEach(children::add);
            children.sort(null);
            for (Path child : children) {
                if (!child.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pem") || !Files.isRegularFile(child)) {
                    continue;
                }
                try {
                    found.addAll(Pem.readCertificates(child));
                } catch (RuntimeException skipped) {
                    // As Twisted's _loadCAsFromDir: a file that is not a certificate is not a CA.
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(type + ": cannot list " + param + " '" + location + "': " + e, e);
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException(type + ": " + param + " '" + location + "' holds no PEM certificate (*.pem)");
        }
        return found;
    }

    private static Path existing(String type, String param, String file) {
        if (file.isEmpty()) {
            throw new IllegalArgumentException(type + ": " + param + " is empty");
        }
        Path path = Path.of(file);
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(type + ": " + param + " '" + file + "' does not exist");
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(type + ": " + param + " '" + file + "' is not readable");
        }
        return path;
    }
}
