package dev.onellmapi.keys;

import dev.onellmapi.testing.GatewayWithFake;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The keys and limits contract on the default database, H2 (in memory here; a file by default). */
class KeysAndLimitsH2Test extends KeysAndLimitsContract {
    @RegisterExtension
    static final GatewayWithFake FX = new GatewayWithFake(KeysAndLimitsContract::openAi);

    @Override
    protected GatewayWithFake fx() {
        return FX;
    }
}
