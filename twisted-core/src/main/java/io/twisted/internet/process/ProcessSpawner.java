package io.twisted.internet.process;

import io.twisted.internet.ReactorThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Starts child processes with {@link ProcessBuilder} and connects them to a {@link
 * ProcessProtocol}: the implementation of {@link io.twisted.internet.ReactorProcess#spawnProcess}
 * for any reactor.
 *
 * <pre>{@code
 * ProcessTransport t = ProcessSpawner.spawnProcess(reactor, new MyProtocol(),
 *         "/bin/sh", List.of("sh", "-c", "cat; exit 3"), null, null);
 * t.write("hello".getBytes(US_ASCII));
 * t.closeStdin();
 * }</pre>
 */
public final class ProcessSpawner {

    private ProcessSpawner() {
    }

    /**
     * Starts {@code executable} with pipes for stdin, stdout and stderr, and connects it to {@code
     * protocol}, whose {@code makeConnection} runs before this returns. Call on {@code reactor}'s
     * thread (or before it runs, from the thread that will run it); every later callback runs there
     * through {@link ReactorThreads#callFromThread}.
     *
     * <p>Differences from Twisted: Java always passes {@code executable} as {@code argv[0]}, so
     * {@code args.get(0)} is not seen by the child; an {@code executable} without a slash is looked
     * up on this JVM's {@code PATH}, not the one in {@code env}; {@code childFDs} and {@code
     * usePTY} are not supported (the child always gets three pipes).
     *
     * @param reactor the reactor whose thread runs the protocol
     * @param protocol receives the process's output and its end
     * @param executable the program to run
     * @param args the argument vector including {@code argv[0]} ({@code null} or empty: no arguments)
     * @param env the child's whole environment, or {@code null} to inherit this process's
     * @param path the working directory, or {@code null} for this process's
     * @return the transport
     * @throws UncheckedIOException if the process cannot be started: no such executable, not
     *     executable, no such directory
     * @throws IllegalArgumentException if {@code env} holds a name with {@code '='} or a NUL
     *     character
     */
    public static ProcessTransport spawnProcess(ReactorThreads reactor, ProcessProtocol protocol, String executable,
            List<String> args, Map<String, String> env, Path path) {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(executable, "executable");
        List<String> command = new ArrayList<>();
        command.add(executable);
        if (args != null && args.size() > 1) {
            command.addAll(args.subList(1, args.size()));
        }
        for (String a : command) {
            Objects.requireNonNull(a, "null argument");
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        if (env != null) {
            Map<String, String> environment = builder.environment();
            environment.clear();
            env.forEach((k, v) -> environment.put(Objects.requireNonNull(k, "null environment name"),
                    Objects.requireNonNull(v, "null value for environment variable " + k)));
        }
        if (path != null) {
            builder.directory(path.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spawn process " + executable
                    + (path != null ? " in " + path : "") + ": " + e.getMessage(), e);
        }
        ChildProcess child = new ChildProcess(reactor, protocol, process);
        child.start();
        return child;
    }
}
