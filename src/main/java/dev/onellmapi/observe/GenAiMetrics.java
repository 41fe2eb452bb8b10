package dev.onellmapi.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The gateway's metrics, named as OpenTelemetry's GenAI semantic conventions name them (Micrometer writes
 * {@code gen_ai.client.token.usage} as Prometheus' {@code gen_ai_client_token_usage}), with their attributes as
 * labels; its own extras under {@code one_llm_api_}. Recorded into the application's Micrometer registry (Camel's,
 * with {@code camel.metrics.enabled}); without one, nothing is recorded and nothing is paid.
 */
public final class GenAiMetrics {
    private static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576,
        4194304, 16777216, 67108864};
    private static final Duration[] DURATION_BUCKETS = seconds(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56,
            5.12, 10.24, 20.48, 40.96, 81.92);
    private static final Duration[] TTFT_BUCKETS = seconds(0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5,
            0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

    /** Distinct error_type values (the gateway's own codes are a dozen; a provider's are its choice). */
    static final int ERROR_TYPES = 50;

    private final CamelContext camel;
    private final IntSupplier openStreams;
    private final LabelValues models;
    private final LabelValues errorTypes = new LabelValues(ERROR_TYPES);
    private final Map<Labels, Meters> byLabels = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;
    private volatile boolean resolved;

    /** One model answer, as the ledger has it. */
    public record Answer(String requestModel, String responseModel, String provider, String keyName, boolean stream,
                         long inputTokens, long outputTokens, String errorType, long durationNanos,
                         Long firstTokenNanos, BigDecimal costUsd) {
    }

    /** @param maxModels distinct model label values (METRICS_MAX_MODELS); later new names are {@code other} */
    public GenAiMetrics(CamelContext camel, IntSupplier openStreams, int maxModels) {
        this.camel = camel;
        this.openStreams = openStreams;
        this.models = new LabelValues(maxModels);
        RouteMetricsScope.install(camel);
    }

    public void answer(Answer answer) {
        MeterRegistry meters = registry();
        if (meters == null) {
            return;
        }
        // bounded values only: the map and the registry hold one entry per distinct label set
        Meters m = byLabels.computeIfAbsent(new Labels(models.of(answer.requestModel()),
                models.of(answer.responseModel()), answer.provider(), answer.keyName(),
                errorTypes.of(answer.errorType())), labels -> labels.meters(meters));
        m.input().record(answer.inputTokens());
        m.output().record(answer.outputTokens());
        m.duration().record(answer.durationNanos(), TimeUnit.NANOSECONDS);
        if (answer.firstTokenNanos() != null) {
            m.firstToken().record(answer.firstTokenNanos(), TimeUnit.NANOSECONDS);
        }
        if (answer.costUsd() != null && answer.costUsd().signum() > 0) {
            m.cost().increment(answer.costUsd().doubleValue());
        }
    }

    /** The labels of one answer's series; its meters are looked up once, not built on every answer. */
    private record Labels(String requestModel, String responseModel, String provider, String keyName,
                          String errorType) {
        /**
         * Every series of a name has the same label keys (Prometheus refuses a meter whose keys differ from its
         * name's first): {@code key_name} is {@code master} for the gateway's own keys, {@code error_type} empty
         * (as absent, in Prometheus) for an answer that did not fail.
         */
        Meters meters(MeterRegistry meters) {
            Tags tags = Tags.of("gen_ai_operation_name", "chat", "gen_ai_request_model", requestModel,
                    "gen_ai_response_model", responseModel, "gen_ai_provider_name", provider);
            Tags keyed = tags.and("key_name", keyName == null ? "master" : keyName);
            return new Meters(tokens(meters, keyed, "input"), tokens(meters, keyed, "output"),
                    Timer.builder("gen_ai.client.operation.duration").description("Duration of a whole model answer")
                            .tags(tags.and("error_type", errorType == null ? "" : errorType))
                            .serviceLevelObjectives(DURATION_BUCKETS).register(meters),
                    Timer.builder("gen_ai.server.time_to_first_token").description("Time to the first chunk of a stream")
                            .tags(tags).serviceLevelObjectives(TTFT_BUCKETS).register(meters),
                    Counter.builder("one_llm_api.cost.usd").description("Spend in USD at the configured prices")
                            .tags(keyed).register(meters));
        }
    }

    private record Meters(DistributionSummary input, DistributionSummary output, Timer duration, Timer firstToken,
                          Counter cost) {
    }

    /** A provider call sent again after a failure. */
    public void retried(String provider) {
        count("one_llm_api.upstream.retries", "Provider calls sent again after a failure", provider);
    }

    /** A model that failed handed its request to the next of its MODEL_FALLBACKS. */
    public void fellBack(String provider) {
        count("one_llm_api.fallbacks", "Requests handed to a fallback model", provider);
    }

    /** A usage row the database refused, set aside by the ledger writer (one_llm_api_ledger_rows_rejected_total). */
    public void ledgerRowRejected() {
        MeterRegistry meters = registry();
        if (meters != null) {
            Counter.builder("one_llm_api.ledger.rows.rejected").description("Usage rows the database refused")
                    .register(meters).increment();
        }
    }

    private void count(String name, String description, String provider) {
        MeterRegistry meters = registry();
        if (meters != null) {
            Counter.builder(name).description(description).tag("gen_ai_provider_name", provider).register(meters)
                    .increment();
        }
    }

    private static DistributionSummary tokens(MeterRegistry meters, Tags tags, String type) {
        return DistributionSummary.builder("gen_ai.client.token.usage").description("Tokens per model answer")
                .tags(tags.and("gen_ai_token_type", type)).serviceLevelObjectives(TOKEN_BUCKETS).register(meters);
    }

    /** Looked up once the application has started (the registry is bound while it starts); absent stays absent. */
    private MeterRegistry registry() {
        if (!resolved && camel.isStarted()) {
            MeterRegistry found = camel.getRegistry().findSingleByType(MeterRegistry.class);
            if (found != null) {
                Gauge.builder("one_llm_api.streams.active", openStreams, IntSupplier::getAsInt)
                        .description("Client streams open now").register(found);
            }
            registry = found;
            resolved = true;
        }
        return registry;
    }

    private static Duration[] seconds(double... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos((long) (values[i] * 1e9));
        }
        return out;
    }
}
