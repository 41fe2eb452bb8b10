package dev.onellmapi.resilience;

import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An operator's routes copied from an earlier release: their provider router chose the provider's route by the
 * exchange property {@code providerType} ({@code toD: "direct:${exchangeProperty.providerType}"}), not by today's
 * {@code providerRoute}. Such a copy must keep answering after an upgrade, not fail every request.
 */
class EarlierProviderRouterTest {
    private static final String EARLIER_CALL = """
                    - choice:
                        when:
                          - simple: "${exchangeProperty.responsesPassThrough}"
                            steps: [{to: direct:openai-responses}]
                        otherwise:
                          steps: [{toD: "direct:${exchangeProperty.providerType}"}]
""";

    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of(
            "openai.api-key", "k", "openai.api-base", fake.baseUrl() + "/v1",
            "gateway.routes-dir", earlierRoutes().toString()));

    /** This release's routes with the provider router's call as the earlier release wrote it. */
    private static Path earlierRoutes() {
        try {
            Path dir = Files.createTempDirectory("earlier-routes");
            dir.toFile().deleteOnExit(); // after its files, registered later (the JVM deletes in reverse order)
            try (Stream<Path> files = Files.list(Path.of("routes"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, dir.resolve(file.getFileName())).toFile().deleteOnExit();
                }
            }
            Path chat = dir.resolve("chat-completions.yaml");
            String today = "                    - toD: \"${exchangeProperty.providerRoute}\"\n";
            String routes = Files.readString(chat);
            if (!routes.contains(today)) {
                throw new IllegalStateException("the provider router's call changed: update this test");
            }
            Files.writeString(chat, routes.replace(today, EARLIER_CALL));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aProviderRouterFromAnEarlierReleaseStillReachesTheProvider() throws Exception {
        fx.fake().on("/v1/chat/completions", FakeProvider.json(200, completion("gpt-4o", "hello")));
        var answer = SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", false));
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(1, fx.fake().requests().size());
    }
}
