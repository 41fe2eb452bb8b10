package dev.onellmapi.usage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.limits.RateCounters;
import io.vertx.core.buffer.Buffer;
import org.apache.camel.Exchange;

/**
 * The {@code /health} route's last step: when keys and usage run degraded (the database unreachable, ledger rows
 * dropped, Redis down so rate limits are counted per instance), says so beside the status, e.g.
 * {@code {"status":"ok","database":"unreachable","ledger":{"queued":10000,"dropped":42},"rate_limits":"local
 * (redis unreachable)"}}. The status stays "ok": chat requests are still served. When all is well the body is the
 * route's own.
 */
public final class UsageHealth {
    private final LedgerWriter ledger;
    private final RateCounters counters;

    public UsageHealth(LedgerWriter ledger, RateCounters counters) {
        this.ledger = ledger;
        this.counters = counters;
    }

    public void annotate(Exchange exchange) {
        boolean redisDown = counters.mode().startsWith("local (");
        if (!ledger.databaseDown() && ledger.dropped() == 0 && !redisDown) {
            return;
        }
        ObjectNode body = Json.parseObjectOrNull(exchange.getMessage().getBody(String.class));
        if (body == null) {
            return;
        }
        if (ledger.databaseDown()) {
            body.put("database", "unreachable");
        }
        ObjectNode rows = body.putObject("ledger");
        rows.put("queued", ledger.queued());
        rows.put("dropped", ledger.dropped());
        body.put("rate_limits", counters.mode());
        exchange.getMessage().setBody(Buffer.buffer(Json.bytes(body)));
    }
}
