package io.twisted.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.application.MultiService;
import io.twisted.application.Service;
import io.twisted.application.ServiceMaker;
import io.twisted.application.UsageError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailServiceMakerTest {

    @TempDir
    Path dir;

    private Service make(String... args) {
        MailServiceMaker maker = new MailServiceMaker();
        return maker.makeService(io.twisted.internet.Reactor.create(), maker.options().parse(List.of(args)));
    }

    @Test
    void isFoundAsTheMailPlugin() {
        List<String> names = new ArrayList<>();
        for (ServiceMaker m : ServiceLoader.load(ServiceMaker.class)) {
            names.add(m.tapname());
        }
        assertTrue(names.contains("mail"), names.toString());
    }

    @Test
    void runsOneServerPerEndpoint() {
        Service s = make("--smtp", "tcp:0", "--smtp", "tcp:0", "--pop3", "tcp:0", "--no-imap4",
                "--maildirdbmdomain", "example.com=" + dir, "--user", "alice=secret");
        List<Service> children = new ArrayList<>();
        ((MultiService) s).forEach(children::add);
        assertEquals(3, children.size());
    }

    @Test
    void acceptsTwistedsShortOptions() {
        MailServiceMaker maker = new MailServiceMaker();
        var parsed = maker.options().parse(List.of("-s", "tcp:0", "-p", "tcp:0", "-d", "example.com=" + dir, "-u", "alice=secret",
                "-H", "mx.example.com", "-E", "-b"));
        assertEquals(List.of("tcp:0"), parsed.getAll("smtp"));
        assertEquals(List.of("tcp:0"), parsed.getAll("pop3"));
        assertEquals(List.of("example.com=" + dir), parsed.getAll("maildirdbmdomain"));
        assertEquals(List.of("alice=secret"), parsed.getAll("user"));
        assertEquals("mx.example.com", parsed.get("hostname"));
        assertTrue(parsed.isSet("esmtp"));
        assertTrue(parsed.isSet("bounce-to-postmaster"));
    }

    @Test
    void badValuesAreUsageErrors() {
        assertThrows(UsageError.class, () -> make("--maildirdbmdomain", "example.com"));
        assertThrows(UsageError.class, () -> make("--maildirdbmdomain", "example.com=" + dir, "--user", "alice"));
        assertThrows(UsageError.class, () -> make("--maildirdbmdomain", "example.com=" + dir, "--user", "../x=pw"));
        assertThrows(UsageError.class, () -> make("--certificate", dir.resolve("missing.pem").toString()));
        assertThrows(UsageError.class, () -> make("--max-message-size", "lots"));
        assertThrows(UsageError.class, () -> make("--passwordfile", dir.resolve("nope").toString()));
    }

    @Test
    void relayNetworksNeedARelayQueue() {
        assertTrue(new MailServiceMaker().options().options().stream().anyMatch(o -> o.name().equals("relay")));
        assertThrows(UsageError.class, () -> make("--relay-network", "127.0.0.1/32"));
    }
}
