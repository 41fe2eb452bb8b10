package dev.onellmapi.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.testing.AdminClient;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.OpenAiFixtures;
import dev.onellmapi.testing.OpenAiLike;
import dev.onellmapi.testing.RunningGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * GET /admin/requests pages on the row's own id (each page's {@code next}), so rows sharing a request id (one
 * multi-model request, or clients reusing {@code x-request-id}) are each returned once, whatever the filter.
 */
class RequestPagingTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake ->
            Map.of("openai.api-key", "sk-up", "openai.api-base", fake.baseUrl() + "/v1"));

    @Test
    void rowsSharingARequestIdArePagedOnceEach() throws Exception {
        fx.fake().on("/v1/chat/completions", OpenAiLike.answer("Hi", 10, 5, 0));
        AdminClient admin = new AdminClient(fx.gateway());
        String other = admin.createKey("{\"name\": \"reuses dup\"}").get("key").asText();
        for (int i = 0; i < 12; i++) {
            chat(RunningGateway.KEY, "dup");
            chat(other, "dup");
        }
        admin.await("/admin/requests?limit=1000", r -> r.get("data").size() == 24);
        for (int size : new int[] {3, 5, 6, 7}) {
            assertEquals(24, pagedRows(admin, "", size), "unfiltered, pages of " + size);
            assertEquals(12, pagedRows(admin, "&key_id=master", size), "master's rows, pages of " + size);
        }
    }

    private static int pagedRows(AdminClient admin, String filter, int size) throws Exception {
        int rows = 0;
        String cursor = null;
        do {
            JsonNode page = admin.get("/admin/requests?limit=" + size + filter
                    + (cursor == null ? "" : "&cursor=" + cursor)).json();
            rows += page.get("data").size();
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
        } while (cursor != null);
        return rows;
    }

    @Test
    void aCursorThatIsNoCursorIsA400() throws Exception {
        AdminClient.Answer answer = new AdminClient(fx.gateway()).get("/admin/requests?cursor=abc");
        assertEquals(400, answer.status());
        assertEquals("cursor", answer.json().get("error").get("param").asText());
    }

    private static void chat(String key, String requestId) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(fx.chatUrl()))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .header("x-request-id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(OpenAiFixtures.chatBody("gpt-4o", false))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
    }
}
