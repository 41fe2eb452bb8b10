package dev.onellmapi.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicy;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyConfiguration;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyNamingStrategy;
import org.apache.camel.support.ExchangeHelper;

import java.util.concurrent.TimeUnit;

/**
 * Camel's route metrics for a route requests come in by (a {@code gateway-http:} endpoint), the same series as
 * Camel's {@link MicrometerRoutePolicy} records ({@code camel_exchanges_total}, {@code _succeeded}, {@code _failed},
 * {@code _failures_handled}, {@code _external_redeliveries}, the {@code camel_route_policy_seconds} timer; for the
 * route and the context's totals, same names, tags and descriptions), at a cost that does not show. Camel's policy
 * keeps each exchange's timer sample in an exchange property whose name it formats with {@code String.format} three
 * times per statistic: six per request, a tenth of the bytes a chat request allocates. Here the start is one property
 * with a fixed name and the meters are looked up once. The policy's registration (meters made when the route starts,
 * its service) is Camel's own.
 */
final class DoorRouteMetrics extends MicrometerRoutePolicy {
    private static final String STARTED = "OneLlmApiRouteMetricsStarted";

    private Meters route;
    private Meters context;

    /** Takes the place of {@code camels}, with its registry, names and configuration. */
    DoorRouteMetrics(MicrometerRoutePolicy camels) {
        setMeterRegistry(camels.getMeterRegistry());
        setNamingStrategy(camels.getNamingStrategy());
        setConfiguration(camels.getConfiguration());
        setPrettyPrint(camels.isPrettyPrint());
        setSkipCamelInfo(camels.isSkipCamelInfo());
        setDurationUnit(camels.getDurationUnit());
    }

    /** Whether this policy can stand in for Camel's (a long-task timer it does not keep). */
    static boolean canReplace(MicrometerRoutePolicy camels) {
        return camels.getConfiguration() == null || !camels.getConfiguration().isLongTask();
    }

    @Override
    public void onStart(Route started) {
        super.onStart(started);
        MicrometerRoutePolicyConfiguration configuration = getConfiguration() == null
                ? MicrometerRoutePolicyConfiguration.DEFAULT : getConfiguration();
        route = configuration.isRouteEnabled() ? new Meters(this, configuration, started, null) : null;
        context = configuration.isContextEnabled()
                ? new Meters(this, configuration, null, started.getCamelContext()) : null;
    }

    @Override
    public void onExchangeBegin(Route begun, Exchange exchange) {
        exchange.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void onExchangeDone(Route done, Exchange exchange) {
        Object started = exchange.removeProperty(STARTED);
        if (started instanceof Long nanos) {
            long elapsed = System.nanoTime() - nanos;
            if (route != null) {
                route.record(exchange, elapsed);
            }
            if (context != null) {
                context.record(exchange, elapsed);
            }
        }
    }

    /** One statistic's meters: a route's ({@code context} null) or the context's ({@code route} null). */
    private static final class Meters {
        private final Timer timer;
        private final Counter total;
        private final Counter succeeded;
        private final Counter failed;
        private final Counter failuresHandled;
        private final Counter externalRedeliveries;

        Meters(DoorRouteMetrics policy, MicrometerRoutePolicyConfiguration configuration, Route route,
               CamelContext camel) {
            MicrometerRoutePolicyNamingStrategy names = policy.getNamingStrategy();
            MeterRegistry registry = policy.getMeterRegistry();
            Tags tags = route != null ? names.getTags(route) : names.getTags(camel);
            Tags statusTags = route != null ? names.getExchangeStatusTags(route) : names.getExchangeStatusTags(camel);
            Timer.Builder timer = Timer.builder(names.getName(route)).tags(tags)
                    .description(route != null ? "Route performance metrics" : "CamelContext performance metrics");
            if (configuration.getTimerInitiator() != null) {
                configuration.getTimerInitiator().accept(timer);
            }
            this.timer = timer.register(registry);
            boolean counted = configuration.isAdditionalCounters();
            total = counted && configuration.isExchangesTotal() ? counter(registry, names.getExchangesTotalName(route),
                    statusTags, "Total number of processed exchanges") : null;
            succeeded = counted && configuration.isExchangesSucceeded() ? counter(registry,
                    names.getExchangesSucceededName(route), statusTags, "Number of successfully completed exchanges")
                    : null;
            failed = counted && configuration.isExchangesFailed() ? counter(registry,
                    names.getExchangesFailedName(route), statusTags, "Number of failed exchanges") : null;
            failuresHandled = counted && configuration.isFailuresHandled() ? counter(registry,
                    names.getFailuresHandledName(route), statusTags, "Number of failures handled") : null;
            externalRedeliveries = counted && configuration.isExternalRedeliveries() ? counter(registry,
                    names.getExternalRedeliveriesName(route), statusTags,
                    "Number of external initiated redeliveries (such as from JMS broker)") : null;
        }

        private static Counter counter(MeterRegistry registry, String name, Tags tags, String description) {
            return Counter.builder(name).tags(tags).description(description).register(registry);
        }

        /** As Camel's statistic records an exchange that is done. */
        void record(Exchange exchange, long nanos) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
            if (total != null) {
                total.increment();
            }
            if (exchange.isFailed()) {
                if (failed != null) {
                    failed.increment();
                }
                return;
            }
            if (succeeded != null) {
                succeeded.increment();
            }
            if (failuresHandled != null && ExchangeHelper.isFailureHandled(exchange)) {
                failuresHandled.increment();
            }
            if (externalRedeliveries != null && exchange.isExternalRedelivered()) {
                externalRedeliveries.increment();
            }
        }
    }
}
