package dev.onellmapi.accounting;

import dev.onellmapi.wire.ApiError;
import dev.onellmapi.settings.GatewayConfig;
import dev.onellmapi.keys.KeyRing;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks {@code Authorization: Bearer <key>} against the gateway keys. Keys are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, over every key without an early exit, so timing tells nothing about a key.
 */
public final class GatewayAuth {
    private final List<byte[]> keyDigests;
    private final KeyRing virtualKeys;

    public GatewayAuth(GatewayConfig config) {
        this(config, new KeyRing());
    }

    /** With the virtual keys of the admin API beside the master keys (see {@link VirtualKeyCheck}). */
    public GatewayAuth(GatewayConfig config, KeyRing virtualKeys) {
        this.keyDigests = config.gatewayKeys().stream().map(GatewayAuth::digest).toList();
        this.virtualKeys = virtualKeys;
    }

    public void check(Exchange exchange) {
        String header = authorizationHeader(exchange.getMessage(), "Authorization");
        if (header == null || header.isBlank()) {
            header = authorizationHeader(exchange.getMessage(), "x-api-key"); // Anthropic's clients (Messages door)
        }
        if (header == null || header.isBlank()) {
            throw ApiError.unauthorized("You didn't provide an API key. Send it in the header "
                    + "'Authorization: Bearer <key>'.");
        }
        String key = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : header.trim();
        byte[] presented = digest(key);
        boolean match = false;
        for (byte[] known : keyDigests) {
            match |= MessageDigest.isEqual(known, presented);
        }
        if (!match) {
            VirtualKeyCheck.check(exchange, virtualKeys, presented); // a virtual key, or 401
        }
    }

    /**
     * The request's own {@code Authorization} header. Camel's message headers are not it: platform-http copies the
     * query parameters into them too, so {@code ?Authorization=...} would pass for a header and put the key in URLs
     * and access logs.
     */
    private static String authorizationHeader(Message message, String name) {
        if (message instanceof HttpMessage http) {
            return http.getRequest().getHeader(name);
        }
        String query = message.getHeader(Exchange.HTTP_QUERY, String.class);
        return query != null && QUERY_KEY.matcher(query).find() ? null : message.getHeader(name, String.class);
    }

    private static final Pattern QUERY_KEY = Pattern.compile("(?i)(^|&)(authorization|x-api-key)=");

    private static byte[] digest(String key) {
        MessageDigest sha256 = SHA256.get(); // one per thread: getInstance looks the provider up on every call
        sha256.reset();
        return sha256.digest(key.getBytes(StandardCharsets.UTF_8));
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    });
}
