package io.twisted.internet;

import io.twisted.internet.process.ProcessProtocol;
import io.twisted.internet.process.ProcessTransport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Spawning child processes (Twisted's {@code IReactorProcess}). The process's stdin, stdout and
 * stderr are pipes connected to {@code protocol}, whose callbacks all run on the reactor thread;
 * see {@link io.twisted.internet.process} for the event flow.
 */
public interface ReactorProcess {

    /**
     * Starts {@code executable} and connects it to {@code protocol}; {@code protocol.makeConnection}
     * runs before this method returns. Call on the reactor thread.
     *
     * @param protocol receives the process's output and its end
     * @param executable the program to run (looked up on this JVM's {@code PATH} if not a path)
     * @param args the argument vector, including {@code argv[0]} as in Twisted ({@code args.get(0)}
     *     is not passed: Java always uses {@code executable} as {@code argv[0]}); may be empty
     * @param env the child's whole environment, or {@code null} to inherit this process's
     * @param path the child's working directory, or {@code null} for this process's
     * @return the transport, to write to stdin, close pipes and send signals
     * @throws java.io.UncheckedIOException if the process cannot be started (no such executable,
     *     no such directory, not executable)
     */
    ProcessTransport spawnProcess(ProcessProtocol protocol, String executable, List<String> args,
            Map<String, String> env, Path path);

    /**
     * Starts {@code executable} with this process's environment and working directory; see {@link
     * #spawnProcess(ProcessProtocol, String, List, Map, Path)}.
     */
    default ProcessTransport spawnProcess(ProcessProtocol protocol, String executable, List<String> args) {
        return spawnProcess(protocol, executable, args, null, null);
    }
}
