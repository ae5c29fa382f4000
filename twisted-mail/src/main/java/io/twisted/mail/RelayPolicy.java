package io.twisted.mail;

import io.twisted.mail.smtp.SmtpSession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Who may relay (send through this server to domains it does not serve): a client that logged in
 * with AUTH, or one connecting from a trusted network given in CIDR notation
 * ({@code 192.0.2.0/24}, {@code 2001:db8::/32}, {@code 127.0.0.1}). Everyone else is refused,
 * so the server is never an open relay (RFC 5321 section 3.6.2, RFC 2505).
 */
public final class RelayPolicy {

    private final boolean authenticated;
    private final List<byte[][]> networks;

    private RelayPolicy(boolean authenticated, List<byte[][]> networks) {
        this.authenticated = authenticated;
        this.networks = networks;
    }

    /** Nobody may relay. */
    public static RelayPolicy nobody() {
        return new RelayPolicy(false, List.of());
    }

    /**
     * Authenticated clients and clients from {@code cidrs} may relay.
     *
     * @throws IllegalArgumentException if a network is malformed (only literal addresses are
     *     accepted: no name lookups)
     */
    public static RelayPolicy authenticatedOr(List<String> cidrs) {
        List<byte[][]> nets = new ArrayList<>();
        for (String c : cidrs) {
            nets.add(parse(c));
        }
        return new RelayPolicy(true, List.copyOf(nets));
    }

    private static byte[][] parse(String cidr) {
        Objects.requireNonNull(cidr, "cidr");
        int slash = cidr.indexOf('/');
        String host = slash < 0 ? cidr : cidr.substring(0, slash);
        if (host.isEmpty() || !host.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 || ch == '.' || ch == ':')) {
            throw new IllegalArgumentException("not an address literal: " + cidr);
        }
        byte[] addr;
        try {
            addr = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad network " + cidr, e);
        }
        int bits;
        try {
            bits = slash < 0 ? addr.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in " + cidr, e);
        }
        if (bits < 0 || bits > addr.length * 8) {
            throw new IllegalArgumentException("bad prefix length in " + cidr);
        }
        byte[] mask = new byte[addr.length];
        for (int i = 0; i < bits; i++) {
            mask[i / 8] |= (byte) (0x80 >>> (i % 8));
        }
        return new byte[][] {addr, mask};
    }

    /** Whether the client of {@code session} may relay. */
    public boolean mayRelay(SmtpSession session) {
        if (authenticated && session.isAuthenticated()) {
            return true;
        }
        if (!(session.clientAddress() instanceof InetSocketAddress)) {
            return false;
        }
        InetAddress a = ((InetSocketAddress) session.clientAddress()).getAddress();
        if (a == null) {
            return false;
        }
        byte[] client = a.getAddress();
        for (byte[][] net : networks) {
            if (net[0].length != client.length) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < client.length && match; i++) {
                match = (client[i] & net[1][i]) == (net[0][i] & net[1][i]);
            }
            if (match) {
                return true;
            }
        }
        return false;
    }
}
