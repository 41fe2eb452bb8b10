package dev.onellmapi.usage;

import dev.onellmapi.provider.anthropic.AnthropicModels;
import dev.onellmapi.provider.palm.PalmModels;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every model a built-in provider lists by itself (OpenAI and Gemini list theirs live) has a built-in price: a key with
 * a budget is refused a model without one.
 */
class BuiltInModelsArePricedTest {
    @Test
    void everyBuiltInModelHasAPrice() {
        Prices prices = Prices.load(null);
        List<String> unpriced = new ArrayList<>();
        for (List<String> list : List.of(AnthropicModels.KNOWN, PalmModels.MODELS)) {
            for (String model : list) {
                if (prices.of(model) == null) {
                    unpriced.add(model);
                }
            }
        }
        assertEquals(List.of(), unpriced, "price them in prices.yaml");
    }

    @Test
    void theModelsTheHostilePassFoundUnpricedAreEitherPricedOrNamedAsUnpriced() throws Exception {
        String table = new String(Prices.class.getResourceAsStream("prices.yaml").readAllBytes());
        Prices prices = Prices.load(null);
        for (String model : List.of("gpt-5.1", "gpt-5-pro", "gpt-4")) {
            assertEquals(true, prices.of(model) != null || table.contains(model + " ") || table.contains(model + ","),
                    model + ": a price, or a reason in prices.yaml");
        }
        assertEquals(0, new java.math.BigDecimal("10.00").compareTo(prices.of("gpt-5.1").output()));
    }
}
