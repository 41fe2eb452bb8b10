package dev.onellmapi.frontdoor.responses;

import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Codex CLI itself ({@code codex exec}, installed by {@code scripts/codex.sh}, the gateway as its model provider with
 * {@code wire_api = "responses"}) against the gateway, with scripted fake models behind it: a plain prompt, and a
 * prompt whose answer needs Codex's shell tool to read a file, for an OpenAI model (passed through), a Claude and a
 * Gemini model (translated).
 */
class CodexTest {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(ScriptedModels::settings);

    @TempDir
    Path workdir;

    @BeforeAll
    static void install() throws Exception {
        Result installed = script(List.of("install"), null, 300);
        assertEquals(0, installed.exit(), installed.err());
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result script(List<String> args, Path workdir, int timeoutSeconds) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "scripts/codex.sh"));
        command.addAll(args);
        File out = File.createTempFile("codex-out", ".txt");
        File err = File.createTempFile("codex-err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out).redirectError(err);
        builder.environment().put("ONE_API_KEY", RunningGateway.KEY);
        if (workdir != null) {
            builder.environment().put("TMPDIR", workdir.toString());
        }
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("codex did not finish in " + timeoutSeconds + " s: "
                    + Files.readString(err.toPath()));
        }
        Result result = new Result(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
        out.delete();
        err.delete();
        return result;
    }

    private Result codex(String model, String prompt) throws Exception {
        ScriptedModels.install(fx.fake());
        Path project = Files.createDirectories(workdir.resolve("project"));
        Files.writeString(project.resolve("notes.txt"), "The secret word is pelican.\n");
        Result result = script(List.of("exec", fx.gateway().baseUrl() + "/v1", model, prompt, project.toString()),
                workdir, 120);
        assertEquals(0, result.exit(), result.err());
        assertTrue(fx.fake().requests().stream().allMatch(r -> r.method().equals("POST")), "only model calls");
        return result;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-5", "claude-sonnet-4-5", "gemini-2.5-flash"})
    void plainPrompt(String model) throws Exception {
        Result result = codex(model, "Say hello to the gateway");
        String answer = result.out().strip();
        assertTrue(answer.startsWith(ScriptedModels.who(model) + " heard: "), answer + "\n" + result.err());
        assertTrue(answer.endsWith("| Say hello to the gateway"), answer);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-5", "claude-sonnet-4-5", "gemini-2.5-flash"})
    void shellToolReadsAFile(String model) throws Exception {
        Result result = codex(model, "What is the secret word in notes.txt?");
        String answer = result.out().strip();
        assertTrue(answer.startsWith(ScriptedModels.who(model) + " read: "), answer + "\n" + result.err());
        assertTrue(answer.contains("The secret word is pelican."), answer);
        assertTrue(result.err().contains("cat notes.txt"), "Codex ran the command: " + result.err());
        assertEquals(2, fx.fake().requests().size(), "the call, then its result");
    }
}
