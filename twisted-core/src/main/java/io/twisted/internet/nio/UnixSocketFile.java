package io.twisted.internet.nio;

import io.twisted.internet.error.CannotListenError;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * The file-system side of a listening UNIX socket: removing a stale socket file safely, the
 * optional {@code path.lock} PID file (Twisted's {@code wantPID}), the file mode, and clean-up.
 *
 * <p>A socket file is stale when nothing accepts connections on it; only then is it removed. A
 * path that exists but is not a socket is never removed. Linux abstract-namespace names are not
 * supported (the JDK does not offer them).
 */
final class UnixSocketFile {

    private final Path path;
    private final int mode;
    private final boolean wantPID;
    private boolean lockHeld;

    UnixSocketFile(String path, int mode, boolean wantPID) {
        if (path == null || path.isEmpty()) {
            throw new CannotListenError("a UNIX socket needs a path");
        }
        if (path.charAt(0) == '\0') {
            throw new CannotListenError("abstract-namespace UNIX sockets are not supported: " + path.substring(1));
        }
        this.path = Path.of(path);
        this.mode = mode;
        this.wantPID = wantPID;
    }

    Path path() {
        return path;
    }

    UnixDomainSocketAddress address() {
        return UnixDomainSocketAddress.of(path);
    }

    Path lockPath() {
        return path.resolveSibling(path.getFileName() + ".lock");
    }

    /** Takes the lock (if wanted) and removes a stale socket file. */
    void prepare() throws IOException {
        if (wantPID) {
            takeLock();
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            if (!isSocket(path)) {
                releaseLock();
                throw new CannotListenError("Couldn't listen on " + path + ": the path exists and is not a socket");
            }
            if (answers(path)) {
                releaseLock();
                throw new CannotListenError("Couldn't listen on " + path + ": another process is listening on it");
            }
            Files.deleteIfExists(path);
        }
    }

    private void takeLock() throws IOException {
        Path lock = lockPath();
        String me = Long.toString(ProcessHandle.current().pid());
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Files.writeString(Files.createFile(lock), me, StandardCharsets.US_ASCII);
                lockHeld = true;
                return;
            } catch (FileAlreadyExistsException e) {
                Long pid = readPid(lock);
                if (pid != null && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    throw new CannotListenError("Couldn't listen on " + path + ": locked by running process " + pid
                            + " (" + lock + ")");
                }
                // A lock left by a dead process (or unreadable): take it over.
                Files.deleteIfExists(lock);
            }
        }
        throw new CannotListenError("Couldn't listen on " + path + ": could not take the lock " + lock);
    }

    static Long readPid(Path lock) {
        try {
            return Long.parseLong(Files.readString(lock, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** Sets the socket file's mode. */
    void afterBind() throws IOException {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int bit = 0; bit < 9; bit++) {
            if ((mode & (1 << bit)) != 0) {
                perms.add(order[bit]);
            }
        }
        try {
            Files.setPosixFilePermissions(path, perms);
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the mode cannot be applied
        }
    }

    /** Removes the socket file and our lock. */
    void cleanup() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            NioReactor.LOG.log(System.Logger.Level.WARNING, "could not remove " + path + ": " + e.getMessage());
        }
        releaseLock();
    }

    void releaseLock() {
        if (lockHeld) {
            lockHeld = false;
            try {
                Files.deleteIfExists(lockPath());
            } catch (IOException e) {
                NioReactor.LOG.log(System.Logger.Level.WARNING, "could not remove " + lockPath() + ": " + e.getMessage());
            }
        }
    }

    static boolean isSocket(Path p) {
        try {
            Object type = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return type instanceof Integer && (((Integer) type) & 0170000) == 0140000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** Whether something accepts connections on the socket file (a short blocking connect to a local file). */
    static boolean answers(Path p) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return ch.connect(UnixDomainSocketAddress.of(p));
        } catch (IOException e) {
            return false;
        }
    }
}
