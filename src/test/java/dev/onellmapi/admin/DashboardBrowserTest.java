package dev.onellmapi.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.onellmapi.testing.AdminClient;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.OpenAiLike;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.NumberFormat;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard (GET /admin/) in a real browser: Debian's headless Chromium driven by Selenium through Debian's
 * chromedriver, against a running gateway whose keys and ledger rows are made through the admin API and chat calls
 * to a fake OpenAI. Screenshots of every view go to target/dashboard-screenshots/.
 */
class DashboardBrowserTest {
    @RegisterExtension
    static final GatewayWithFake FX = new GatewayWithFake(fake -> Map.of("openai.api-key", "sk-upstream",
            "openai.api-base", fake.baseUrl() + "/v1"));

    static final Path SHOTS = Path.of("target", "dashboard-screenshots");
    static ChromeDriver driver;
    static WebDriverWait wait;
    static AdminClient admin;
    static ObjectNode teamA;
    static ObjectNode teamB;

    @BeforeAll
    static void keysUsageAndBrowser() throws Exception {
        admin = new AdminClient(FX.gateway());
        teamA = admin.createKey("{\"name\": \"team-a\", \"max_budget_usd\": 1.00, \"budget_period\": \"monthly\","
                + " \"rpm_limit\": 600, \"tpm_limit\": 100000}");
        teamB = admin.createKey("{\"name\": \"team-b\", \"models\": [\"gpt-4o*\"]}");
        // team-a: two gpt-4o answers of 2,000 + 1,000 tokens ($0.015 each); team-b: one gpt-4o-mini of 1,000 + 1,000
        FX.fake().on("/v1/chat/completions", OpenAiLike.answer("Hi", 2000, 1000, 0));
        chat(teamA, "gpt-4o");
        chat(teamA, "gpt-4o");
        FX.fake().on("/v1/chat/completions", OpenAiLike.answer("Hi", 1000, 1000, 0));
        chat(teamB, "gpt-4o-mini");
        // team-b again: a stream (a time to first token) of 1,000 + 1,000, and an upstream failure (an error row)
        FX.fake().on("/v1/chat/completions", OpenAiLike.stream(List.of("Hel", "lo"), 1000, 1000, 0));
        HttpResponse<String> streamed = SseClient.post(FX.chatUrl(), teamB.get("key").asText(),
                "{\"model\": \"gpt-4o-mini\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}");
        assertEquals(200, streamed.statusCode(), streamed.body());
        FX.fake().on("/v1/chat/completions", FakeProvider.json(500,
                "{\"error\": {\"message\": \"boom\", \"type\": \"server_error\"}}"));
        HttpResponse<String> failed = SseClient.post(FX.chatUrl(), teamB.get("key").asText(),
                "{\"model\": \"gpt-4o-mini\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}");
        assertTrue(failed.statusCode() >= 500, failed.statusCode() + " " + failed.body());
        admin.await("/admin/requests", list -> list.get("data").size() == 5);
        admin.await("/admin/keys/" + teamA.get("id").asText(), k -> k.get("spend_usd").decimalValue().signum() > 0);

        Files.createDirectories(SHOTS);
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,800", "--user-data-dir=" + Files.createTempDirectory("dashboard-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    @AfterAll
    static void closeBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    static void chat(ObjectNode key, String model) {
        OpenAIClient sdk = OpenAIOkHttpClient.builder().apiKey(key.get("key").asText())
                .baseUrl(FX.gateway().baseUrl() + "/v1").maxRetries(0).build();
        sdk.chat().completions().create(ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello")
                .build());
    }

    @BeforeEach
    void freshTab() {
        driver.manage().window().setSize(new Dimension(1280, 800));
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", "light"))));
        driver.get(FX.gateway().baseUrl() + "/admin/");
        js("sessionStorage.clear(); location.hash = '';");
        driver.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-key")));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void signIn(String key) {
        WebElement input = driver.findElement(By.id("login-key"));
        input.clear();
        input.sendKeys(key);
        driver.findElement(By.id("login-submit")).click();
    }

    void signInAsMaster() {
        signIn(RunningGateway.KEY);
        viewReady("keys");
    }

    void viewReady(String view) {
        wait.until(d -> view.equals(js("return document.getElementById('view').dataset.view"))
                && "true".equals(js("return document.getElementById('view').dataset.ready")));
    }

    void open(String view) {
        driver.findElement(By.cssSelector("#nav a[data-view='" + view + "']")).click();
        viewReady(view);
    }

    void screenshot(String name) throws Exception {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Whether the canvas has any pixel drawn (not fully transparent). */
    boolean drawn(String canvasId) {
        return Boolean.TRUE.equals(js("const c = document.getElementById(arguments[0]); if (!c || !c.width) return false;"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true; return false;", canvasId));
    }

    WebElement keyRow(String id) {
        return driver.findElement(By.cssSelector("#keys-table tr[data-key-id='" + id + "']"));
    }

    // ---- the files ----

    @Test
    void thePagesFilesAreServedWithTheirTypesAndNothingElse() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = FX.gateway().baseUrl();
        Map<String, String> types = Map.of("/admin/", "text/html", "/admin/ui/app.js", "text/javascript",
                "/admin/ui/keys.js", "text/javascript", "/admin/ui/style.css", "text/css",
                "/admin/vendor/chart.umd.min.js", "text/javascript", "/admin/vendor/chart.js-LICENSE.md", "text/markdown");
        for (Map.Entry<String, String> e : types.entrySet()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + e.getKey())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), e.getKey());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith(e.getValue()), e.getKey());
            assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null));
        }
        HttpResponse<String> bare = http.send(HttpRequest.newBuilder(URI.create(base + "/admin")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, bare.statusCode());
        assertEquals("/admin/", bare.headers().firstValue("Location").orElse(null));
        for (String path : List.of("/admin/ui/nothing.js", "/admin/ui/..%2F..%2Fgateway.properties",
                "/admin/ui/%2E%2E%2Findex.html", "/admin/vendor/..%2Fui%2Fapp.js", "/admin/ui/App.js",
                "/admin/ui/app.class", "/admin/vendor/chart.umd.min.js.map")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, r.statusCode(), path + " " + r.body());
        }
    }

    @Test
    void theRequestsAndTheUsageFilterOnStatus() throws Exception {
        JsonNode errors = admin.get("/admin/requests?status=error").json().get("data");
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).get("status").asInt() >= 500);
        assertEquals(teamB.get("id").asText(), errors.get(0).get("key_id").asText());
        assertEquals(4, admin.get("/admin/requests?status=ok").json().get("data").size());
        assertEquals(4, admin.get("/admin/requests?status=200").json().get("data").size());
        assertEquals(0, admin.get("/admin/requests?status=429").json().get("data").size());
        assertEquals(2, admin.get("/admin/requests?status=ok&key_id=" + teamA.get("id").asText()).json()
                .get("data").size());
        JsonNode usage = admin.get("/admin/usage?group_by=key&status=error").json().get("data");
        assertEquals(1, usage.size());
        assertEquals(1, usage.get(0).get("requests").asInt());
        for (String bad : List.of("fine", "1000", "42", "-1")) {
            AdminClient.Answer a = admin.get("/admin/requests?status=" + bad);
            assertEquals(400, a.status(), bad);
            assertEquals("status", a.json().get("error").get("param").asText());
        }
    }

    // ---- signing in ----

    @Test
    void aWrongKeyShowsTheApisMessage() throws Exception {
        String message = new AdminClient(FX.gateway().baseUrl(), "not-a-key").get("/admin/keys").json()
                .get("error").get("message").asText();
        signIn("not-a-key");
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertEquals(message, error.getText());
        assertFalse(driver.findElement(By.id("nav")).isDisplayed());
        assertEquals(null, js("return sessionStorage.getItem('one-llm-api.admin-key')"), "a refused key is not kept");
        screenshot("login-wrong-key");
    }

    @Test
    void aVirtualKeyGetsTheForbiddenMessage() throws Exception {
        AdminClient.Answer refused = new AdminClient(FX.gateway().baseUrl(), teamB.get("key").asText())
                .get("/admin/keys");
        assertEquals(403, refused.status());
        signIn(teamB.get("key").asText());
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertEquals(refused.json().get("error").get("message").asText(), error.getText());
        assertTrue(error.getText().contains("virtual key"), error.getText());
        assertFalse(driver.findElement(By.id("nav")).isDisplayed());
        screenshot("login-virtual-key");
    }

    // ---- keys ----

    @Test
    void theMasterKeySeesTheKeysAndTheirSpend() throws Exception {
        signInAsMaster();
        assertEquals(RunningGateway.KEY, js("return sessionStorage.getItem('one-llm-api.admin-key')"));
        assertEquals(0, ((Number) js("return document.cookie.length")).intValue(), "no cookie");
        JsonNode a = admin.get("/admin/keys/" + teamA.get("id").asText()).json();
        assertEquals(0, a.get("spend_usd").decimalValue().compareTo(new java.math.BigDecimal("0.03")),
                a.toString());
        WebElement rowA = keyRow(teamA.get("id").asText());
        assertTrue(rowA.getText().contains("team-a"), rowA.getText());
        assertTrue(rowA.getText().contains(teamA.get("key_hint").asText()), rowA.getText());
        assertTrue(rowA.getText().contains("$0.03 of $1.00"), rowA.getText());
        assertTrue(rowA.getText().contains("600 req/min · 100,000 tok/min"), rowA.getText());
        assertEquals("3%", js("return arguments[0].querySelector('.bar .fill').style.width", rowA));
        WebElement rowB = keyRow(teamB.get("id").asText());
        assertTrue(rowB.getText().contains("$0.0015 no budget"), "a sub-cent spend: " + rowB.getText());
        assertTrue(rowB.getText().contains("no budget"), rowB.getText());
        assertTrue(rowB.getText().contains("gpt-4o*"), rowB.getText());
        assertFalse(driver.getPageSource().contains(teamA.get("key").asText()), "a key is never listed");
        screenshot("keys");
        driver.navigate().refresh(); // the tab keeps its key: no second sign-in
        viewReady("keys");
        driver.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-key")));
        assertEquals(null, js("return sessionStorage.getItem('one-llm-api.admin-key')"), "logged out: forgotten");
        assertTrue(driver.findElements(By.id("keys-table")).isEmpty());
    }

    @Test
    void aKeyMadeInThePageIsShownOnceAndCanBeDisabledAndEnabled() throws Exception {
        signInAsMaster();
        driver.findElement(By.cssSelector("#create-details summary")).click();
        driver.findElement(By.cssSelector("#create-key input[name=name]")).sendKeys("made-in-page");
        driver.findElement(By.cssSelector("#create-key input[name=max_budget_usd]")).sendKeys("5");
        driver.findElement(By.id("create-submit")).click();
        WebElement shown = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-key")));
        String key = shown.getText();
        assertTrue(key.startsWith("sk-one-") && key.length() >= 39, key);
        // the key is real: a virtual key, refused by the admin API
        assertEquals(403, new AdminClient(FX.gateway().baseUrl(), key).get("/admin/keys").status());
        JsonNode made = null;
        for (JsonNode k : admin.get("/admin/keys").json().get("data")) {
            if (k.get("name").asText().equals("made-in-page")) {
                made = k;
            }
        }
        assertTrue(made != null && made.get("max_budget_usd").decimalValue().intValue() == 5, String.valueOf(made));
        assertEquals(key.substring(0, 9) + "…" + key.substring(key.length() - 2), made.get("key_hint").asText());
        driver.findElement(By.id("copy-key")).click();
        wait.until(d -> !d.findElement(By.id("copy-status")).getText().isBlank());
        screenshot("keys-new-key-shown-once");
        driver.findElement(By.id("new-key-done")).click();
        viewReady("keys");
        String id = made.get("id").asText();
        wait.until(d -> !d.findElements(By.cssSelector("#keys-table tr[data-key-id='" + id + "']")).isEmpty());
        assertFalse(driver.getPageSource().contains(key), "shown once: gone after Done");
        assertTrue(driver.findElements(By.id("new-key")).isEmpty());

        keyRow(id).findElement(By.cssSelector("button[data-action=disable]")).click();
        wait.until(d -> !d.findElements(By.cssSelector("tr[data-key-id='" + id + "'] button[data-action=enable]"))
                .isEmpty());
        assertFalse(admin.get("/admin/keys/" + id).json().get("enabled").asBoolean());
        assertEquals("no", keyRow(id).findElement(By.cssSelector("td.enabled")).getText());
        keyRow(id).findElement(By.cssSelector("button[data-action=enable]")).click();
        wait.until(d -> !d.findElements(By.cssSelector("tr[data-key-id='" + id + "'] button[data-action=disable]"))
                .isEmpty());
        assertTrue(admin.get("/admin/keys/" + id).json().get("enabled").asBoolean());
    }

    @Test
    void aKeyIsRevokedAfterAConfirmation() throws Exception {
        ObjectNode doomed = admin.createKey("{\"name\": \"to-revoke\"}");
        String id = doomed.get("id").asText();
        signInAsMaster();
        keyRow(id).findElement(By.cssSelector("button[data-action=revoke]")).click();
        wait.until(ExpectedConditions.alertIsPresent()).dismiss(); // "no": nothing happens
        assertEquals(200, admin.get("/admin/keys/" + id).status());
        keyRow(id).findElement(By.cssSelector("button[data-action=revoke]")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(d -> d.findElements(By.cssSelector("#keys-table tr[data-key-id='" + id + "']")).isEmpty());
        assertEquals(404, admin.get("/admin/keys/" + id).status());
    }

    // ---- charts, latency, requests ----

    @Test
    void theUsageChartIsDrawnStackedByKeyAndByModelWithTheRangesTotals() throws Exception {
        signInAsMaster();
        open("usage");
        wait.until(d -> drawn("usage-chart"));
        assertEquals("5", driver.findElement(By.id("total-requests")).getText());
        assertEquals(NumberFormat.getIntegerInstance(Locale.US).format(6000),
                driver.findElement(By.id("total-prompt")).getText());
        assertEquals("4,000", driver.findElement(By.id("total-completion")).getText());
        assertEquals("$0.03", driver.findElement(By.id("total-cost")).getText());
        assertEquals(List.of("team-a", "team-b"), js("return Chart.getChart('usage-chart').data.datasets.map(d => d.label)"));
        screenshot("usage-by-key");

        new Select(driver.findElement(By.id("usage-by"))).selectByValue("model");
        wait.until(d -> List.of("gpt-4o", "gpt-4o-mini").equals(js(
                "const c = Chart.getChart('usage-chart'); return c ? c.data.datasets.map(d => d.label) : null")));
        new Select(driver.findElement(By.id("usage-metric"))).selectByValue("tokens");
        wait.until(d -> Double.valueOf(6000).equals(((Number) js("const c = Chart.getChart('usage-chart');"
                + " return c ? c.data.datasets[0].data.reduce((a, b) => a + b, 0) : -1")).doubleValue()));
        assertTrue(drawn("usage-chart"));
        screenshot("usage-tokens-by-model");

        new Select(driver.findElement(By.id("usage-range"))).selectByValue("48h");
        wait.until(d -> !d.findElements(By.id("usage-chart")).isEmpty() && drawn("usage-chart")
                && ((Number) js("return Chart.getChart('usage-chart').data.labels.length")).intValue() >= 48);
        assertEquals("5", driver.findElement(By.id("total-requests")).getText());
        screenshot("usage-48h");
    }

    @Test
    void latencyPerModelAndProviderAndTheErrorRate() throws Exception {
        signInAsMaster();
        open("latency");
        wait.until(d -> drawn("latency-chart"));
        List<WebElement> rows = driver.findElements(By.cssSelector("#latency-table tbody tr"));
        assertEquals(2, rows.size());
        for (WebElement row : rows) {
            assertTrue(row.findElement(By.cssSelector("td.p50")).getText().matches("[0-9,]+ ms"), row.getText());
            assertTrue(row.findElement(By.cssSelector("td.p95")).getText().matches("[0-9,]+ ms"), row.getText());
        }
        WebElement openai = driver.findElement(By.cssSelector("#errors-table tr[data-provider='openai']"));
        assertEquals("20%", openai.findElement(By.cssSelector("td.rate")).getText(), "one failure in five");
        assertEquals("1", openai.findElement(By.cssSelector("td.errors")).getText());
        assertTrue(driver.findElement(By.id("latency-basis")).getText().startsWith("From 5 requests"));
        WebElement mini = driver.findElement(By.xpath("//table[@id='latency-table']//tr[td[@class='model' and text()='gpt-4o-mini']]"));
        assertTrue(mini.findElement(By.cssSelector("td.t50")).getText().matches("[0-9,]+ ms"),
                "the stream's time to first token: " + mini.getText());
        screenshot("latency");
    }

    @Test
    void theRequestLogNewestFirstFilteredByKey() throws Exception {
        signInAsMaster();
        open("requests");
        wait.until(d -> d.findElements(By.cssSelector("#requests-table tbody tr")).size() == 5);
        JsonNode api = admin.get("/admin/requests").json().get("data");
        List<WebElement> all = driver.findElements(By.cssSelector("#requests-table tbody tr"));
        for (int i = 0; i < 5; i++) {
            assertEquals(api.get(i).get("request_id").asText(), all.get(i).getAttribute("data-request-id"),
                    "newest first, as the API");
        }
        screenshot("requests");
        String a = teamA.get("id").asText();
        new Select(driver.findElement(By.id("filter-key"))).selectByVisibleText("team-a");
        wait.until(d -> d.findElements(By.cssSelector("#requests-table tbody tr")).size() == 2);
        for (WebElement row : driver.findElements(By.cssSelector("#requests-table tbody tr"))) {
            assertEquals(a, row.getAttribute("data-key-id"));
            assertEquals("team-a", row.findElement(By.cssSelector("td.key")).getText());
        }
        screenshot("requests-filtered-by-key");
        new Select(driver.findElement(By.id("filter-status"))).selectByValue("error");
        wait.until(d -> !d.findElements(By.id("no-requests")).isEmpty());
        new Select(driver.findElement(By.id("filter-key"))).selectByVisibleText("team-b");
        wait.until(d -> d.findElements(By.cssSelector("#requests-table tbody tr")).size() == 1);
        WebElement error = driver.findElement(By.cssSelector("#requests-table tbody tr"));
        assertEquals(teamB.get("id").asText(), error.getAttribute("data-key-id"));
        assertTrue(Integer.parseInt(error.findElement(By.cssSelector("td.status")).getText().trim()) >= 500);
    }

    @Test
    void aPhoneScreenInDarkModeHasNoSidewaysScrolling() throws Exception {
        signInAsMaster();
        driver.manage().window().setSize(new Dimension(390, 844));
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        wait.until(d -> "rgb(21, 22, 26)".equals(js("return getComputedStyle(document.body).backgroundColor")));
        long inner = ((Number) js("return window.innerWidth")).longValue();
        assertTrue(((Number) js("return document.documentElement.scrollWidth")).longValue() <= inner,
                "the keys fit the phone's width");
        screenshot("phone-dark-keys");
        open("usage");
        wait.until(d -> drawn("usage-chart"));
        assertTrue(((Number) js("return document.documentElement.scrollWidth")).longValue() <= inner);
        screenshot("phone-dark-usage");
        open("requests");
        wait.until(d -> d.findElements(By.cssSelector("#requests-table tbody tr")).size() == 5);
        assertTrue(((Number) js("return document.documentElement.scrollWidth")).longValue() <= inner);
        screenshot("phone-dark-requests");
    }
}
