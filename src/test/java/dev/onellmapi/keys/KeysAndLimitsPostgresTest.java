package dev.onellmapi.keys;

import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.TestPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.Map;

/** The keys and limits contract on a real PostgreSQL, started by the suite ({@link TestPostgres}). */
class KeysAndLimitsPostgresTest extends KeysAndLimitsContract {
    @RegisterExtension
    static final GatewayWithFake FX = new GatewayWithFake(fake -> {
        try {
            Map<String, String> settings = new HashMap<>(openAi(fake));
            settings.putAll(TestPostgres.shared().newDatabase());
            return settings;
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL for the tests", e);
        }
    });

    @Override
    protected GatewayWithFake fx() {
        return FX;
    }
}
