package io.twisted.names.tap;

import io.twisted.application.MultiService;
import io.twisted.application.Options;
import io.twisted.application.ParsedOptions;
import io.twisted.application.Service;
import io.twisted.application.ServiceMaker;
import io.twisted.application.UsageError;
import io.twisted.internet.Reactor;
import io.twisted.names.client.CachingResolver;
import io.twisted.names.client.ClientResolver;
import io.twisted.names.client.HostsResolver;
import io.twisted.names.client.RecursiveResolver;
import io.twisted.names.client.Resolver;
import io.twisted.names.client.ResolverChain;
import io.twisted.names.dns.DnsFormatException;
import io.twisted.names.dns.DnsName;
import io.twisted.names.server.AddressNetworks;
import io.twisted.names.server.DnsQueryHandler;
import io.twisted.names.server.DnsServerFactory;
import io.twisted.names.server.SecondaryZoneService;
import io.twisted.names.zone.Zone;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code twist dns}: an authoritative DNS server over UDP and TCP for the zones of BIND master
 * files (Twisted's {@code twist dns}).
 *
 * <pre>
 * twist dns --port 5353 --interface 127.0.0.1 --bindzone example.zone [--bindzone other.zone] [--querylog]
 * twist dns --listen tcp:5353:interface=127.0.0.1 --bindzone example.zone
 * </pre>
 *
 * {@code --listen} takes {@code tcp:PORT[:interface=ADDR]} (or {@code udp:}); each serves both UDP
 * and TCP on that port. Questions outside the served zones get REFUSED, unless recursion is on:
 * {@code --hosts-file FILE}, {@code --resolv-conf FILE} (forward to its nameservers) or
 * {@code --recursive} (iterate from the root servers) make the server answer them for the clients
 * in {@code --allow-recursion} (loopback by default), from the hosts file first, behind a
 * TTL-honouring cache with {@code --cache}. {@code --secondary DOMAIN:IP[:PORT]} serves a zone
 * transferred from a primary and refreshed on its SOA timers.
 */
public final class DnsServiceMaker implements ServiceMaker {

    @Override
    public String tapname() {
        return "dns";
    }

    @Override
    public String description() {
        return "A domain name server (UDP and TCP): authoritative for BIND zone files and secondary zones, optionally recursive.";
    }

    @Override
    public Options options() {
        return new Options()
                .parameter("port", 'p', "PORT", "53", "The port on which to listen (UDP and TCP).")
                .parameter("interface", 'i', "ADDR", "", "The interface (address) to listen on; empty for all.")
                .repeatable("listen", "ENDPOINT", List.of(),
                        "Listen on tcp:PORT[:interface=ADDR], UDP and TCP; replaces --port/--interface.")
                .repeatable("bindzone", "FILE", List.of(), "A BIND master file to serve authoritatively.")
                .parameter("udp-payload", "OCTETS", String.valueOf(io.twisted.names.dns.Edns.DEFAULT_PAYLOAD),
                        "The largest UDP response sent to EDNS clients (512-65535).")
                .repeatable("secondary", "DOMAIN:IP[:PORT]", List.of(),
                        "Serve DOMAIN as a secondary, transferred (AXFR) from the primary at IP.")
                .parameter("resolv-conf", "FILE", null,
                        "Answer other names by asking the nameservers of this resolv.conf (recursion).")
                .parameter("hosts-file", "FILE", null, "Answer other names from this hosts file (recursion).")
                .flag("recursive", 'r', "Answer other names by iterating from the root servers (recursion).")
                .flag("cache", 'c', "Cache recursive answers (TTLs and negative caching, RFC 2308).")
                .parameter("allow-recursion", "NETWORKS", AddressNetworks.LOOPBACK,
                        "Comma-separated networks (CIDR) whose clients may use recursion.")
                .flag("querylog", 'v', "Log every query and its outcome.")
                .alias("verbose", "querylog");
    }

    @Override
    public Service makeService(Reactor reactor, ParsedOptions options) {
        List<Zone> zones = new ArrayList<>();
        for (String file : options.getAll("bindzone")) {
            try {
                zones.add(Zone.fromMasterFile(Path.of(file), null));
            } catch (IOException e) {
                throw new UsageError("cannot read zone file " + file + ": " + e.getMessage());
            } catch (DnsFormatException e) {
                throw new UsageError("bad zone file: " + e.getMessage());
            }
        }
        Resolver recursor = recursor(reactor, options);
        List<String> secondaries = options.getAll("secondary");
        if (zones.isEmpty() && recursor == null && secondaries.isEmpty()) {
            throw new UsageError("give at least one --bindzone FILE or --secondary, or --resolv-conf/--hosts-file (nothing to serve)");
        }
        int payload = options.getInt("udp-payload", 512, 65535);
        DnsQueryHandler handler = new DnsQueryHandler(zones, payload).setQueryLog(options.isSet("querylog"));
        if (recursor != null) {
            AddressNetworks allowed;
            try {
                allowed = AddressNetworks.parse(options.get("allow-recursion"));
            } catch (IllegalArgumentException e) {
                throw new UsageError("--allow-recursion: " + e.getMessage());
            }
            handler.setRecursion(recursor, allowed);
        } else if (options.isSet("cache") || options.isSet("allow-recursion")) {
            throw new UsageError("--cache and --allow-recursion need --recursive, --resolv-conf or --hosts-file");
        }
        DnsServerFactory factory = new DnsServerFactory(handler, reactor);
        MultiService all = new MultiService();
        for (String spec : secondaries) {
            parseSecondary(reactor, handler, spec).setServiceParent(all);
        }
        List<String> listens = options.getAll("listen");
        if (listens.isEmpty()) {
            new DnsPortService(reactor, factory, options.getInt("port", 0, 65535), options.get("interface")).setServiceParent(all);
        }
        for (String l : listens) {
            parseListen(reactor, factory, l).setServiceParent(all);
        }
        return all;
    }

    private static SecondaryZoneService parseSecondary(Reactor reactor, DnsQueryHandler handler, String spec) {
        int colon = spec.indexOf(':');
        if (colon <= 0) {
            throw new UsageError("--secondary '" + spec + "': expected DOMAIN:IP[:PORT]");
        }
        DnsName domain;
        try {
            domain = DnsName.of(spec.substring(0, colon));
        } catch (DnsFormatException e) {
            throw new UsageError("--secondary '" + spec + "': " + e.getMessage());
        }
        String rest = spec.substring(colon + 1);
        String host = rest;
        int port = 53;
        if (rest.startsWith("[")) {
            int end = rest.indexOf(']');
            host = end < 0 ? "" : rest.substring(1, end);
            if (end >= 0 && rest.length() > end + 1) {
                port = parsePort(spec, rest.substring(end + 1).replaceFirst("^:", ""));
            }
        } else if (rest.chars().filter(c -> c == ':').count() == 1) {
            host = rest.substring(0, rest.indexOf(':'));
            port = parsePort(spec, rest.substring(rest.indexOf(':') + 1));
        }
        if (!host.matches("[0-9a-fA-F:.]+") || !(host.contains(".") || host.contains(":"))) {
            throw new UsageError("--secondary '" + spec + "': the primary must be an IP address");
        }
        return new SecondaryZoneService(reactor, handler, domain, new InetSocketAddress(host, port));
    }

    private static int parsePort(String spec, String text) {
        if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw new UsageError("--secondary '" + spec + "': bad port '" + text + "'");
        }
        return Integer.parseInt(text);
    }

    private static Resolver recursor(Reactor reactor, ParsedOptions options) {
        List<Resolver> chain = new ArrayList<>();
        try {
            if (options.get("hosts-file") != null) {
                chain.add(HostsResolver.read(Path.of(options.get("hosts-file"))));
            }
            if (options.isSet("recursive")) {
                if (options.get("resolv-conf") != null) {
                    throw new UsageError("give --recursive or --resolv-conf, not both");
                }
                chain.add(RecursiveResolver.withRootServers(reactor));
            }
            if (options.get("resolv-conf") != null) {
                Path file = Path.of(options.get("resolv-conf"));
                if (!Files.isReadable(file)) {
                    throw new UsageError("cannot read --resolv-conf " + file);
                }
                chain.add(ClientResolver.fromResolvConf(reactor, file));
            }
        } catch (IOException e) {
            throw new UsageError("cannot read " + e.getMessage());
        }
        if (chain.isEmpty()) {
            return null;
        }
        Resolver r = chain.size() == 1 ? chain.get(0) : new ResolverChain(chain);
        return options.isSet("cache") ? new CachingResolver(r, reactor) : r;
    }

    private static DnsPortService parseListen(Reactor reactor, DnsServerFactory factory, String description) {
        String[] parts = description.split(":");
        if (parts.length < 2 || !(parts[0].equals("tcp") || parts[0].equals("udp"))) {
            throw new UsageError("--listen '" + description + "': expected tcp:PORT[:interface=ADDR]");
        }
        String iface = "";
        String portText = null;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            if (p.startsWith("interface=")) {
                iface = p.substring("interface=".length());
            } else if (p.startsWith("port=")) {
                portText = p.substring("port=".length());
            } else if (portText == null && !p.contains("=")) {
                portText = p;
            } else {
                throw new UsageError("--listen '" + description + "': unsupported argument '" + p + "'");
            }
        }
        if (portText == null || !portText.matches("[0-9]{1,5}") || Integer.parseInt(portText) > 65535) {
            throw new UsageError("--listen '" + description + "': bad port");
        }
        return new DnsPortService(reactor, factory, Integer.parseInt(portText), iface);
    }
}
