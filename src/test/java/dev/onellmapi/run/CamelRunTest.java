package dev.onellmapi.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.AdminClient;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.HostedGateway;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static dev.onellmapi.testing.FakeProvider.data;
import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static dev.onellmapi.testing.OpenAiFixtures.finalChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code camel run routes/*.yaml application.properties --dep=dev.onellmapi:one-llm-api:<version>}, the way Camel
 * JBang runs it: camel-kamelet-main (JBang's engine) with the routes and application.properties from the file system
 * and the gateway's thin jar as a dependency it downloads (here from a repository the test publishes it to) into
 * its own class loader. The engine is loaded without the gateway's classes, so nothing of the gateway is found but
 * through the dependency.
 */
class CamelRunTest {
    private static final String VERSION = "0.1.0-camel-run-test";
    /** The Kamelets catalog camel-kamelet-main 4.18.0 fetches when a route names a Kamelet. */
    private static final Path KAMELETS_CATALOG = Path.of("org", "apache", "camel", "kamelets", "camel-kamelets",
            "4.17.0");
    private static boolean catalogStandIn;
    private static final Path OUT = Path.of("target", "camel-run-test", "out").toAbsolutePath();
    private static FakeProvider openai;
    private static Object kameletMain;
    private static Thread running;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        Files.deleteIfExists(OUT.resolve("classified.txt"));
        openai = new FakeProvider();
        openai.on("/v1/chat/completions", (request, exchange) -> FakeProvider.json(200,
                completion("gpt-4o", "hello from a route")).write(request, exchange));
        Path repo = publishGatewayJar();
        publishKameletsCatalogStandIn(repo);
        port = RunningGateway.freePort();
        URLClassLoader engine = new URLClassLoader(classpathWithoutTheGateway(), ClassLoader.getPlatformClassLoader());
        Class<?> type = engine.loadClass("org.apache.camel.main.KameletMain");
        kameletMain = type.getConstructor(String.class).newInstance("camel.jbang"); // the instance type camel run uses
        type.getMethod("setDownload", boolean.class).invoke(kameletMain, true);
        type.getMethod("setRepositories", String.class).invoke(kameletMain, repo.toUri().toString());
        type.getMethod("setDefaultPropertyPlaceholderLocation", String.class).invoke(kameletMain,
                "file:application.properties");
        Method property = type.getMethod("addInitialProperty", String.class, String.class);
        Map<String, String> properties = Map.ofEntries(
                Map.entry("camel.jbang.dependencies", "dev.onellmapi:one-llm-api:" + VERSION),
                Map.entry("camel.main.routes-include-pattern", "file:routes/*.yaml"),
                Map.entry("host.classified-uri", "file:" + OUT + "?fileName=classified.txt"),
                Map.entry("gateway.port", String.valueOf(port)),
                Map.entry("camel.management.port", String.valueOf(RunningGateway.freePort())),
                Map.entry("gateway.api-keys", RunningGateway.KEY),
                Map.entry("gateway.database-url", "jdbc:h2:mem:camel-run-test;DB_CLOSE_DELAY=-1"),
                Map.entry("gateway.upstream-retries", "0"),
                Map.entry("openai.api-key", "sk-up"), Map.entry("openai.api-base", openai.baseUrl() + "/v1"),
                Map.entry("azure.api-keys", ""), Map.entry("anthropic.api-key", ""),
                Map.entry("gemini.api-key", ""), Map.entry("palm.api-key", ""));
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            property.invoke(kameletMain, entry.getKey(), entry.getValue());
        }
        // the route files camel run is given: the gateway's, and a host's own that call models through the Kamelet
        // (RouteCallsTest's), over application.properties' own pattern as camel run's command line is
        type.getMethod("addOverrideProperty", String.class, String.class).invoke(kameletMain,
                "camel.main.routes-include-pattern", "file:routes/*.yaml,file:src/test/resources/route-calls/*.yaml");
        Method run = type.getMethod("run");
        running = new Thread(() -> {
            try {
                run.invoke(kameletMain);
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "camel-run");
        running.setContextClassLoader(engine); // as camel run's own main thread
        running.setDaemon(true);
        running.start();
        HostedGateway.awaitHealth("camel run", running, "http://127.0.0.1:" + port, Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() throws Exception {
        if (kameletMain != null) {
            kameletMain.getClass().getMethod("completed").invoke(kameletMain);
            running.join(30_000);
        }
        openai.close();
        if (catalogStandIn) {
            delete(localRepository().resolve(KAMELETS_CATALOG));
        }
    }

    /**
     * camel run fetches the Kamelets catalog (camel-kamelets) as soon as a route names a Kamelet; this machine has no
     * network, so the test repository serves an empty stand-in (ours is in the gateway's jar), unless the real one is
     * already in the local repository. The stand-in is taken out of the local repository again after the run.
     */
    private static void publishKameletsCatalogStandIn(Path repo) throws IOException {
        Path cached = localRepository().resolve(KAMELETS_CATALOG);
        if (Files.isRegularFile(cached.resolve("camel-kamelets-" + KAMELETS_CATALOG.getFileName() + ".jar"))) {
            return;
        }
        delete(cached); // a failed download's leftovers would stop the resolver from asking again
        catalogStandIn = true;
        Path dir = repo.resolve(KAMELETS_CATALOG);
        Files.createDirectories(dir);
        String name = "camel-kamelets-" + KAMELETS_CATALOG.getFileName();
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(dir.resolve(name + ".jar")))) {
            jar.putNextEntry(new JarEntry("kamelets/"));
            jar.closeEntry();
        }
        Files.writeString(dir.resolve(name + ".pom"), "<project><modelVersion>4.0.0</modelVersion><groupId>"
                + "org.apache.camel.kamelets</groupId><artifactId>camel-kamelets</artifactId><version>"
                + KAMELETS_CATALOG.getFileName() + "</version></project>");
        for (String file : List.of(".jar", ".pom")) {
            Files.writeString(dir.resolve(name + file + ".sha1"), sha1(dir.resolve(name + file)));
        }
    }

    private static Path localRepository() {
        return Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
    }

    private static void delete(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** The thin jar, as mvn install would publish it: the compiled classes and resources, and the project's pom. */
    private static Path publishGatewayJar() throws IOException {
        // the downloader keeps what it fetched in the local repository: a copy from an earlier run would stand in
        delete(localRepository().resolve(Path.of("dev", "onellmapi", "one-llm-api", VERSION)));
        Path dir = Path.of("target", "camel-run-test", "repo", "dev", "onellmapi", "one-llm-api", VERSION);
        Files.createDirectories(dir);
        Path classes = Path.of("target", "classes");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(
                dir.resolve("one-llm-api-" + VERSION + ".jar"))); Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, jar);
                jar.closeEntry();
            }
        }
        String pom = Files.readString(Path.of("pom.xml")).replaceFirst("<version>0\\.1\\.0-SNAPSHOT</version>",
                "<version>" + VERSION + "</version>");
        try (OutputStream out = Files.newOutputStream(dir.resolve("one-llm-api-" + VERSION + ".pom"))) {
            out.write(pom.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        for (String file : List.of(".jar", ".pom")) { // the checksums a repository serves
            Path artifact = dir.resolve("one-llm-api-" + VERSION + file);
            Files.writeString(dir.resolve(artifact.getFileName() + ".sha1"), sha1(artifact));
        }
        return Path.of("target", "camel-run-test", "repo").toAbsolutePath();
    }

    private static String sha1(Path file) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                    .digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URL[] classpathWithoutTheGateway() throws IOException {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath();
            if (!path.endsWith(Path.of("target", "classes")) && !path.endsWith(Path.of("target", "test-classes"))) {
                urls.add(path.toUri().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }

    private static String url() {
        return "http://127.0.0.1:" + port + "/v1/chat/completions";
    }

    @Test
    void chatStreamMultiModelModelsAndAnErrorAreServed() throws Exception {
        openai.on("/v1/chat/completions", (request, exchange) -> {
            String model = Json.parse(request.body()).path("model").asText();
            if (Json.parse(request.body()).path("stream").asBoolean()) {
                FakeProvider.sse(List.of(data(chunk(model, "streamed")), data(finalChunk(model)), "data: [DONE]\n\n"))
                        .write(request, exchange);
            } else {
                FakeProvider.json(200, completion(model, "hello from " + model)).write(request, exchange);
            }
        });
        openai.on("/v1/models", FakeProvider.json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o\","
                + "\"object\":\"model\",\"created\":1,\"owned_by\":\"openai\"}]}"));
        HttpResponse<String> chat = SseClient.post(url(), RunningGateway.KEY, chatBody("gpt-4o", false));
        assertEquals(200, chat.statusCode(), chat.body());
        assertEquals("hello from gpt-4o", Json.parse(chat.body()).at("/choices/0/message/content").asText());
        List<String> stream = SseClient.stream(url(), RunningGateway.KEY, chatBody("gpt-4o", true)).rest();
        assertEquals("streamed", Json.parse(stream.get(0)).at("/choices/0/delta/content").asText(), stream.toString());
        assertEquals("[DONE]", stream.get(stream.size() - 1));
        HttpResponse<String> both = SseClient.post(url(), RunningGateway.KEY, chatBody("gpt-4o,gpt-4o-mini", false));
        assertEquals(200, both.statusCode(), both.body());
        assertEquals("hello from gpt-4o-mini", Json.parse(both.body()).at("/choices/1/message/content").asText());
        HttpResponse<String> models = SseClient.get("http://127.0.0.1:" + port + "/v1/models", RunningGateway.KEY);
        assertEquals(200, models.statusCode(), models.body());
        assertTrue(models.body().contains("\"gpt-4o\""), models.body());
        HttpResponse<String> unknown = SseClient.post(url(), RunningGateway.KEY, chatBody("no-such-model", false));
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertEquals("model_not_found", Json.parse(unknown.body()).at("/error/code").asText());
    }

    /** The host route file's timer route: the Kamelet found in the downloaded jar, its answer written to a file. */
    @Test
    void aHostRouteCallsAModelThroughTheKamelet() throws Exception {
        Path classified = OUT.resolve("classified.txt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.isRegularFile(classified) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.isRegularFile(classified), "the host route wrote no answer");
        String answer = Files.readString(classified); // whichever of the fake's answers was set when the timer fired
        assertTrue(answer.equals("hello from a route") || answer.equals("hello from gpt-4o"), answer);
        JsonNode rows = new AdminClient("http://127.0.0.1:" + port, RunningGateway.KEY)
                .await("/admin/requests?key_id=route:classify", list -> list.path("data").size() == 1);
        assertEquals(200, rows.at("/data/0/status").asInt());
    }
}
