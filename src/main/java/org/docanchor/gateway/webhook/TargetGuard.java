package org.docanchor.gateway.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.docanchor.gateway.web.Message;

/**
 * Decides whether the gateway may send a request to a webhook URL: the scheme, and, unless private targets are
 * allowed (dev, test) or the host is allowlisted, every address the host resolves to must be public (no loopback,
 * link-local, private, unique-local, shared, unspecified, broadcast or multicast address). Checked when an endpoint
 * is registered and again before each delivery attempt, so a name that later resolves inward (DNS rebinding) is
 * refused then. Plain Java, no CDI.
 */
public final class TargetGuard {

    /** Resolves a host name to its addresses; replaced in tests. */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean requireHttps;
    private final boolean allowPrivate;
    private final List<String> allowedHosts;
    private final Resolver resolver;

    public TargetGuard(boolean requireHttps, boolean allowPrivate, List<String> allowedHosts, Resolver resolver) {
        this.requireHttps = requireHttps;
        this.allowPrivate = allowPrivate;
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        this.resolver = resolver;
    }

    /** The URL's shape alone: why it cannot be an endpoint, or empty when it can (addresses are not looked at). */
    public Optional<String> shapeProblem(String url) {
        return shapeRefusal(url).map(Message::toString);
    }

    /** As {@link #shapeProblem}, in words of the problem bundles. */
    public Optional<Message> shapeRefusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException | NullPointerException e) {
            return Optional.of(Message.of("webhook.url-absolute"));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null) {
            return Optional.of(Message.of("webhook.url-host"));
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && !requireHttps)) {
            return Optional.of(Message.of(requireHttps ? "webhook.url-https" : "webhook.url-http"));
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of(Message.of("webhook.url-user"));
        }
        if (uri.getRawFragment() != null) {
            return Optional.of(Message.of("webhook.url-fragment"));
        }
        return Optional.empty();
    }

    /**
     * Why the gateway must not send to {@code url} now, or empty when it may: its shape, then the addresses its host
     * resolves to. A host that does not resolve is a problem too (at delivery it is a failed attempt).
     */
    public Optional<String> problem(String url) {
        return refusal(url).map(Message::toString);
    }

    /** As {@link #problem}, in words of the problem bundles. */
    public Optional<Message> refusal(String url) {
        Optional<Message> shape = shapeRefusal(url);
        if (shape.isPresent()) {
            return shape;
        }
        String host = URI.create(url).getHost();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (allowPrivate || allowedHosts.contains(bare.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            return Optional.of(Message.of("webhook.host-unresolved", bare));
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                return Optional.of(Message.of("webhook.host-internal", bare, address.getHostAddress()));
            }
        }
        return Optional.empty();
    }

    /** Whether a request to {@code address} leaves the gateway's own networks. */
    public static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 // "this network"
                    && !(first == 100 && second >= 64 && second < 128) // shared address space, RFC 6598
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    && !(first == 198 && (second == 18 || second == 19)) // benchmarking
                    && first < 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return false; // unique local fc00::/7
            }
            if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
                return false; // deprecated site-local fec0::/10
            }
            boolean mappedOrCompatible = true;
            for (int i = 0; i < 10; i++) {
                mappedOrCompatible &= b[i] == 0;
            }
            if (mappedOrCompatible && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff))) {
                // ::a.b.c.d and ::ffff:a.b.c.d reach the IPv4 address they embed
                try {
                    return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
