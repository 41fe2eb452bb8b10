package dev.onellmapi.frontdoor.messages;

import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Claude Code itself (its native binary, installed by scripts/claude-code.sh into .clients/) in print mode against the
 * gateway, with fake providers behind: a plain prompt, and a prompt on which the model calls Claude Code's Read tool
 * and answers from the file, for a Claude model (passed through), an OpenAI and a Gemini model (translated). npm is
 * needed to install it (.ci/run installs it when missing); without it this test fails, it does not skip.
 */
class ClaudeCodeTest {
    private static FakeProvider fake;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        fake = new FakeProvider();
        gateway = ScriptedModels.gateway(fake);
        Process install = new ProcessBuilder("bash", script(), "install").redirectErrorStream(true).start();
        String out = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(install.waitFor(300, TimeUnit.SECONDS), "installing Claude Code took too long");
        assertEquals(0, install.exitValue(), "scripts/claude-code.sh install failed: " + out);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        fake.close();
    }

    private static String script() {
        return Path.of(System.getProperty("user.dir"), "scripts", "claude-code.sh").toString();
    }

    private static String claude(Path dir, String prompt, String model) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", script(), "-p", prompt, "--model", model))
                .directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("ANTHROPIC_BASE_URL", gateway.baseUrl());
        builder.environment().put("ANTHROPIC_API_KEY", RunningGateway.KEY);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "Claude Code did not finish: " + out);
        assertEquals(0, process.exitValue(), "Claude Code failed: " + out);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-sonnet-4-5", "gpt-4o", "gemini-2.0-flash"})
    void plainPromptAndReadToolRoundTrip(String model, @TempDir Path dir) throws Exception {
        String provider = model.startsWith("claude") ? "anthropic" : model.startsWith("gpt") ? "openai" : "gemini";
        assertTrue(claude(dir, "Say hello", model).contains("Hello from " + provider + "."));

        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "secret content 42\n");
        String answer = claude(dir, "READFILE " + file + " and tell me what it says", model);
        assertTrue(answer.contains("The file says:") && answer.contains("secret content 42"), answer);
        // the model's Read call went out and its result came back through the gateway
        assertTrue(fake.requests().stream().anyMatch(r -> r.body().contains("secret content 42")));
    }
}
