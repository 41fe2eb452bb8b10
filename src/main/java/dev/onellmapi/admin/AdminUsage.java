package dev.onellmapi.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;
import dev.onellmapi.store.LedgerTable;
import org.apache.camel.Exchange;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * {@code GET /admin/usage} (sums by key, model, day or client API) and {@code GET /admin/requests} (the ledger's rows,
 * newest first, paged with {@code cursor}: each page's {@code next}; {@code before}, a request id, still works).
 * Filters: {@code key_id}, {@code model}, {@code api}, {@code session_id}, {@code status} ({@code ok},
 * {@code error} or one HTTP status), {@code from}, {@code to} (ISO-8601
 * times or dates; {@code to} is exclusive for a time and includes the whole day for a date). Rows still queued for
 * the writer (usually well under a second's worth) are not in the answer yet.
 */
public final class AdminUsage {
    private static final Map<String, String> GROUPS = Map.of("key", "key_id", "model", "model", "day", "created_day",
            "api", "api");
    private static final Map<String, String> LABELS = Map.of("key", "key_id", "model", "model", "day", "day", "api", "api");

    private final LedgerTable ledger;

    public AdminUsage(LedgerTable ledger) {
        this.ledger = ledger;
    }

    public void usage(Exchange exchange) throws Exception {
        String groupBy = query(exchange, "group_by");
        groupBy = groupBy == null ? "key" : groupBy;
        String column = GROUPS.get(groupBy);
        if (column == null) {
            throw ApiError.invalidRequest("'group_by' must be key, model, day or api.", "group_by");
        }
        answer(exchange, ledger.usage(filter(exchange), column, LABELS.get(groupBy)));
    }

    public void requests(Exchange exchange) throws Exception {
        String limitText = query(exchange, "limit");
        int limit = 100;
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 1000) {
                throw ApiError.invalidRequest("'limit' must be a whole number from 1 to 1000.", "limit");
            }
        }
        LedgerTable.Page page = ledger.requests(filter(exchange), limit, query(exchange, "before"), cursor(exchange));
        ObjectNode list = list(page.data());
        list.put("next", page.next());
        AdminJson.write(exchange, 200, list);
    }

    /** {@code cursor}: a page's {@code next}, the ledger id its next page starts below. */
    private static Long cursor(Exchange exchange) {
        String text = query(exchange, "cursor");
        if (text == null) {
            return null;
        }
        if (!text.matches("[0-9]{1,18}")) {
            throw ApiError.invalidRequest("'cursor' must be the 'next' of a previous page.", "cursor");
        }
        return Long.parseLong(text);
    }

    private static void answer(Exchange exchange, com.fasterxml.jackson.databind.node.ArrayNode data) {
        AdminJson.write(exchange, 200, list(data));
    }

    private static ObjectNode list(com.fasterxml.jackson.databind.node.ArrayNode data) {
        ObjectNode list = Json.object();
        list.put("object", "list");
        list.set("data", data);
        return list;
    }

    private static LedgerTable.Filter filter(Exchange exchange) {
        int[] status = status(query(exchange, "status"));
        return new LedgerTable.Filter(text(exchange, "key_id"), text(exchange, "model"),
                time(exchange, "from", false), time(exchange, "to", true),
                status == null ? null : status[0], status == null ? null : status[1], text(exchange, "api"),
                text(exchange, "session_id"));
    }

    /** A text filter as the ledger stores text (a NUL, which PostgreSQL refuses in a query too, matches nothing). */
    private static String text(Exchange exchange, String name) {
        return LedgerTable.storable(query(exchange, name), 1000);
    }

    /** {@code status}: {@code ok} (below 400), {@code error} (400 and above) or one HTTP status; null for none. */
    private static int[] status(String text) {
        if (text == null) {
            return null;
        }
        if (text.equals("ok")) {
            return new int[] {0, 399};
        }
        if (text.equals("error")) {
            return new int[] {400, 999};
        }
        if (text.matches("[1-5][0-9][0-9]")) {
            int status = Integer.parseInt(text);
            return new int[] {status, status};
        }
        throw ApiError.invalidRequest("'status' must be ok, error or an HTTP status (100 to 599).", "status");
    }

    private static Instant time(Exchange exchange, String name, boolean upper) {
        String text = query(exchange, name);
        if (text == null) {
            return null;
        }
        Instant time = AdminTimes.parse(text, upper);
        if (time == null) {
            throw ApiError.invalidRequest("'" + name + "' must be an ISO-8601 date or time in the years 0001 to 9999.", name);
        }
        return time;
    }

    /** A query parameter, read from the query string itself (not from headers, which a client also sets). */
    private static String query(Exchange exchange, String name) {
        String query = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                return value.isBlank() ? null : value.trim();
            }
        }
        return null;
    }
}
