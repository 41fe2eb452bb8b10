package dev.onellmapi.accounting;

import dev.onellmapi.keys.KeyRing;
import dev.onellmapi.keys.VirtualKey;
import dev.onellmapi.request.RequestContext;
import dev.onellmapi.wire.ApiError;
import org.apache.camel.Exchange;

import java.time.Instant;
import java.util.HexFormat;

/**
 * A presented key that is no master key: looked up by its SHA-256 in the in-memory {@link KeyRing} (no database
 * read). Unknown, deleted, disabled and expired keys are all the same 401 {@code invalid_api_key}; a good one is
 * left in the request's context for the limits and the ledger.
 */
public final class VirtualKeyCheck {
    private VirtualKeyCheck() {
    }

    public static void check(Exchange exchange, KeyRing ring, byte[] sha256) {
        VirtualKey key = ring.byHash(HexFormat.of().formatHex(sha256));
        if (key == null || !key.usable(Instant.now())) {
            throw ApiError.unauthorized("Incorrect API key provided.");
        }
        RequestContext.of(exchange).virtualKey(key);
    }
}
