package io.twisted.twist;

import io.twisted.application.Options;
import io.twisted.application.ParsedOptions;
import io.twisted.application.UsageError;
import io.twisted.cred.checkers.PasswordFile;
import io.twisted.cred.checkers.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code twist passwd}: adds, changes or removes a user in a password file of the format
 * {@link PasswordFile} reads (PBKDF2 hashes, never plain text), the file that
 * {@code twist mail --passwordfile} and the other plugins' password-file options take.
 *
 * <pre>
 *   twist passwd users.txt alice                  asks for the password twice (on a terminal)
 *   printf 'secret\n' | twist passwd users.txt bob     reads one line from standard input
 *   twist passwd --delete users.txt bob
 * </pre>
 *
 * <p>The file is created when missing (mode 0600) and replaced atomically; its other lines,
 * comments included, are kept. Exit status: 0 done, 1 the file could not be read or written, 2 a
 * usage error.
 */
public final class PasswdTool {

    /** The tool's name on the {@code twist} command line. */
    public static final String NAME = "passwd";

    /** The one-line description shown by {@code twist --help}. */
    public static final String DESCRIPTION = "Add, change or remove a user in a password file (PBKDF2 hashes).";

    private final InputStream in;
    private final Console console;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param in where a password is read from when there is no console
     * @param console the terminal, or {@code null}
     */
    public PasswdTool(InputStream in, Console console, PrintStream out, PrintStream err) {
        this.in = in;
        this.console = console;
        this.out = out;
        this.err = err;
    }

    static Options options() {
        return new Options()
                .flag("delete", "Remove the user instead of setting a password.")
                .parameter("iterations", "N", Integer.toString(PasswordHash.DEFAULT_ITERATIONS),
                        "PBKDF2-HMAC-SHA256 iterations for the new hash.")
                .arguments("FILE USER")
                .longDescription("The password is asked for twice on a terminal, or read as one line from standard input.");
    }

    /** Runs the tool with its arguments (those after {@code passwd}); returns the exit status. */
    public int run(List<String> args) {
        String command = "twist " + NAME;
        Options options = options();
        ParsedOptions parsed;
        int iterations;
        try {
            parsed = options.parse(args);
            if (parsed.helpRequested()) {
                out.print(options.help(command, DESCRIPTION));
                return 0;
            }
            if (parsed.arguments().size() != 2) {
                throw new UsageError("expected FILE and USER, got " + parsed.arguments().size() + " argument(s)");
            }
            iterations = parsed.getInt("iterations", 1_000, PasswordHash.MAX_ITERATIONS);
        } catch (UsageError e) {
            err.println(command + ": error: " + e.getMessage());
            err.println("Try '" + command + " --help' for more information.");
            return Twist.EXIT_USAGE;
        }
        Path file = Path.of(parsed.arguments().get(0));
        String user = parsed.arguments().get(1);
        PasswordFile passwords;
        try {
            passwords = PasswordFile.load(file);
        } catch (IOException e) {
            err.println(command + ": cannot read " + file + ": " + e.getMessage());
            return 1;
        }
        String done;
        if (parsed.isSet("delete")) {
            if (!passwords.remove(user)) {
                err.println(command + ": no user '" + user + "' in " + file);
                return 1;
            }
            done = "removed " + user + " from " + file;
        } else {
            char[] password;
            try {
                password = readPassword(user);
            } catch (IOException | UsageError e) {
                err.println(command + ": " + e.getMessage());
                return 1;
            }
            try {
                passwords.setPassword(user, password, iterations);
            } catch (IllegalArgumentException e) {
                err.println(command + ": error: " + e.getMessage());
                return Twist.EXIT_USAGE;
            } finally {
                Arrays.fill(password, '\0');
            }
            done = "set the password of " + user + " in " + file;
        }
        try {
            passwords.save();
        } catch (IOException e) {
            err.println(command + ": cannot write " + file + ": " + e.getMessage());
            return 1;
        }
        out.println(done);
        return 0;
    }

    private char[] readPassword(String user) throws IOException {
        char[] password;
        if (console != null) {
            password = console.readPassword("Password for %s: ", user);
            char[] again = console.readPassword("Again: ");
            if (password == null || again == null) {
                throw new UsageError("no password given");
            }
            boolean same = Arrays.equals(password, again);
            Arrays.fill(again, '\0');
            if (!same) {
                Arrays.fill(password, '\0');
                throw new UsageError("the passwords differ; nothing changed");
            }
        } else {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new UsageError("no password on standard input");
            }
            password = line.toCharArray();
        }
        if (password.length == 0) {
            throw new UsageError("the password is empty; nothing changed");
        }
        return password;
    }
}
