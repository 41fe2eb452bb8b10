package dev.onellmapi.usage;

import dev.onellmapi.settings.ConfigurationError;
import dev.onellmapi.limits.RateLimitHeaders;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The price table's rules, a bad PRICING_FILE stopping the start, and reading usage without parsing the answer. */
class PricesAndUsageReaderTest {
    @Test
    void theMostSpecificPriceWinsAndTheOperatorsFileComesFirst() throws Exception {
        Path file = Files.createTempFile("prices", ".yaml");
        Files.writeString(file, "gpt-4o: {input: 1, output: 1}\n\"my-*\": {input: 0.5, output: 0.25}\n");
        Prices prices = Prices.load(file.toString());
        assertEquals(new BigDecimal("1"), prices.of("gpt-4o").input(), "operator's exact entry");
        assertEquals(new BigDecimal("2.5"), prices.of("gpt-4o-2024-08-06").input(), "built-in glob");
        assertEquals(new BigDecimal("0.15"), prices.of("gpt-4o-mini").input(), "the longer glob wins");
        assertEquals(new BigDecimal("0.5"), prices.of("my-model").cachedInput(), "no cached rate: the input rate");
        assertNull(prices.of("unheard-of"));
        // exact: 1 prompt token of gpt-4o-mini is $0.00000015, a million of them $0.15
        assertEquals(0, new BigDecimal("0.15").compareTo(prices.cost("gpt-4o-mini",
                new Usage(1_000_000, 0, 0, false))));
        assertEquals(0, new BigDecimal("0.00000015").compareTo(prices.cost("gpt-4o-mini", new Usage(1, 0, 0, false))));
    }

    @Test
    void aBadPricingFileStopsTheStartNamingTheVariable() throws Exception {
        for (String bad : new String[]{"gpt-4o: {input: -1, output: 1}", "gpt-4o: {output: 1}",
                "gpt-4o: {input: cheap, output: 1}", "- a list", "gpt-4o: 3", "x: {input: [1, "}) {
            Path file = Files.createTempFile("prices", ".yaml");
            Files.writeString(file, bad);
            ConfigurationError error = assertThrows(ConfigurationError.class, () -> Prices.load(file.toString()), bad);
            assertTrue(error.getMessage().startsWith("PRICING_FILE"), error.getMessage());
        }
        assertThrows(ConfigurationError.class, () -> Prices.load("/no/such/prices.yaml"));
    }

    @Test
    void usageIsReadFromTheLastUsageKeyNotFromTextThatMentionsIt() {
        String answer = "{\"choices\":[{\"message\":{\"content\":\"a \\\"usage\\\": {\\\"prompt_tokens\\\": 99}\"}}],"
                + "\"usage\": {\"prompt_tokens\":5,\"completion_tokens\":7,\"prompt_tokens_details\":"
                + "{\"cached_tokens\":2}}}";
        Usage usage = UsageReader.ofAnswer(answer.getBytes(StandardCharsets.UTF_8));
        assertEquals(new Usage(5, 7, 2, false), usage);
        assertNull(UsageReader.ofAnswer("{\"choices\":[],\"usage\":null}".getBytes(StandardCharsets.UTF_8)));
        assertNull(UsageReader.ofAnswer("{\"choices\":[]}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void resetsAreWrittenAsOpenAiWritesThem() {
        assertEquals("20ms", RateLimitHeaders.duration(20));
        assertEquals("17s", RateLimitHeaders.duration(16_200));
        assertEquals("1m0s", RateLimitHeaders.duration(60_000));
    }

    /** A client can name any number of models (a key's budget prices each before the call): the prices kept stay bounded. */
    @Test
    void anyNumberOfModelNamesKeepABoundedNumberOfPrices() {
        Prices prices = Prices.load(null);
        for (int i = 0; i < 3 * Prices.RESOLVED_NAMES; i++) {
            assertNull(prices.of("no-such-model-" + i));
        }
        assertNotNull(prices.of("gpt-4o"));
        assertTrue(prices.resolvedNames() <= Prices.RESOLVED_NAMES, prices.resolvedNames() + " names kept");
    }
}
