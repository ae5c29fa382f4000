package io.twisted.rfctests.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An example session from an RFC as a data file (format in {@code rfc5321/README.txt}): the
 * client's lines, the server's lines as the RFC shows them, documented deviations and the message
 * body the session must leave in a mailbox.
 */
final class SessionScript {

    /** One line of the script: its kind ({@code 'C'}, {@code 'S'}, {@code 'D'}) and text. */
    record Line(char kind, String text) {
    }

    final String resource;
    final List<Line> lines;
    /** The {@code M:} lines, joined with CRLF and ending in CRLF ("" when there are none). */
    final String message;

    private SessionScript(String resource, List<Line> lines, String message) {
        this.resource = resource;
        this.lines = lines;
        this.message = message;
    }

    static SessionScript load(String resource) {
        String text;
        try (InputStream in = SessionScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(resource, text);
    }

    /** The script in {@code text} (UTF-8 lines), named {@code resource} in messages. */
    static SessionScript parse(String resource, String text) {
        List<Line> lines = new ArrayList<>();
        StringBuilder message = new StringBuilder();
        int number = 0;
        for (String l : text.split("\n", -1)) {
            number++;
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (l.length() < 2 || l.charAt(1) != ':' || "CSDM".indexOf(l.charAt(0)) < 0) {
                throw new IllegalArgumentException(resource + " line " + number + ": not C:, S:, D:, M: or #: " + l);
            }
            String body = l.length() > 2 ? l.substring(l.charAt(2) == ' ' ? 3 : 2) : "";
            if (l.charAt(0) == 'M') {
                message.append(body).append("\r\n");
            } else {
                lines.add(new Line(l.charAt(0), body));
            }
        }
        return new SessionScript(resource, List.copyOf(lines), message.toString());
    }

    /**
     * Plays the script: for each run of server lines (with the deviations that follow them)
     * {@code check} is called with what is expected, before the next client line is sent.
     */
    void play(java.util.function.Consumer<String> send, java.util.function.BiConsumer<List<String>, List<String>> check) {
        List<String> expected = new ArrayList<>();
        List<String> deviations = new ArrayList<>();
        for (Line l : lines) {
            switch (l.kind()) {
                case 'S' -> expected.add(l.text());
                case 'D' -> deviations.add(l.text());
                default -> {
                    check.accept(List.copyOf(expected), List.copyOf(deviations));
                    expected.clear();
                    deviations.clear();
                    send.accept(l.text());
                }
            }
        }
        check.accept(List.copyOf(expected), List.copyOf(deviations));
    }
}
