package dev.onellmapi.usage;

import dev.onellmapi.settings.ConfigurationError;
import dev.onellmapi.keys.Glob;
import dev.onellmapi.wire.LogText;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * USD per million tokens per model: the built-in table ({@code prices.yaml} beside this class) under the operator's
 * {@code PRICING_FILE}. A name is priced by its exact entry, else by the most specific glob that matches it (the
 * longest pattern), the operator's entries before the built-in ones. Money is BigDecimal throughout.
 */
public final class Prices {
    private static final Logger LOG = LoggerFactory.getLogger(Prices.class);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /**
     * One model's rates; {@code cachedInput} (cache reads) and {@code cacheWrite} (writes to the provider's prompt
     * cache) are the input rate when the provider has no rate of their own.
     */
    public record Price(BigDecimal input, BigDecimal output, BigDecimal cachedInput, BigDecimal cacheWrite) {
    }

    private record Entry(String pattern, Price price) {
    }

    /** Names whose price is kept: any name reaches here (a key's budget is checked before the call). */
    static final int RESOLVED_NAMES = 4096;

    private final List<List<Entry>> tables; // operator's first
    // a client can send any number of names: a name that was dropped is looked up (and warned of) again
    private final Cache<String, Price> resolved = Caffeine.newBuilder().maximumSize(RESOLVED_NAMES)
            .executor(Runnable::run).build(); // its upkeep on the caller's thread, not on the common pool
    private static final Price NONE = new Price(null, null, null, null);

    private Prices(List<List<Entry>> tables) {
        this.tables = tables;
    }

    public static Prices load(String pricingFile) {
        List<List<Entry>> tables = new ArrayList<>();
        if (pricingFile != null && !pricingFile.isBlank()) {
            try {
                tables.add(parse(Files.readString(Path.of(pricingFile)), pricingFile));
            } catch (IOException e) {
                throw new ConfigurationError("PRICING_FILE", "'" + pricingFile + "' cannot be read: " + e.getMessage());
            }
        }
        try (InputStream builtIn = Prices.class.getResourceAsStream("prices.yaml")) {
            tables.add(parse(new String(builtIn.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "built-in"));
        } catch (IOException e) {
            throw new IllegalStateException("the built-in prices are part of the jar", e);
        }
        return new Prices(tables);
    }

    /** The price of a model (a name without its provider prefix), or null when none is known (warned once). */
    public Price of(String model) {
        Price price = resolved.get(model, this::lookup);
        return price == NONE ? null : price;
    }

    /** How many names' prices are kept (the bound's test). */
    long resolvedNames() {
        resolved.cleanUp();
        return resolved.estimatedSize();
    }

    /** Prices are by model name: the provider prefix a client may add ({@code openai/gpt-4o}) is not part of it. */
    public static String priced(String model) {
        int slash = model.indexOf('/');
        return slash < 0 ? model : model.substring(slash + 1);
    }

    /**
     * (uncached prompt × input + cached × cached_input + cache writes × cache_write + completion × output) / 1e6;
     * null without a price.
     */
    public BigDecimal cost(String model, Usage usage) {
        Price price = of(model);
        if (price == null) {
            return null;
        }
        long cached = Math.min(usage.cachedTokens(), usage.promptTokens());
        long written = Math.min(usage.cacheWriteTokens(), usage.promptTokens() - cached);
        BigDecimal micro = price.input().multiply(BigDecimal.valueOf(usage.promptTokens() - cached - written))
                .add(price.cachedInput().multiply(BigDecimal.valueOf(cached)))
                .add(price.cacheWrite().multiply(BigDecimal.valueOf(written)))
                .add(price.output().multiply(BigDecimal.valueOf(usage.completionTokens())));
        // exact, and free: a division (even by a power of ten) allocated a tenth of the request path's bytes
        return micro.movePointLeft(6);
    }

    private Price lookup(String model) {
        for (List<Entry> table : tables) {
            for (Entry e : table) {
                if (e.pattern.equals(model)) {
                    return e.price;
                }
            }
            Entry best = null;
            for (Entry e : table) {
                if (Glob.matches(e.pattern, model) && (best == null || e.pattern.length() > best.pattern.length())) {
                    best = e;
                }
            }
            if (best != null) {
                return best.price;
            }
        }
        LOG.warn("No price for model '{}': its cost_usd is null (add it to PRICING_FILE)", LogText.cap(model));
        return NONE;
    }

    private static List<Entry> parse(String yaml, String source) {
        Object doc;
        try {
            doc = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        } catch (RuntimeException e) {
            throw new ConfigurationError("PRICING_FILE", source + " is not YAML: " + e.getMessage());
        }
        if (doc == null) {
            return List.of();
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new ConfigurationError("PRICING_FILE", source + ": expected 'model: {input: ..., output: ...}' lines");
        }
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : new LinkedHashMap<>(map).entrySet()) {
            String model = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof Map<?, ?> rates)) {
                throw new ConfigurationError("PRICING_FILE", source + ": '" + model + "' needs {input, output}");
            }
            BigDecimal input = rate(rates.get("input"), source, model, "input", true);
            BigDecimal output = rate(rates.get("output"), source, model, "output", true);
            BigDecimal cached = rate(rates.get("cached_input"), source, model, "cached_input", false);
            BigDecimal write = rate(rates.get("cache_write"), source, model, "cache_write", false);
            entries.add(new Entry(model, new Price(input, output, cached == null ? input : cached,
                    write == null ? input : write)));
        }
        return entries;
    }

    private static BigDecimal rate(Object value, String source, String model, String field, boolean required) {
        if (value == null) {
            if (required) {
                throw new ConfigurationError("PRICING_FILE", source + ": '" + model + "' has no " + field);
            }
            return null;
        }
        BigDecimal rate;
        try {
            rate = new BigDecimal(String.valueOf(value)); // from the text: 2.50 stays exactly 2.50
        } catch (NumberFormatException e) {
            throw new ConfigurationError("PRICING_FILE", source + ": '" + model + "' " + field + " is not a number");
        }
        if (rate.signum() < 0) {
            throw new ConfigurationError("PRICING_FILE", source + ": '" + model + "' " + field + " is negative");
        }
        return rate;
    }
}
