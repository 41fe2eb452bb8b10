package dev.onellmapi.usage;

import dev.onellmapi.testing.GatewayWithFake;
import org.junit.jupiter.api.extension.RegisterExtension;

class LedgerByClientApiH2Test extends LedgerByClientApiContract {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(LedgerByClientApiContract::settings);

    @Override
    GatewayWithFake fx() {
        return fx;
    }
}
