package dev.onellmapi.frontdoor.route;

import dev.onellmapi.request.RouteCaller;
import dev.onellmapi.request.RequestContext;
import dev.onellmapi.accounting.GatewayAuth;
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
        RequestContext context = RequestContext.of(exchange);
        RouteCaller caller = context.routeCaller();
        if (caller.key() != null) {
            exchange.getMessage().setHeader("Authorization", "Bearer " + caller.key());
            try {
                auth.check(exchange);
            } finally {
                exchange.getMessage().removeHeader("Authorization");
            }
        }
        context.masterId(caller.masterKeyId());
        context.clientApi("route"); // the ledger's api column
        if (caller.stream() != null) {
            context.clientStream(caller.stream());
        }
    }
}
