package dev.onellmapi.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.testing.AdminClient;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Admin input the database cannot hold or that reads two ways is a 400 naming the field, on H2 and on a real
 * PostgreSQL (which refuses NUL in text); and admin answers are never cached.
 */
class AdminInputTest {
    @RegisterExtension
    static final GatewayWithFake H2 = new GatewayWithFake(fake -> settings(fake.baseUrl()));

    @RegisterExtension
    static final GatewayWithFake POSTGRES = GatewayWithFake.onPostgres(fake -> settings(fake.baseUrl()));

    private static Map<String, String> settings(String fake) {
        return Map.of("openai.api-key", "sk-upstream", "openai.api-base", fake + "/v1");
    }

    private static List<AdminClient> both() {
        return List.of(new AdminClient(H2.gateway()), new AdminClient(POSTGRES.gateway()));
    }

    private static void refused(AdminClient.Answer a, String param) {
        assertEquals(400, a.status(), a.response().body());
        assertEquals("invalid_request_error", a.json().get("error").get("type").asText(), a.response().body());
        assertEquals(param, a.json().get("error").get("param").isNull() ? null
                : a.json().get("error").get("param").asText(), a.response().body());
    }

    @Test
    void trailingContentAndDuplicateFieldsAreRefusedAsInChat() throws Exception {
        for (AdminClient admin : both()) {
            for (String body : List.of("{\"name\":\"x\"} {\"name\":\"y\"}", "{\"name\":\"x\"}garbage",
                    "{\"name\":\"x\",\"name\":\"y\"}")) {
                refused(admin.post("/admin/keys", body), null);
                String id = admin.createKey("{\"name\":\"a\"}").get("id").asText();
                refused(admin.patch("/admin/keys/" + id, body), null);
                assertEquals("a", admin.get("/admin/keys/" + id).json().get("name").asText(), "nothing changed");
            }
        }
        String twoModels = "{\"model\":\"gpt-4o\",\"model\":\"o1\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        assertEquals(400, SseClient.post(H2.chatUrl(), dev.onellmapi.testing.RunningGateway.KEY, twoModels)
                .statusCode(), "the chat endpoint reads the same way");
    }

    @Test
    void numbersTheColumnsCannotHoldAreRefusedNamingTheField() throws Exception {
        for (AdminClient admin : both()) {
            for (String budget : List.of("1e-37", "99999999999999.999999999999", "0.0000001", "100000000000000",
                    "1e14")) {
                refused(admin.post("/admin/keys", "{\"max_budget_usd\":" + budget + "}"), "max_budget_usd");
            }
            for (String field : List.of("rpm_limit", "tpm_limit")) {
                for (String n : List.of("9223372036854775808", "1e30", "1.5", "-1")) {
                    refused(admin.post("/admin/keys", "{\"" + field + "\":" + n + "}"), field);
                }
            }
            ObjectNode made = admin.createKey("{\"max_budget_usd\": 99999999999999.999999, \"rpm_limit\": "
                    + Long.MAX_VALUE + "}");
            ObjectNode read = (ObjectNode) admin.get("/admin/keys/" + made.get("id").asText()).json();
            assertEquals(0, read.get("max_budget_usd").decimalValue()
                    .compareTo(new java.math.BigDecimal("99999999999999.999999")), read.toString());
            assertEquals(Long.MAX_VALUE, read.get("rpm_limit").asLong());
            ObjectNode small = admin.createKey("{\"max_budget_usd\": 0.000001}");
            assertEquals("0.000001", admin.get("/admin/keys/" + small.get("id").asText()).json()
                    .get("max_budget_usd").decimalValue().toPlainString());
        }
    }

    @Test
    void timesNamesAndModelListsTheDatabaseCannotHoldAreRefused() throws Exception {
        for (AdminClient admin : both()) {
            for (String time : List.of("%2B999999999-12-31", "-999999999-01-01", "%2B999999999-12-31T23:59:59Z",
                    "0000-06-30", "10000-01-01")) {
                refused(admin.get("/admin/usage?to=" + time), "to");
                refused(admin.get("/admin/usage?from=" + time), "from");
                refused(admin.get("/admin/requests?from=" + time), "from");
            }
            assertEquals(200, admin.get("/admin/usage?from=0001-01-01&to=9999-12-31").status());
            refused(admin.post("/admin/keys", "{\"expires_at\":\"+999999999-12-31\"}"), "expires_at");
            refused(admin.post("/admin/keys", "{\"name\":\"a\\u0000b\"}"), "name");
            refused(admin.post("/admin/keys", "{\"name\":\"a\\nb\"}"), "name");
            refused(admin.post("/admin/keys", "{\"models\":[\"gpt-4o\\u0000x\"]}"), "models");
            refused(admin.post("/admin/keys", "{\"name\":\"" + "n".repeat(201) + "\"}"), "name");
            refused(admin.post("/admin/keys", "{\"models\":[\"" + "m".repeat(201) + "\"]}"), "models");
            StringBuilder many = new StringBuilder("[");
            for (int i = 0; i < 100; i++) {
                many.append(i == 0 ? "" : ",").append("\"").append("gpt-4o-").append("x".repeat(100)).append(i)
                        .append("\"");
            }
            refused(admin.post("/admin/keys", "{\"models\":" + many + "]}"), "models");
            String id = admin.createKey("{\"name\":\"ok\"}").get("id").asText();
            refused(admin.patch("/admin/keys/" + id, "{\"name\":\"a\\u0000b\"}"), "name");
            assertEquals(200, admin.get("/admin/keys").status(), "the key list still reads");
        }
    }

    @Test
    void adminAnswersAreNeverCached() throws Exception {
        for (AdminClient admin : both()) {
            AdminClient.Answer made = admin.post("/admin/keys", "{\"name\":\"secret\"}");
            assertEquals(201, made.status());
            assertEquals("no-store", made.header("Cache-Control"), "the answer holds the secret key");
            assertEquals("no-store", admin.get("/admin/keys").header("Cache-Control"));
            assertEquals("no-store", admin.get("/admin/usage").header("Cache-Control"));
        }
    }
}
