package dev.fulcrum.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The clients allowed to tell Fulcrum who the original client was: other proxies in front of it, given as CIDR blocks
 * ({@code --trusted-proxies 10.0.0.0/8,192.168.1.7}). A request from anyone else has its {@code X-Forwarded-*}
 * headers replaced, so no client can pose as another address to the backends.
 */
public final class TrustedProxies {

    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Hex groups, dots for an embedded IPv4 address, and a zone after {@code %}. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?");

    private record Block(byte[] network, int prefixBits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefixBits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** Parses a comma-separated list of IP addresses and CIDR blocks; names are refused, so nothing is looked up. */
    public static TrustedProxies parse(String list) {
        List<Block> blocks = new ArrayList<>();
        for (String item : list.split(",")) {
            String cidr = item.trim();
            if (cidr.isEmpty()) {
                continue;
            }
            int slash = cidr.indexOf('/');
            String host = slash < 0 ? cidr : cidr.substring(0, slash);
            byte[] network = literal(host);
            if (network == null) {
                throw new IllegalArgumentException("'" + cidr + "' is not an IP address or CIDR block");
            }
            int bits = network.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(cidr.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > network.length * 8) {
                    throw new IllegalArgumentException("'" + cidr + "' has a prefix length outside 0-"
                            + network.length * 8);
                }
            }
            blocks.add(new Block(network, bits));
        }
        return new TrustedProxies(List.copyOf(blocks));
    }

    public boolean contains(String address) {
        if (blocks.isEmpty()) {
            return false;
        }
        byte[] bytes = literal(address);
        if (bytes == null) {
            return false;
        }
        for (Block block : blocks) {
            if (block.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** The address bytes of an IPv4 or IPv6 literal, or null for anything else (never a DNS lookup). */
    private static byte[] literal(String text) {
        String host = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean ipv4 = IPV4.matcher(host).matches();
        boolean ipv6 = host.indexOf(':') >= 0 && IPV6.matcher(host).matches();
        if (!ipv4 && !ipv6) {
            return null;
        }
        try {
            return InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return blocks.isEmpty() ? "none" : blocks.size() + " block(s)";
    }
}
