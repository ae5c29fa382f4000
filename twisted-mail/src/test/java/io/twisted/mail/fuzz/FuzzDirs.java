package io.twisted.mail.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary folders for fuzz tests, removed when the JVM exits (a fuzzing run makes many). */
final class FuzzDirs {

    private FuzzDirs() {
    }

    /** A new temporary folder named {@code prefix...}, deleted with its contents at JVM exit. */
    static Path tempDirDeletedAtExit(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code root} and everything under it, as far as it can. */
    static void delete(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // left in the temporary folder
        }
    }
}
