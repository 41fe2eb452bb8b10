package dev.onellmapi.run;

import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.onellmapi.testing.FakeProvider.data;
import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static dev.onellmapi.testing.OpenAiFixtures.finalChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The gateway inside a Spring Boot Camel application (camel-spring-boot 4.18), set up as the README says: the
 * dependency and the properties, nothing else (the gateway's auto-configuration binds its beans and loads its routes).
 * Spring Boot has no Vert.x platform-http server, so the gateway serves on its own (PORT), streams included.
 */
class SpringBootHostTest {
    private static FakeProvider openai;
    private static ConfigurableApplicationContext spring;
    private static int port;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class HostApplication {
        /** The host's own route (Java DSL) that asks a model through the Kamelet. */
        @Bean
        RouteBuilder classify() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:classify").routeId("classify")
                            .to("kamelet:one-llm-api-chat?model=gpt-4o&system=RAW(One word only)");
                }
            };
        }
    }

    @BeforeAll
    static void start() throws Exception {
        openai = new FakeProvider();
        port = RunningGateway.freePort();
        Map<String, Object> properties = new HashMap<>();
        // the repository's application.properties (the standalone run's, Camel placeholders) is not this host's
        properties.put("spring.config.location", "optional:classpath:/spring-boot-host-test/");
        properties.put("gateway.port", port);
        properties.put("gateway.api-keys", RunningGateway.KEY);
        properties.put("gateway.database-url", "jdbc:h2:mem:spring-boot-host;DB_CLOSE_DELAY=-1");
        properties.put("openai.api-key", "sk-up");
        properties.put("openai.api-base", openai.baseUrl() + "/v1");
        spring = new SpringApplicationBuilder(HostApplication.class).web(WebApplicationType.NONE)
                .properties(properties).run();
    }

    @AfterAll
    static void stop() {
        if (spring != null) {
            spring.close();
        }
        openai.close();
    }

    @Test
    void wholeAndStreamedChatWork() throws Exception {
        openai.on("/v1/chat/completions", (request, exchange) -> {
            if (Json.parse(request.body()).path("stream").asBoolean()) {
                FakeProvider.sse(List.of(data(chunk("gpt-4o", "from spring")), data(finalChunk("gpt-4o")),
                        "data: [DONE]\n\n")).write(request, exchange);
            } else {
                FakeProvider.json(200, completion("gpt-4o", "hello spring")).write(request, exchange);
            }
        });
        String url = "http://127.0.0.1:" + port + "/v1/chat/completions";
        HttpResponse<String> chat = SseClient.post(url, RunningGateway.KEY, chatBody("gpt-4o", false));
        assertEquals(200, chat.statusCode(), chat.body());
        assertEquals("hello spring", Json.parse(chat.body()).at("/choices/0/message/content").asText());
        List<String> stream = SseClient.stream(url, RunningGateway.KEY, chatBody("gpt-4o", true)).rest();
        assertEquals("from spring", Json.parse(stream.get(0)).at("/choices/0/delta/content").asText());
        assertEquals("[DONE]", stream.get(stream.size() - 1));
    }

    @Test
    void aSpringRouteCallsAModelThroughTheKamelet() {
        openai.on("/v1/chat/completions", FakeProvider.json(200, completion("gpt-4o", "billing")));
        CamelContext camel = spring.getBean(CamelContext.class);
        assertEquals("billing", camel.createProducerTemplate().requestBody("direct:classify", "My invoice is wrong"));
        assertEquals("One word only", Json.parseObjectOrNull(openai.lastRequest().body()).at("/messages/0/content")
                .asText());
    }
}
