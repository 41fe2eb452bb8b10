package dev.onellmapi.frontdoor.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stored responses table, migrated by Flyway, on H2 and on a real PostgreSQL. */
class StoredResponsesTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static HikariDataSource database(String kind) throws Exception {
        HikariDataSource pool = new HikariDataSource();
        if (kind.equals("h2")) {
            pool.setJdbcUrl("jdbc:h2:mem:responses" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        } else {
            Map<String, String> settings = TestPostgres.shared().newDatabase();
            pool.setJdbcUrl(settings.get("gateway.database-url"));
            pool.setUsername(settings.get("gateway.database-user"));
        }
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        return pool;
    }

    private static ObjectNode response(String id, String previous, String answer) {
        ObjectNode response = Json.object().put("id", id).put("object", "response");
        response.put("previous_response_id", previous);
        ObjectNode message = response.putArray("output").addObject().put("type", "message").put("role", "assistant");
        message.putArray("content").add(ResponseObject.outputText(answer));
        return response;
    }

    private static ArrayNode input(String text) {
        return Json.array().add(ResponsesInput.userText(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aConversationIsTheChainOfItsResponsesPerKey(String kind) throws Exception {
        try (HikariDataSource pool = database(kind)) {
            StoredResponses table = new StoredResponses(() -> pool);
            table.save("key-a", response("resp_1", null, "Hi, Ann."), input("I am Ann. ☕"));
            table.save("key-a", response("resp_2", "resp_1", "Ann."), input("Who am I?"));
            table.save("key-a", response("resp_3", "resp_2", "Yes."), input("Sure?"));

            List<StoredResponses.Stored> chain = table.conversation("key-a", "resp_3");
            assertEquals(List.of("resp_1", "resp_2", "resp_3"),
                    chain.stream().map(s -> s.response().get("id").asText()).toList());
            List<JsonNode> history = StoredResponses.history(chain);
            assertEquals(6, history.size());
            assertEquals("I am Ann. ☕", history.get(0).at("/content/0/text").asText());
            assertEquals("Hi, Ann.", history.get(1).at("/content/0/text").asText());

            assertNull(table.conversation("key-b", "resp_3"), "another key's response is absent");
            assertNull(table.find("key-b", "resp_1"));
            assertFalse(table.delete("key-b", "resp_1"));
            assertEquals("Ann.", table.find("key-a", "resp_2").response().at("/output/0/content/0/text").asText());

            assertTrue(table.delete("key-a", "resp_1"));
            InvalidResponsesRequest gone = assertThrows(InvalidResponsesRequest.class,
                    () -> table.conversation("key-a", "resp_3"));
            assertEquals("previous_response_id", gone.param());
            assertTrue(gone.getMessage().contains("resp_1"), gone.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void retentionDeletesInBatchesAndKeepsNewerOnes(String kind) throws Exception {
        try (HikariDataSource pool = database(kind)) {
            StoredResponses table = new StoredResponses(() -> pool);
            for (int i = 0; i < 5; i++) {
                table.save("k", response("resp_old" + i, null, "x"), input("x"));
            }
            Instant cutoff = Instant.now().plus(Duration.ofSeconds(1));
            table.save("k", response("resp_new", null, "x"), input("x"));
            // the newest row is written before the cut-off too: nothing is written after it here, so move it past
            try (var c = pool.getConnection(); var s = c.prepareStatement(
                    "UPDATE responses SET created_at = created_at + INTERVAL '1' DAY WHERE id = 'resp_new'")) {
                s.executeUpdate();
            }
            assertEquals(2, table.deleteOlderThan(cutoff, 2));
            assertEquals(2, table.deleteOlderThan(cutoff, 2));
            assertEquals(1, table.deleteOlderThan(cutoff, 2));
            assertEquals(0, table.deleteOlderThan(cutoff, 2));
            assertTrue(table.find("k", "resp_new") != null);
        }
    }
}
