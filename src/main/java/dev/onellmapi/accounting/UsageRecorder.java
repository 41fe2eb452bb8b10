package dev.onellmapi.accounting;

import dev.onellmapi.request.RequestContext;
import dev.onellmapi.store.LedgerRow;
import dev.onellmapi.usage.LedgerWriter;
import dev.onellmapi.reload.LiveConfig;
import dev.onellmapi.usage.Prices;
import dev.onellmapi.usage.RequestUsage;
import dev.onellmapi.usage.TokenEstimator;
import dev.onellmapi.usage.Usage;
import dev.onellmapi.usage.UsageMeter;
import dev.onellmapi.usage.UsageReader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.limits.RateCounters;
import dev.onellmapi.limits.RateReservation;
import dev.onellmapi.limits.SpendCounters;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.chat.ProviderReply;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.observe.GenAiMetrics;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The chat route's step before the answer is written (streams are over by then): one ledger row per model answer,
 * with its tokens (the provider's usage; for a stream without it, an estimate from what was relayed), its cost, the
 * key's spend in place of what the request held of its budget, and the settlement of its token reservation. Nothing
 * here waits: the row is queued for the writer.
 */
public final class UsageRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(UsageRecorder.class);

    private final LiveConfig live;
    private final LedgerWriter ledger;
    private final SpendCounters spend;
    private final RateCounters counters;
    private final GenAiMetrics metrics;

    public UsageRecorder(LiveConfig live, LedgerWriter ledger, SpendCounters spend, RateCounters counters,
                         GenAiMetrics metrics) {
        this.metrics = metrics;
        this.live = live;
        this.ledger = ledger;
        this.spend = spend;
        this.counters = counters;
    }

    public void record(Exchange exchange) {
        RequestUsage request = RequestContext.of(exchange).usage();
        if (request == null) {
            return;
        }
        try {
            Object body = exchange.getMessage().getBody();
            Prices prices = RequestContext.of(exchange).config(live).prices(); // those in force when the request began
            long tokens = 0;
            if (body instanceof ProviderReply reply) {
                tokens += record(request, reply, prices);
            } else if (body instanceof List<?> replies) {
                for (Object reply : replies) {
                    if (reply instanceof ProviderReply r) {
                        tokens += record(request, r, prices);
                    }
                }
            }
            RateReservation reservation = request.reservation();
            if (reservation != null && reservation.reservedTokens() > 0) {
                counters.settle(reservation.keyId(), reservation.minute(), tokens - reservation.reservedTokens());
            }
        } catch (RuntimeException e) { // accounting never fails an answer
            LOG.error("Could not record the usage of request {}: {}", request.requestId(), e.toString(), e);
        } finally {
            request.releaseHolds(); // after the cost is counted, before the client has the answer
        }
    }

    /** Queues one model's row; returns its tokens. */
    private long record(RequestUsage request, ProviderReply reply, Prices prices) {
        ProviderCall call = reply.call();
        JsonNode requestBody = call.chat().body();
        UsageMeter meter = call.chat().stream() ? request.meter(call.position()) : null;
        Usage usage = Usage.NONE; // a stream never relayed sent nothing
        int status = 200;
        if (reply instanceof ProviderReply.Complete complete) {
            usage = ofAnswer(complete, requestBody);
        } else if (reply instanceof ProviderReply.Relayed relayed) {
            usage = meter == null ? Usage.NONE : meter.usage(requestBody);
            status = relayed.error() == null ? 200 : relayed.error().status();
        } else if (reply instanceof ProviderReply.Failed failed) {
            // a model of a multi-model stream may fail after it relayed chunks: those are counted
            usage = meter != null && meter.firstChunkNanos() != 0 ? meter.usage(requestBody) : Usage.NONE;
            status = failed.error().status();
        }
        String model = call.target().requested();
        // an answer of no tokens (a failure before any) costs nothing, priced or not
        BigDecimal cost = usage.total() == 0 ? BigDecimal.ZERO : prices.cost(Prices.priced(model), usage);
        long end = System.nanoTime();
        Long ttft = meter == null || meter.firstChunkNanos() == 0 ? null
                : (meter.firstChunkNanos() - request.startNanos()) / 1_000_000;
        ledger.add(new LedgerRow(request.requestId(), Instant.now(), request.keyId(), model, call.getProvider(),
                call.chat().stream(), status, usage.promptTokens(), usage.completionTokens(), usage.cachedTokens(),
                cost, (end - request.startNanos()) / 1_000_000, ttft, usage.estimated(), request.api(),
                request.sessionId(), usage.cacheWriteTokens()));
        if (request.key() != null) {
            spend.spend(request.key().id(), cost);
        }
        metrics.answer(new GenAiMetrics.Answer(model, call.target().upstreamModel(), call.getProvider(),
                request.key() == null ? null : request.key().name(), call.chat().stream(), usage.promptTokens(),
                usage.completionTokens(), status >= 400 ? errorType(reply) : null, end - request.startNanos(),
                ttft == null ? null : meter.firstChunkNanos() - request.startNanos(), cost));
        return usage.total();
    }

    /** The error's code (upstream_timeout, ...), or its HTTP status when it has none. */
    private static String errorType(ProviderReply reply) {
        ApiError error = reply instanceof ProviderReply.Failed failed ? failed.error()
                : reply instanceof ProviderReply.Relayed relayed ? relayed.error() : null;
        return error == null ? "error" : error.code() != null ? error.code() : String.valueOf(error.status());
    }

    private static Usage ofAnswer(ProviderReply.Complete complete, JsonNode requestBody) {
        JsonNode known = complete.knownUsage();
        Usage usage = known == null ? UsageReader.ofAnswer(complete.bytes()) : UsageReader.of(known); // read once
        if (usage != null) {
            return usage;
        }
        // a provider that reports no usage (PaLM): estimated from the answer's text
        StringBuilder text = new StringBuilder();
        for (JsonNode choice : complete.node().path("choices")) {
            text.append(choice.path("message").path("content").asText(""));
        }
        return new Usage(TokenEstimator.prompt(requestBody), TokenEstimator.count(text.toString()), 0, true);
    }
}
