package dev.onellmapi.frontdoor.route;

import dev.onellmapi.chat.ChatRequest;
import dev.onellmapi.keys.GatewayAuth;
import dev.onellmapi.streaming.ClientStream;
import dev.onellmapi.usage.RequestUsage;
import org.apache.camel.Exchange;

/**
 * The route calls' auth step, in place of the HTTP door's: the Kamelet's virtual key is checked as an HTTP client's
 * would be (unknown or disabled: 401; its models, limits and budget then apply); without one the route calls as a
 * master caller, recorded as {@code route:<route id>}. Its ledger rows have {@code api} = {@code route}. A streamed
 * call's answer goes to the route's stream.
 */
public final class RouteCallerAuth {
    private final GatewayAuth auth;

    public RouteCallerAuth(GatewayAuth auth) {
        this.auth = auth;
    }

    public void check(Exchange exchange) {
        RouteCaller caller = exchange.getProperty(RouteCaller.PROPERTY, RouteCaller.class);
        if (caller.key() != null) {
            exchange.getMessage().setHeader("Authorization", "Bearer " + caller.key());
            try {
                auth.check(exchange);
            } finally {
                exchange.getMessage().removeHeader("Authorization");
            }
        }
        exchange.setProperty(RequestUsage.MASTER_ID, caller.masterKeyId());
        exchange.setProperty(ChatRequest.CLIENT_API, "route"); // the ledger's api column
        if (caller.stream() != null) {
            exchange.setProperty(ClientStream.PROPERTY, caller.stream());
        }
    }
}
