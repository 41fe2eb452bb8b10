package dev.onellmapi.testing;

import com.openai.client.OpenAIClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The usual set-up of a provider test class, as a JUnit extension: one fake provider, one gateway pointed at it
 * (settings made from the fake's address), the SDK on the gateway; the fake forgets its script before each test.
 * <pre>{@code @RegisterExtension
 * static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of("openai.api-key", "k",
 *         "openai.api-base", fake.baseUrl() + "/v1"));}</pre>
 * The first choice for a provider or front-door test; see {@link RunningGateway} for when to pick another helper.
 * {@code @Nested} classes of the class that registers it share its gateway.
 */
public final class GatewayWithFake implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private final Function<FakeProvider, Map<String, String>> settings;
    private FakeProvider fake;
    private RunningGateway gateway;
    private OpenAIClient sdk;
    private Class<?> owner;

    public GatewayWithFake(Function<FakeProvider, Map<String, String>> settings) {
        this.settings = settings;
    }

    /** The same set-up on a new database of the suite's PostgreSQL ({@link TestPostgres}) instead of H2. */
    public static GatewayWithFake onPostgres(Function<FakeProvider, Map<String, String>> settings) {
        return new GatewayWithFake(fake -> {
            try {
                Map<String, String> all = new HashMap<>(settings.apply(fake));
                all.putAll(TestPostgres.shared().newDatabase());
                return all;
            } catch (Exception e) {
                throw new IllegalStateException("PostgreSQL for the tests", e);
            }
        });
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (gateway != null) {
            return; // a @Nested class of the class that started it: the same gateway serves it
        }
        owner = context.getRequiredTestClass();
        fake = new FakeProvider();
        gateway = RunningGateway.start(settings.apply(fake));
        sdk = gateway.sdk();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        fake.reset();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (context.getRequiredTestClass() == owner) {
            gateway.close();
            fake.close();
            gateway = null;
        }
    }

    public FakeProvider fake() {
        return fake;
    }

    public RunningGateway gateway() {
        return gateway;
    }

    public OpenAIClient sdk() {
        return sdk;
    }

    public String chatUrl() {
        return gateway.baseUrl() + "/v1/chat/completions";
    }
}
