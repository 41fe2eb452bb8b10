package dev.onellmapi.keys;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.onellmapi.testing.AdminClient;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.OpenAiLike;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.BeforeEach;

import java.net.http.HttpResponse;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * What the keys, limits and ledger contracts share: the gateway with its fake OpenAI and real database (one per
 * database: {@link KeysAndLimitsH2Test}, {@link KeysAndLimitsPostgresTest}), the admin client, the SDK on a key.
 */
abstract class KeysTestBase {
    static Map<String, String> openAi(FakeProvider fake) {
        return Map.of("openai.api-key", "sk-upstream", "openai.api-base", fake.baseUrl() + "/v1");
    }

    protected abstract GatewayWithFake fx();

    AdminClient admin;

    @BeforeEach
    void setUp() {
        admin = new AdminClient(fx().gateway());
    }

    OpenAIClient sdk(String key) {
        return OpenAIOkHttpClient.builder().apiKey(key).baseUrl(fx().gateway().baseUrl() + "/v1").maxRetries(0)
                .build();
    }

    HttpResponse<String> chat(String key, String body) throws Exception {
        return SseClient.post(fx().chatUrl(), key, body);
    }

    static ChatCompletionCreateParams hello(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").build();
    }

    void answer(String content, int prompt, int completion, int cached) {
        fx().fake().on("/v1/chat/completions", OpenAiLike.answer(content, prompt, completion, cached));
    }

    /** Rate limits count per UTC minute: a test of them starts early in one, never 10 s before its end. */
    static void freshMinute() throws InterruptedException {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        if (now.getSecond() >= 45) {
            Thread.sleep((60 - now.getSecond()) * 1000L + 200);
        }
    }
}
