package dev.onellmapi.request;

import dev.onellmapi.chat.ChatRequest;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.keys.VirtualKey;
import dev.onellmapi.reload.ConfigSnapshot;
import dev.onellmapi.reload.LiveConfig;
import dev.onellmapi.usage.RequestUsage;
import dev.onellmapi.usage.UsageSum;
import dev.onellmapi.wire.RequestIds;
import dev.onellmapi.wire.ServerTiming;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.Exchange;
import org.apache.camel.SafeCopyProperty;

/**
 * What the gateway's steps know about one request, in one object with named fields: set where it is decided, read
 * where it is needed. It enters with the request (the gateway's server for HTTP, the {@code one-llm-api:chat}
 * endpoint for route calls; {@link #of} makes one for an exchange from elsewhere).
 * <p>
 * Kept on the exchange as Camel's {@link SafeCopyProperty}, so that a copy of the exchange has a context of its own:
 * the split of a multi-model request gives each model a copy, and each begins its own model call there (its provider
 * call, key, breaker permit, retries, fallbacks: {@link #beginModel}), while what the request shares (its stream,
 * usage, key, configuration) stays one object. Any other copy Camel makes (a {@code method:} expression's) shares
 * both, so what a step sets on a copy is never lost.
 * <p>
 * What the YAML routes branch on ({@code fanOut}, {@code providerType}, {@code nextKey}, {@code retryDelay}, the doors'
 * flags) stays in plain exchange properties, so the routes stay readable as they are.
 */
public final class RequestContext implements SafeCopyProperty {
    private static final String PROPERTY = "oneLlmApi.request";

    /** A call's circuit breaker permission, from admission until its outcome is recorded. */
    public record BreakerPermit(CircuitBreaker breaker, long startedNanos) {
        public long elapsed() {
            return System.nanoTime() - startedNanos;
        }
    }

    private final Request request;
    private ModelCall call;

    /** The request's own, set by the server and the doors: one object, whatever copies of the exchange are made. */
    private static final class Request {
        private String requestId;
        private ServerTiming timing;
        private String cacheControl;
        private VirtualKey virtualKey;
        private String masterId = VirtualKey.MASTER;
        private String clientApi = "chat";
        private String sessionId;
        private RouteCaller routeCaller;
        private ChatRequest chat;
        private AnswerStream clientStream;
        private boolean usageHidden;
        private UsageSum usageSum;
        private RequestUsage usage;
        private ConfigSnapshot config;
        private PassThrough passThrough;
    }

    /**
     * One model's call, set by the provider router's steps: shared by the copies of the exchange Camel makes within
     * it (a {@code method:} expression's), new for each model of the request ({@link #beginModel}).
     */
    private static final class ModelCall {
        private ProviderCall providerCall;
        private int keyPosition;
        private int keysRefused;
        private BreakerPermit permit;
        private ProviderCall fallbackFirst;
        private ProviderCall modelCall;
        private int fallbackNext;
        private int retries;
    }

    private RequestContext(Request request, ModelCall call) {
        this.request = request;
        this.call = call;
    }

    /** The context of a request entering now, kept on {@code exchange}. */
    public static RequestContext enter(Exchange exchange) {
        RequestContext context = new RequestContext(new Request(), new ModelCall());
        exchange.getExchangeExtension().setSafeCopyProperty(PROPERTY, context);
        return context;
    }

    /** The exchange's context: the one its request entered with, or a new one for an exchange from elsewhere. */
    public static RequestContext of(Exchange exchange) {
        RequestContext context = exchange.getExchangeExtension().getSafeCopyProperty(PROPERTY, RequestContext.class);
        return context != null ? context : enter(exchange);
    }

    /**
     * The context of a copy of the exchange: the same request and the same model call (a change made through either
     * copy is seen by both, as a bean expression's copy must be); a split's part then begins a model call of its own.
     */
    @Override
    public RequestContext safeCopy() {
        return new RequestContext(request, call);
    }

    /**
     * The request's id ({@link RequestIds}): given by the gateway's server when it arrives, else a new one at first
     * ask. It names the request in logs and is the ledger's request_id.
     */
    public String requestId() {
        if (request.requestId == null) {
            request.requestId = RequestIds.newId();
        }
        return request.requestId;
    }

    public void requestId(String requestId) {
        request.requestId = requestId;
    }

    /** The request's Server-Timing; null for a request that did not come in through the gateway's server. */
    public ServerTiming timing() {
        return request.timing;
    }

    public void timing(ServerTiming timing) {
        request.timing = timing;
    }

    /**
     * The Cache-Control of the gateway's own answer (the admin API's and page's): the endpoint's header filter drops
     * a Cache-Control message header (as it must a provider's), so the gateway's own goes this way.
     */
    public String cacheControl() {
        return request.cacheControl;
    }

    public void cacheControl(String cacheControl) {
        request.cacheControl = cacheControl;
    }

    /** The caller's virtual key; null for a master caller. */
    public VirtualKey virtualKey() {
        return request.virtualKey;
    }

    public void virtualKey(VirtualKey virtualKey) {
        request.virtualKey = virtualKey;
    }

    /** The ledger's key_id of a master caller: {@code master}, or {@code route:<route id>} for a route call. */
    public String masterId() {
        return request.masterId;
    }

    public void masterId(String masterId) {
        request.masterId = masterId;
    }

    /**
     * The client API the request came in by, as the ledger's {@code api} column keeps it: {@code chat},
     * {@code messages}, {@code responses}, {@code route}.
     */
    public String clientApi() {
        return request.clientApi;
    }

    public void clientApi(String clientApi) {
        request.clientApi = clientApi;
    }

    /**
     * The client's session id (Claude Code's X-Claude-Code-Session-Id, a Responses conversation), or null: a session
     * keeps to one provider key, so the provider's prompt cache stays warm; the ledger's session_id.
     */
    public String sessionId() {
        return request.sessionId;
    }

    public void sessionId(String sessionId) {
        request.sessionId = sessionId;
    }

    /** Who calls, for a route's call through the {@code one-llm-api:chat} endpoint; null for an HTTP request. */
    public RouteCaller routeCaller() {
        return request.routeCaller;
    }

    public void routeCaller(RouteCaller routeCaller) {
        request.routeCaller = routeCaller;
    }

    /** The request in the chat form, once its door has read it. */
    public ChatRequest chat() {
        return request.chat;
    }

    public void chat(ChatRequest chat) {
        request.chat = chat;
    }

    /** Where a streamed answer goes; null for a whole answer. */
    public AnswerStream clientStream() {
        return request.clientStream;
    }

    public void clientStream(AnswerStream clientStream) {
        request.clientStream = clientStream;
    }

    /** True when the stream's usage chunk is the gateway's question, not the client's (it is kept from the client). */
    public boolean usageHidden() {
        return request.usageHidden;
    }

    public void usageHidden(boolean usageHidden) {
        request.usageHidden = usageHidden;
    }

    /** The usage of a multi-model stream whose client asked for usage, added up over its models; else null. */
    public UsageSum usageSum() {
        return request.usageSum;
    }

    public void usageSum(UsageSum usageSum) {
        request.usageSum = usageSum;
    }

    /** The request's accounting, from admission (the key's limits) to the ledger; null before. */
    public RequestUsage usage() {
        return request.usage;
    }

    public void usage(RequestUsage usage) {
        request.usage = usage;
    }

    /**
     * The request's configuration: the one in force when it first asked, kept for the rest of the request (its
     * models, fallbacks and prices are those it started with, whatever edit is taken meanwhile).
     */
    public ConfigSnapshot config(LiveConfig live) {
        if (request.config == null) {
            request.config = live.current();
        }
        return request.config;
    }

    /** The client's body passed through to its own provider (see {@link PassThrough}); null when translated. */
    public PassThrough passThrough() {
        return request.passThrough;
    }

    public void passThrough(PassThrough passThrough) {
        request.passThrough = passThrough;
    }

    /** The call being made: the model (and the place) it goes to; null before the router's first. */
    public ProviderCall providerCall() {
        return call.providerCall;
    }

    public void providerCall(ProviderCall providerCall) {
        call.providerCall = providerCall;
    }

    /** The position of the provider key chosen for the call. */
    public int keyPosition() {
        return call.keyPosition;
    }

    public void keyPosition(int keyPosition) {
        call.keyPosition = keyPosition;
    }

    /** How many of the provider's keys refused this attempt (401/403): each is replaced by the next once. */
    public int keysRefused() {
        return call.keysRefused;
    }

    public void keysRefused(int keysRefused) {
        call.keysRefused = keysRefused;
    }

    /** The call's breaker permission while the call is out; null once its outcome is recorded. */
    public BreakerPermit permit() {
        return call.permit;
    }

    public void permit(BreakerPermit permit) {
        call.permit = permit;
    }

    /** The call of the model the client asked for, whose fallbacks are tried in turn. */
    public ProviderCall fallbackFirst() {
        return call.fallbackFirst;
    }

    /**
     * A model of the request begins with {@code first}, the call of the model the client asked for: its call state
     * starts anew (a multi-model request's parts each have their own), its fallbacks counted from the start.
     */
    public void beginModel(ProviderCall first) {
        call = new ModelCall();
        call.fallbackFirst = first;
        call.modelCall = first;
    }

    /** The model's call is now {@code fallback}'s, with retries of its own. */
    public void beginFallback(ProviderCall fallback) {
        call.modelCall = fallback;
        call.retries = 0;
    }

    /** The call every attempt of the current model starts from (a retry starts from it again). */
    public ProviderCall modelCall() {
        return call.modelCall;
    }

    /** The position in the fallback list of the next model to try. */
    public int fallbackNext() {
        return call.fallbackNext;
    }

    public void fallbackNext(int next) {
        call.fallbackNext = next;
    }

    /** The retries made of the model's call. */
    public int retries() {
        return call.retries;
    }

    public void retries(int retries) {
        call.retries = retries;
    }
}
