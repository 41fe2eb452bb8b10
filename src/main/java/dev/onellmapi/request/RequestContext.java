package dev.onellmapi.request;

import dev.onellmapi.chat.ChatRequest;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.keys.VirtualKey;
import dev.onellmapi.reload.ConfigSnapshot;
import dev.onellmapi.reload.LiveConfig;
import dev.onellmapi.settings.AzureResource;
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
 * Kept on the exchange as Camel's {@link SafeCopyProperty}: when Camel copies the exchange (the split of a
 * multi-model request gives each model a copy) the copy gets its own context with the same values, as exchange
 * properties are copied, so each model's call state (its provider call, key, breaker permit, retries, fallbacks) is
 * its own while what the request shares (its stream, usage, key, configuration) stays one object.
 * <p>
 * What the YAML routes branch on ({@code fanOut}, {@code providerType}, {@code nextKey}, the doors' flags) stays in
 * plain exchange properties, so the routes stay readable as they are.
 */
public final class RequestContext implements SafeCopyProperty {
    private static final String PROPERTY = "oneLlmApi.request";

    /** A call's circuit breaker permission, from admission until its outcome is recorded. */
    public record BreakerPermit(CircuitBreaker breaker, long startedNanos) {
        public long elapsed() {
            return System.nanoTime() - startedNanos;
        }
    }

    // the request's own, set by the server and the doors (a multi-model request's parts share them)
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

    // one model's call, set by the provider router's steps (each part of a multi-model request has its own)
    private ProviderCall providerCall;
    private int keyPosition;
    private int keysRefused;
    private BreakerPermit permit;
    private AzureResource azureResource;
    private ProviderCall fallbackFirst;
    private int fallbackNext;
    private int retries;

    private RequestContext() {
    }

    /** The context of a request entering now, kept on {@code exchange}. */
    public static RequestContext enter(Exchange exchange) {
        RequestContext context = new RequestContext();
        exchange.getExchangeExtension().setSafeCopyProperty(PROPERTY, context);
        return context;
    }

    /** The exchange's context: the one its request entered with, or a new one for an exchange from elsewhere. */
    public static RequestContext of(Exchange exchange) {
        RequestContext context = exchange.getExchangeExtension().getSafeCopyProperty(PROPERTY, RequestContext.class);
        return context != null ? context : enter(exchange);
    }

    /** The exchange's context, or null when it has none (an exchange no request step has seen). */
    public static RequestContext find(Exchange exchange) {
        return exchange.getExchangeExtension().getSafeCopyProperty(PROPERTY, RequestContext.class);
    }

    /** A copy for a copy of the exchange: the same values; the objects they name are shared. */
    @Override
    public RequestContext safeCopy() {
        RequestContext copy = new RequestContext();
        copy.requestId = requestId;
        copy.timing = timing;
        copy.cacheControl = cacheControl;
        copy.virtualKey = virtualKey;
        copy.masterId = masterId;
        copy.clientApi = clientApi;
        copy.sessionId = sessionId;
        copy.routeCaller = routeCaller;
        copy.chat = chat;
        copy.clientStream = clientStream;
        copy.usageHidden = usageHidden;
        copy.usageSum = usageSum;
        copy.usage = usage;
        copy.config = config;
        copy.passThrough = passThrough;
        copy.providerCall = providerCall;
        copy.keyPosition = keyPosition;
        copy.keysRefused = keysRefused;
        copy.permit = permit;
        copy.azureResource = azureResource;
        copy.fallbackFirst = fallbackFirst;
        copy.fallbackNext = fallbackNext;
        copy.retries = retries;
        return copy;
    }

    /**
     * The request's id ({@link RequestIds}): given by the gateway's server when it arrives, else a new one at first
     * ask. It names the request in logs and is the ledger's request_id.
     */
    public String requestId() {
        if (requestId == null) {
            requestId = RequestIds.newId();
        }
        return requestId;
    }

    public void requestId(String requestId) {
        this.requestId = requestId;
    }

    /** The request's Server-Timing; null for a request that did not come in through the gateway's server. */
    public ServerTiming timing() {
        return timing;
    }

    public void timing(ServerTiming timing) {
        this.timing = timing;
    }

    /**
     * The Cache-Control of the gateway's own answer (the admin API's and page's): the endpoint's header filter drops
     * a Cache-Control message header (as it must a provider's), so the gateway's own goes this way.
     */
    public String cacheControl() {
        return cacheControl;
    }

    public void cacheControl(String cacheControl) {
        this.cacheControl = cacheControl;
    }

    /** The caller's virtual key; null for a master caller. */
    public VirtualKey virtualKey() {
        return virtualKey;
    }

    public void virtualKey(VirtualKey virtualKey) {
        this.virtualKey = virtualKey;
    }

    /** The ledger's key_id of a master caller: {@code master}, or {@code route:<route id>} for a route call. */
    public String masterId() {
        return masterId;
    }

    public void masterId(String masterId) {
        this.masterId = masterId;
    }

    /**
     * The client API the request came in by, as the ledger's {@code api} column keeps it: {@code chat},
     * {@code messages}, {@code responses}, {@code route}.
     */
    public String clientApi() {
        return clientApi;
    }

    public void clientApi(String clientApi) {
        this.clientApi = clientApi;
    }

    /**
     * The client's session id (Claude Code's X-Claude-Code-Session-Id, a Responses conversation), or null: a session
     * keeps to one provider key, so the provider's prompt cache stays warm; the ledger's session_id.
     */
    public String sessionId() {
        return sessionId;
    }

    public void sessionId(String sessionId) {
        this.sessionId = sessionId;
    }

    /** Who calls, for a route's call through the {@code one-llm-api:chat} endpoint; null for an HTTP request. */
    public RouteCaller routeCaller() {
        return routeCaller;
    }

    public void routeCaller(RouteCaller routeCaller) {
        this.routeCaller = routeCaller;
    }

    /** The request in the chat form, once its door has read it. */
    public ChatRequest chat() {
        return chat;
    }

    public void chat(ChatRequest chat) {
        this.chat = chat;
    }

    /** Where a streamed answer goes; null for a whole answer. */
    public AnswerStream clientStream() {
        return clientStream;
    }

    public void clientStream(AnswerStream clientStream) {
        this.clientStream = clientStream;
    }

    /** True when the stream's usage chunk is the gateway's question, not the client's (it is kept from the client). */
    public boolean usageHidden() {
        return usageHidden;
    }

    public void usageHidden(boolean usageHidden) {
        this.usageHidden = usageHidden;
    }

    /** The usage of a multi-model stream whose client asked for usage, added up over its models; else null. */
    public UsageSum usageSum() {
        return usageSum;
    }

    public void usageSum(UsageSum usageSum) {
        this.usageSum = usageSum;
    }

    /** The request's accounting, from admission (the key's limits) to the ledger; null before. */
    public RequestUsage usage() {
        return usage;
    }

    public void usage(RequestUsage usage) {
        this.usage = usage;
    }

    /**
     * The request's configuration: the one in force when it first asked, kept for the rest of the request (its
     * models, fallbacks and prices are those it started with, whatever edit is taken meanwhile).
     */
    public ConfigSnapshot config(LiveConfig live) {
        if (config == null) {
            config = live.current();
        }
        return config;
    }

    /** The client's body passed through to its own provider (see {@link PassThrough}); null when translated. */
    public PassThrough passThrough() {
        return passThrough;
    }

    public void passThrough(PassThrough passThrough) {
        this.passThrough = passThrough;
    }

    /** The call being made: the model, and for Azure the resource, it goes to; null before the router's first. */
    public ProviderCall providerCall() {
        return providerCall;
    }

    public void providerCall(ProviderCall providerCall) {
        this.providerCall = providerCall;
    }

    /** The position of the provider key chosen for the call. */
    public int keyPosition() {
        return keyPosition;
    }

    public void keyPosition(int keyPosition) {
        this.keyPosition = keyPosition;
    }

    /** How many of the provider's keys refused this attempt (401/403): each is replaced by the next once. */
    public int keysRefused() {
        return keysRefused;
    }

    public void keysRefused(int keysRefused) {
        this.keysRefused = keysRefused;
    }

    /** The call's breaker permission while the call is out; null once its outcome is recorded. */
    public BreakerPermit permit() {
        return permit;
    }

    public void permit(BreakerPermit permit) {
        this.permit = permit;
    }

    /** The Azure resource a call to the built-in Azure went to (a retry goes to another first); else null. */
    public AzureResource azureResource() {
        return azureResource;
    }

    public void azureResource(AzureResource azureResource) {
        this.azureResource = azureResource;
    }

    /** The call of the model the client asked for, whose fallbacks are tried in turn. */
    public ProviderCall fallbackFirst() {
        return fallbackFirst;
    }

    /** The model's call comes first: its fallbacks are counted from the start. */
    public void fallbackFirst(ProviderCall first) {
        this.fallbackFirst = first;
        this.fallbackNext = 0;
    }

    /** The position in the fallback list of the next model to try. */
    public int fallbackNext() {
        return fallbackNext;
    }

    public void fallbackNext(int next) {
        this.fallbackNext = next;
    }

    /** The retries made of the model's call (kept here: the provider routes replace the headers Camel counts in). */
    public int retries() {
        return retries;
    }

    public void retries(int retries) {
        this.retries = retries;
    }
}
