package dev.onellmapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /health, /v1/models with its cache, and routes an operator edits while the gateway runs. */
class ServiceRoutesTest {
    @Test
    void modelsComeFromOpenAiOnceThenFromTheCache() throws Exception {
        try (FakeProvider openai = new FakeProvider();
             RunningGateway gateway = RunningGateway.start(Map.of("openai.api-key", "sk-up",
                     "openai.api-base", openai.baseUrl() + "/v1"))) {
            openai.on("/v1/models", FakeProvider.json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o\","
                    + "\"object\":\"model\",\"created\":1,\"owned_by\":\"openai\"}]}"));
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = SseClient.get(gateway.baseUrl() + "/v1/models", RunningGateway.KEY);
                assertEquals(200, r.statusCode(), r.body());
                JsonNode data = Json.parse(r.body()).path("data");
                assertEquals("gpt-4o", data.path(0).path("id").asText());
            }
            assertEquals(1, openai.requests().size(), "cached for MODELS_CACHE_SECONDS");
            assertEquals("Bearer sk-up", openai.lastRequest().header("Authorization"));
            assertEquals(200, SseClient.get(gateway.baseUrl() + "/health", null).statusCode());
        }
    }

    @Test
    void anEditedRouteFileTakesEffectWithoutARestart() throws Exception {
        Path dir = copyOfTheRoutes();
        try (RunningGateway gateway = RunningGateway.start(Map.of("gateway.routes-dir", dir.toString(),
                "camel.main.routes-reload-enabled", "true"))) {
            assertEquals("{\"status\":\"ok\"}", SseClient.get(gateway.baseUrl() + "/health", null).body());
            Path service = dir.resolve("service.yaml");
            Files.writeString(service, Files.readString(service).replace("{\"status\":\"ok\"}",
                    "{\"status\":\"edited\"}"));
            String body = "";
            for (int i = 0; i < 100 && !body.contains("edited"); i++) {
                Thread.sleep(200);
                body = SseClient.get(gateway.baseUrl() + "/health", null).body();
            }
            assertTrue(body.contains("edited"), "the edited route was not reloaded: " + body);
        }
    }

    /** providers.yaml holds route templates only: an edit of it rebuilds every provider's route from the new templates. */
    @Test
    void anEditedProviderTemplateRebuildsTheProviderRoutes() throws Exception {
        Path dir = copyOfTheRoutes();
        try (FakeProvider openai = new FakeProvider();
             RunningGateway gateway = RunningGateway.start(Map.of("gateway.routes-dir", dir.toString(),
                     "camel.main.routes-reload-enabled", "true", "openai.api-key", "sk-up",
                     "openai.api-base", openai.baseUrl() + "/v1", "gateway.upstream-retries", "0"))) {
            openai.on("/v1/chat/completions", FakeProvider.json(200, completion("gpt-4o", "hello")));
            Path providers = dir.resolve("providers.yaml");
            String original = Files.readString(providers);
            assertEquals(200, chat(gateway).statusCode());
            // the template's call to the provider replaced by a failure: every provider route now fails
            Files.writeString(providers, original.replace("- process: {ref: upstreamClient}",
                    "- throwException: {exceptionType: java.lang.IllegalStateException, message: edited template}"));
            int status = 200;
            for (int i = 0; i < 100 && status == 200; i++) {
                Thread.sleep(200);
                status = chat(gateway).statusCode();
            }
            assertEquals(502, status, "the edited template did not reach the provider routes");
            int calls = openai.requests().size();
            Files.writeString(providers, original);
            for (int i = 0; i < 100 && status != 200; i++) {
                Thread.sleep(200);
                status = chat(gateway).statusCode();
            }
            assertEquals(200, status, "the provider routes were not rebuilt from the restored template");
            assertEquals(calls + 1, openai.requests().size());
        }
    }

    private static HttpResponse<String> chat(RunningGateway gateway) throws Exception {
        return SseClient.post(gateway.baseUrl() + "/v1/chat/completions", RunningGateway.KEY, chatBody("gpt-4o", false));
    }

    private static Path copyOfTheRoutes() throws Exception {
        Path dir = Files.createTempDirectory("routes");
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }
}
