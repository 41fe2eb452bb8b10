package dev.onellmapi.observe;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.micrometer.eventnotifier.MicrometerRouteEventNotifier;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicy;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.EventHelper;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.service.ServiceHelper;

import java.util.Collection;
import java.util.List;

/**
 * Camel's route metrics ({@code camel_exchanges_total}, {@code camel_route_policy_seconds}, ...) for the routes a
 * request comes in by (the doors, the admin API) and the context's totals, not for the {@code direct:} hops inside
 * a request (the provider router, its attempts, the provider routes). A timer per hop cost about a seventh of the
 * CPU of a request (five routes each, three names formatted per route); the hops' own time is in the GenAI metrics
 * ({@code gen_ai_client_operation_duration_seconds} per provider and model).
 * <p>
 * The gateway's own endpoints ({@code gateway-http:}) are metered by {@link DoorRouteMetrics}: the same series,
 * without Camel's per-exchange formatting. A host's own routes keep Camel's policy as the host configured it.
 * <p>
 * Set as the routes are added, before they start (Camel's policy decides what to measure when a route starts), so a
 * route reloaded from its file is scoped the same way. A hop's policy is taken out, not told to measure nothing: a hop
 * is never a request's first route, so it adds nothing to the context's totals either.
 */
final class RouteMetricsScope extends LifecycleStrategySupport {
    private RouteMetricsScope() {
    }

    static void install(CamelContext camel) {
        camel.addLifecycleStrategy(new RouteMetricsScope());
    }

    /**
     * Camel's route event notifier (the {@code camel_routes_*} gauges) counts routes, yet does not say it ignores
     * exchange events; while one notifier takes them, Camel announces every exchange's creation, each send between
     * routes and each completion (2.8 % of the event loops' time). Camel decided whether any notifier wants them
     * while it initialised, before this: it decides again here, by its own rule, with the notifier's word.
     */
    @Override
    public void onContextStarting(CamelContext context) {
        for (EventNotifier notifier : context.getManagementStrategy().getEventNotifiers()) {
            if (notifier instanceof MicrometerRouteEventNotifier) {
                notifier.setIgnoreExchangeEvents(true);
            }
        }
        context.getCamelContextExtension().setEventNotificationApplicable(EventHelper.eventsApplicable(context));
    }

    @Override
    public void onRoutesAdd(Collection<Route> routes) {
        for (Route route : routes) {
            String uri = route.getEndpoint().getEndpointUri();
            List<RoutePolicy> policies = route.getRoutePolicyList();
            for (int i = 0; i < policies.size(); i++) {
                if (policies.get(i) instanceof MicrometerRoutePolicy metered && !(metered instanceof DoorRouteMetrics)) {
                    if (uri.startsWith("direct:")) {
                        // out of the list Camel's route advice reads: even told to measure nothing, it ran before
                        // and after every hop (1.3 % of the event loops' time)
                        policies.remove(i--);
                    } else if (uri.startsWith("gateway-http:") && DoorRouteMetrics.canReplace(metered)) {
                        DoorRouteMetrics door = new DoorRouteMetrics(metered);
                        policies.set(i, door); // the list Camel's route advice reads
                        // Camel runs a policy only while it is started; Camel's own was started with the route's
                        // services before this, its replacement is started here (it holds nothing to stop)
                        ServiceHelper.startService(door);
                    }
                }
            }
        }
    }
}
