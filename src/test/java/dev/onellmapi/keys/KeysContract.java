package dev.onellmapi.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.AdminClient;
import dev.onellmapi.testing.OpenAiFixtures;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin API's keys: shown once, master keys only, bad bodies, PATCH/disable/expire/delete, model lists. */
abstract class KeysContract extends KeysTestBase {
    @Test
    void aKeyIsShownOnceHashedAndCallsChatWithTheSdk() throws Exception {
        ObjectNode made = admin.createKey("{\"name\": \"team-a\", \"metadata\": {\"team\": \"a\"}}");
        String key = made.get("key").asText();
        assertTrue(key.startsWith("sk-one-") && key.length() >= 7 + 32, key);
        String id = made.get("id").asText();
        assertEquals("team-a", made.get("name").asText());
        assertEquals(key.substring(0, 9) + "…" + key.substring(key.length() - 2), made.get("key_hint").asText());
        for (String field : List.of("models", "rpm_limit", "tpm_limit", "max_budget_usd", "budget_period",
                "expires_at", "enabled", "created_at", "spend_usd", "metadata")) {
            assertTrue(made.has(field), field);
        }
        assertEquals("a", made.get("metadata").get("team").asText());
        AdminClient.Answer one = admin.get("/admin/keys/" + id);
        assertEquals(200, one.status());
        assertFalse(one.json().has("key"), "the key is shown only once");
        assertEquals(0, one.json().get("spend_usd").decimalValue().signum());
        JsonNode list = admin.get("/admin/keys").json();
        assertEquals("list", list.get("object").asText());
        boolean listed = false;
        for (JsonNode k : list.get("data")) {
            assertFalse(k.has("key"));
            listed |= k.get("id").asText().equals(id);
        }
        assertTrue(listed);

        answer("Hi", 5, 7, 0);
        ChatCompletion completion = sdk(key).chat().completions().create(hello("gpt-4o"));
        assertEquals("Hi", completion.choices().get(0).message().content().orElseThrow());
        assertEquals("Bearer sk-upstream", fx().fake().lastRequest().header("Authorization"),
                "the gateway's own key goes upstream, never the client's");
    }

    @Test
    void theAdminApiTakesMasterKeysOnly() throws Exception {
        String key = admin.createKey("{}").get("key").asText();
        assertEquals(401, new AdminClient(fx().gateway().baseUrl(), null).get("/admin/keys").status());
        AdminClient.Answer unknown = new AdminClient(fx().gateway().baseUrl(), "sk-one-nope").get("/admin/keys");
        assertEquals(401, unknown.status());
        assertEquals("invalid_api_key", unknown.json().get("error").get("code").asText());
        AdminClient.Answer virtual = new AdminClient(fx().gateway().baseUrl(), key).get("/admin/keys");
        assertEquals(403, virtual.status());
        assertNotNull(virtual.json().get("error").get("message"));
        assertEquals(403, new AdminClient(fx().gateway().baseUrl(), key).post("/admin/keys", "{}").status());
    }

    @Test
    void badBodiesAre400AndChangeNothing() throws Exception {
        int before = admin.get("/admin/keys").json().get("data").size();
        for (String bad : List.of("{\"rpm_limit\": \"ten\"}", "{\"rpm_limit\": -1}", "{\"tpm_limit\": 1.5}",
                "{\"max_budget_usd\": -0.01}", "{\"max_budget_usd\": \"5\"}", "{\"budget_period\": \"hourly\"}",
                "{\"models\": \"gpt-4o\"}", "{\"models\": [1]}", "{\"expires_at\": \"tomorrow\"}",
                "{\"metadata\": [1]}", "{\"enabled\": \"yes\"}", "{\"name\": 5}", "{\"nmae\": \"typo\"}",
                "{\"name\": \"x\"", "[1, 2]", "not json")) {
            AdminClient.Answer a = admin.post("/admin/keys", bad);
            assertEquals(400, a.status(), bad);
            assertEquals("invalid_request_error", a.json().get("error").get("type").asText(), bad);
        }
        assertEquals(before, admin.get("/admin/keys").json().get("data").size(), "no key was made");

        ObjectNode made = admin.createKey("{\"rpm_limit\": 5}");
        String id = made.get("id").asText();
        assertEquals(400, admin.patch("/admin/keys/" + id, "{\"rpm_limit\": 7, \"tpm_limit\": -3}").status());
        assertEquals(400, admin.patch("/admin/keys/" + id, "{broken").status());
        assertEquals(5, admin.get("/admin/keys/" + id).json().get("rpm_limit").asInt(), "nothing changed");
    }

    @Test
    void anUnknownIdIs404() throws Exception {
        assertEquals(404, admin.get("/admin/keys/key_nope").status());
        assertEquals(404, admin.patch("/admin/keys/key_nope", "{\"name\": \"x\"}").status());
        AdminClient.Answer deleted = admin.delete("/admin/keys/key_nope");
        assertEquals(404, deleted.status());
        assertNotNull(deleted.json().get("error"));
    }

    @Test
    void patchDisableExpireAndDelete() throws Exception {
        answer("Hi", 5, 7, 0);
        ObjectNode made = admin.createKey("{\"name\": \"x\", \"budget_period\": \"daily\"}");
        String id = made.get("id").asText();
        String key = made.get("key").asText();
        assertEquals(200, chat(key, OpenAiFixtures.chatBody("gpt-4o", false)).statusCode());

        AdminClient.Answer patched = admin.patch("/admin/keys/" + id, "{\"enabled\": false, \"rpm_limit\": 100, "
                + "\"max_budget_usd\": 2.50}");
        assertEquals(200, patched.status());
        assertFalse(patched.json().get("enabled").asBoolean());
        assertEquals(100, patched.json().get("rpm_limit").asInt());
        assertEquals(0, new BigDecimal("2.5").compareTo(patched.json().get("max_budget_usd").decimalValue()));
        assertEquals("daily", patched.json().get("budget_period").asText());
        assertEquals("x", patched.json().get("name").asText(), "fields not sent stay");
        HttpResponse<String> disabled = chat(key, OpenAiFixtures.chatBody("gpt-4o", false));
        assertEquals(401, disabled.statusCode());
        assertTrue(disabled.body().contains("invalid_api_key"));

        assertEquals(200, admin.patch("/admin/keys/" + id, "{\"enabled\": true, \"rpm_limit\": null}").status());
        assertTrue(admin.get("/admin/keys/" + id).json().get("rpm_limit").isNull());
        assertEquals(200, chat(key, OpenAiFixtures.chatBody("gpt-4o", false)).statusCode());

        assertEquals(200, admin.patch("/admin/keys/" + id, "{\"expires_at\": \"2020-01-01T00:00:00Z\"}").status());
        assertEquals(401, chat(key, OpenAiFixtures.chatBody("gpt-4o", false)).statusCode(), "expired");
        assertEquals(200, admin.patch("/admin/keys/" + id, "{\"expires_at\": \"2999-01-01\"}").status());
        assertEquals(200, chat(key, OpenAiFixtures.chatBody("gpt-4o", false)).statusCode());

        AdminClient.Answer deleted = admin.delete("/admin/keys/" + id);
        assertEquals(200, deleted.status());
        assertEquals(id, deleted.json().get("id").asText());
        assertTrue(deleted.json().get("deleted").asBoolean());
        UnauthorizedException refused = assertThrows(UnauthorizedException.class,
                () -> sdk(key).chat().completions().create(hello("gpt-4o")));
        assertEquals(401, refused.statusCode(), "a deleted key stops at once on this instance");
        assertEquals(404, admin.get("/admin/keys/" + id).status());
        for (JsonNode k : admin.get("/admin/keys").json().get("data")) {
            assertFalse(k.get("id").asText().equals(id));
        }
    }

    @Test
    void aModelOutsideTheKeysListIs403AndNothingIsSent() throws Exception {
        answer("Hi", 5, 7, 0);
        String key = admin.createKey("{\"models\": [\"gpt-4o-mini\", \"claude-*\"], \"rpm_limit\": 100}").get("key")
                .asText();
        assertEquals(200, chat(key, OpenAiFixtures.chatBody("gpt-4o-mini", false)).statusCode());
        int sent = fx().fake().requests().size();
        for (String model : List.of("gpt-4o", "gpt-4o-mini,gpt-4o")) {
            for (boolean stream : List.of(false, true)) {
                HttpResponse<String> refused = chat(key, OpenAiFixtures.chatBody(model, stream));
                assertEquals(403, refused.statusCode(), model);
                assertEquals("model_not_allowed", Json.parse(refused.body()).get("error").get("code").asText());
                assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                        "a refused stream is a plain answer, not a stream");
                // every answer to a key with limits has the minute's headers; a refusal is not counted
                assertEquals("100", refused.headers().firstValue("x-ratelimit-limit-requests").orElse(""), model);
                assertEquals("99", refused.headers().firstValue("x-ratelimit-remaining-requests").orElse(""), model);
                assertTrue(refused.headers().firstValue("x-ratelimit-reset-requests").isPresent(), model);
            }
        }
        assertEquals(sent, fx().fake().requests().size(), "nothing went upstream");
    }
}
