package io.twisted.names.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of a resolv.conf file (resolv.conf(5)): {@code nameserver} (IP literals, at most
 * {@value #MAXNS} as glibc), {@code search}/{@code domain}, and {@code options ndots:N timeout:N
 * attempts:N}. Unknown lines are ignored, as the C library does. Without any nameserver the local
 * one (127.0.0.1:53) is used, as resolv.conf(5) says.
 */
public record ResolvConf(List<InetSocketAddress> nameservers, List<String> search, int ndots, int timeout, int attempts) {

    /** Most nameservers used, as glibc's MAXNS. */
    public static final int MAXNS = 3;

    public ResolvConf {
        nameservers = List.copyOf(nameservers);
        search = List.copyOf(search);
    }

    /** Reads a file; a missing file gives the defaults. */
    public static ResolvConf read(Path file) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return parse("");
        }
    }

    public static ResolvConf parse(String text) {
        List<InetSocketAddress> servers = new ArrayList<>();
        List<String> search = new ArrayList<>();
        int ndots = 1;
        int timeout = 5;
        int attempts = 2;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            String[] w = line.split("\\s+");
            switch (w[0]) {
                case "nameserver" -> {
                    if (w.length > 1 && servers.size() < MAXNS && isIpLiteral(w[1])) {
                        try {
                            servers.add(new InetSocketAddress(InetAddress.getByName(w[1]), 53));
                        } catch (IOException ignored) {
                            // not reachable: isIpLiteral checked the syntax
                        }
                    }
                }
                case "search" -> {
                    search.clear();
                    search.addAll(List.of(w).subList(1, w.length));
                }
                case "domain" -> {
                    search.clear();
                    if (w.length > 1) {
                        search.add(w[1]);
                    }
                }
                case "options" -> {
                    for (int i = 1; i < w.length; i++) {
                        String[] kv = w[i].split(":", 2);
                        if (kv.length == 2 && kv[1].matches("[0-9]{1,3}")) {
                            int v = Integer.parseInt(kv[1]);
                            switch (kv[0]) {
                                case "ndots" -> ndots = Math.min(v, 15);
                                case "timeout" -> timeout = Math.max(1, Math.min(v, 30));
                                case "attempts" -> attempts = Math.max(1, Math.min(v, 5));
                                default -> { }
                            }
                        }
                    }
                }
                default -> { }
            }
        }
        if (servers.isEmpty()) {
            servers.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), 53));
        }
        return new ResolvConf(servers, search, ndots, timeout, attempts);
    }

    private static boolean isIpLiteral(String s) {
        return s.matches("[0-9.]+") && s.chars().filter(c -> c == '.').count() == 3 || s.contains(":") && s.matches("[0-9a-fA-F:.%a-zA-Z]+");
    }
}
