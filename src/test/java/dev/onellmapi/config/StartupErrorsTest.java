package dev.onellmapi.config;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bad setting stops the standalone start with one line naming its variable: no stack trace, a non-zero exit. */
class StartupErrorsTest {
    private static void assertStartStops(Map<String, String> env, String message) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                "dev.onellmapi.Application").redirectErrorStream(true);
        builder.environment().put("ONE_API_KEY", "sk-startup-test");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the start with a bad setting did not stop");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, process.exitValue(), output);
        assertTrue(output.contains("one-llm-api: " + message), output);
        assertFalse(output.contains("\tat "), "a stack trace instead of the message: " + output);
    }

    @Test
    void aBadPortOrGracePeriodOrHostStopsTheStartWithItsName() throws Exception {
        assertStartStops(Map.of("PORT", "eighty"), "PORT: 'eighty' is not a whole number");
        assertStartStops(Map.of("SHUTDOWN_GRACE_SECONDS", "x"),
                "SHUTDOWN_GRACE_SECONDS: 'x' is not a whole number");
        assertStartStops(Map.of("HOST", "no such host!"), "HOST: 'no such host!' is not a host name or IP address");
        assertStartStops(Map.of("MANAGEMENT_PORT", "ninety"), "MANAGEMENT_PORT: 'ninety' is not a whole number");
        assertStartStops(Map.of("ROUTES_RELOAD", "perhaps"), "ROUTES_RELOAD: 'perhaps' is not a valid value");
    }
}
