package dev.onellmapi.resilience;

import dev.onellmapi.request.RequestContext.BreakerPermit;
import dev.onellmapi.request.RequestContext;
import dev.onellmapi.settings.BreakerSettings;
import dev.onellmapi.settings.GatewayConfig;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.model.ModelTarget;
import dev.onellmapi.model.Placement;
import dev.onellmapi.model.Placements;
import dev.onellmapi.model.ProviderInstance;
import dev.onellmapi.model.ProviderKeys;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.chat.ProviderReply;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.spi.NormalizedEndpointUri;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A resilience4j circuit breaker per provider key (named after the provider when it has one key, else
 * {@code <name>#<position>}) and per placement ({@code <type>:<name>}, an Azure resource), kept around each call of
 * routes/chat-completions.yaml's provider router: {@link #admit} before it (and, for a model on several
 * placements, the choice of placement: the next in turn whose breaker lets calls through), {@link #recordReply} or
 * {@link #recordFailure} after.
 * An open breaker refuses at once with a 503, which a model fallback can take over.
 * <p>
 * Not Camel's {@code circuitBreaker} EIP, though it uses this library: the EIP runs its steps on a copy of the
 * exchange whose unit of work completes when they end, and camel-http closes an uncached response (a stream still
 * to be relayed) when that happens; and one EIP is one breaker, while the placement is chosen per call.
 */
public final class CircuitBreakers {
    /** True while a refused key is to be replaced by the next one: the router's next turn makes the call again. */
    public static final String NEXT_KEY = "nextKey";
    /** The call's provider route, for the router's {@code toD}. */
    private static final String PROVIDER_ROUTE = "providerRoute";
    /** Set by the Responses door for a request passed through to OpenAI's own Responses API as it is. */
    public static final String RESPONSES_PASS_THROUGH = "responsesPassThrough";

    private final CircuitBreakerRegistry registry;
    /** One per provider type (configuration's, never a client's word) and the Responses pass-through. */
    private final Map<String, NormalizedEndpointUri> providerRoutes = new ConcurrentHashMap<>();
    private final int openSeconds;

    public CircuitBreakers(GatewayConfig config) {
        BreakerSettings s = config.breaker();
        this.openSeconds = s.openSeconds();
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(s.window())
                .minimumNumberOfCalls(s.minimumCalls())
                .failureRateThreshold(s.failureRatePercent())
                .waitDurationInOpenState(Duration.ofSeconds(s.openSeconds()))
                .permittedNumberOfCallsInHalfOpenState(3)
                .writableStackTraceEnabled(false)
                .build());
    }

    /**
     * The route the call goes to: {@code direct:<type>} (routes/providers.yaml), or {@code direct:openai-responses}
     * for a Responses request passed through. Handed to the {@code toD} already normalized: given a string, Camel
     * normalizes the URI on every call (with the choice between the two, 2 % of the event loops' time).
     */
    private Object providerRoute(Exchange exchange, ModelTarget target) {
        String route = Boolean.TRUE.equals(exchange.getProperty(RESPONSES_PASS_THROUGH)) ? "openai-responses"
                : target.provider().id();
        return providerRoutes.computeIfAbsent(route,
                name -> exchange.getContext().getCamelContextExtension().normalizeUri("direct:" + name));
    }

    /**
     * Lets the call through, or refuses it with a 503 while its provider's (or every placement's of its model)
     * breaker is open.
     */
    public void admit(Exchange exchange) {
        ProviderCall call = exchange.getMessage().getBody(ProviderCall.class);
        ModelTarget target = call.target();
        RequestContext context = RequestContext.of(exchange);
        if (exchange.removeProperty(NEXT_KEY) == null) {
            context.keysRefused(0); // a new call (or a retry): every key may be refused once
        }
        exchange.setProperty(PROVIDER_ROUTE, providerRoute(exchange, target));
        // what a provider router copied from an earlier release switches on ("direct:${exchangeProperty.providerType}")
        exchange.setProperty("providerType", target.provider().id());
        if (target.placement() == null) {
            context.providerCall(call);
            ProviderInstance instance = target.instance();
            if (instance == null) {
                if (!enter(context, target.getProvider())) {
                    throw open(target.getProvider());
                }
                return;
            }
            ProviderKeys keys = instance.keys();
            for (int position : keys.inTurn(context.sessionId())) {
                if (enter(context, keys.breakerName(position))) {
                    context.keyPosition(position);
                    return;
                }
            }
            throw open(keys.size() == 1 ? instance.name() : "every key of " + instance.name());
        }
        // a retry goes on from the placement after the one its last attempt was placed on
        ProviderCall last = context.providerCall();
        Placement failed = last != null && context.retries() > 0 ? last.target().placement() : null;
        Placements placements = target.instance().placements();
        for (Placement placement : placements.inTurn(target.model(), failed, context.sessionId())) {
            if (enter(context, placement.breakerName())) {
                ProviderCall placed = new ProviderCall(call.position(), target.on(placement), call.chat());
                exchange.getMessage().setBody(placed);
                context.providerCall(placed);
                return;
            }
        }
        context.providerCall(call);
        throw open("every " + placements.kind() + " serving '" + target.model() + "'");
    }

    /** The breaker of a provider ({@code openai}) or a placement ({@code azure:<resource>}), for its health. */
    public CircuitBreaker breaker(String name) {
        return registry.circuitBreaker(name);
    }

    /** After the provider route answered: a 5xx counts as a failure, a 429 as nothing, anything else as a success. */
    public void recordReply(Exchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        BreakerPermit permit = context.permit();
        if (permit == null) {
            return;
        }
        context.permit(null);
        switch (UpstreamOutcome.of(exchange)) {
            case ANSWERED -> permit.breaker().onSuccess(permit.elapsed(), TimeUnit.NANOSECONDS);
            case RATE_LIMITED -> permit.breaker().releasePermission();
            default -> permit.breaker().onError(permit.elapsed(), TimeUnit.NANOSECONDS,
                    exchange.getMessage().getBody(ProviderReply.Failed.class).error());
        }
        if (exchange.getMessage().getBody() instanceof ProviderReply.Failed failed) {
            replaceRefusedKey(exchange, context, failed);
        }
    }

    /**
     * A key the provider refused (401/403) is set aside when the provider has another; while some key of the
     * provider has not been refused in this attempt, the call is made again at once ({@link #NEXT_KEY}: the body is
     * the call again). When every key was refused, the last refusal stays the answer.
     */
    private static void replaceRefusedKey(Exchange exchange, RequestContext context, ProviderReply.Failed failed) {
        Integer code = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        int status = code == null ? failed.error().status() : code;
        ProviderCall call = failed.call();
        ProviderInstance instance = call == null ? null : call.target().instance();
        if ((status != 401 && status != 403) || instance == null || instance.keys().size() < 2
                || call.target().placement() != null) {
            return;
        }
        instance.keys().setAside(context.keyPosition(), status);
        int refused = context.keysRefused() + 1;
        context.keysRefused(refused);
        if (refused < instance.keys().size()) {
            exchange.setProperty(NEXT_KEY, Boolean.TRUE);
            exchange.getMessage().setBody(call);
        }
    }

    /**
     * After the call threw (unreachable, timeout, broken): a failure for the breaker; nothing when it threw before a
     * permit was taken (an open breaker) or a request mapper refused the request (nothing was sent).
     */
    public void recordFailure(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        RequestContext context = RequestContext.of(exchange);
        BreakerPermit permit = context.permit();
        if (permit != null) {
            context.permit(null);
            if (cause instanceof ApiError refused && refused.status() < 500) {
                permit.breaker().releasePermission();
            } else {
                permit.breaker().onError(permit.elapsed(), TimeUnit.NANOSECONDS, cause);
            }
        }
    }

    private boolean enter(RequestContext context, String name) {
        CircuitBreaker breaker = registry.circuitBreaker(name);
        if (!breaker.tryAcquirePermission()) {
            return false;
        }
        context.permit(new BreakerPermit(breaker, System.nanoTime()));
        return true;
    }

    private ApiError open(String what) {
        return new ApiError(503, "upstream_error", "circuit_open", null, what + " keeps failing: the gateway sends "
                + "it nothing for up to " + openSeconds + " s (circuit breaker open)", String.valueOf(openSeconds));
    }
}
