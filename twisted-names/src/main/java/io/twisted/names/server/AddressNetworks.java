package io.twisted.names.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A list of IP networks in CIDR notation ({@code 127.0.0.0/8,::1/128,192.0.2.7}), used to say which
 * clients may ask for recursion ({@code twist dns --allow-recursion}). A bare address is a /32 or
 * /128. IPv4-mapped IPv6 clients match IPv4 networks (the JDK reports them as IPv4).
 */
public final class AddressNetworks implements Predicate<SocketAddress> {

    /** Loopback only: the default for recursion. */
    public static final String LOOPBACK = "127.0.0.0/8,::1/128";

    private record Network(byte[] address, int prefix) {
    }

    private final List<Network> networks;
    private final String text;

    private AddressNetworks(List<Network> networks, String text) {
        this.networks = networks;
        this.text = text;
    }

    /**
     * Parses a comma-separated list; an empty string matches nobody.
     *
     * @throws IllegalArgumentException naming a bad entry
     */
    public static AddressNetworks parse(String text) {
        List<Network> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int slash = p.indexOf('/');
            String addr = slash < 0 ? p : p.substring(0, slash);
            if (!addr.matches("[0-9a-fA-F:.]+") || !(addr.contains(".") || addr.contains(":"))) {
                throw new IllegalArgumentException("not an IP network: '" + p + "'");
            }
            byte[] bytes;
            try {
                bytes = InetAddress.getByName(addr).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP network: '" + p + "'");
            }
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                String n = p.substring(slash + 1);
                if (!n.matches("[0-9]{1,3}") || Integer.parseInt(n) > bytes.length * 8) {
                    throw new IllegalArgumentException("bad prefix length in '" + p + "'");
                }
                prefix = Integer.parseInt(n);
            }
            out.add(new Network(bytes, prefix));
        }
        return new AddressNetworks(List.copyOf(out), text);
    }

    @Override
    public boolean test(SocketAddress address) {
        if (!(address instanceof InetSocketAddress) || ((InetSocketAddress) address).getAddress() == null) {
            return false;
        }
        byte[] a = ((InetSocketAddress) address).getAddress().getAddress();
        for (Network n : networks) {
            if (n.address().length == a.length && matches(n, a)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(Network n, byte[] a) {
        int bits = n.prefix();
        for (int i = 0; bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : 0xff << (8 - bits) & 0xff;
            if ((a[i] & mask) != (n.address()[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
