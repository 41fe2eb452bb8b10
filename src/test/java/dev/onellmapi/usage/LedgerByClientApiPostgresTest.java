package dev.onellmapi.usage;

import dev.onellmapi.testing.GatewayWithFake;
import org.junit.jupiter.api.extension.RegisterExtension;

class LedgerByClientApiPostgresTest extends LedgerByClientApiContract {
    @RegisterExtension
    static final GatewayWithFake fx = GatewayWithFake.onPostgres(LedgerByClientApiContract::settings);

    @Override
    GatewayWithFake fx() {
        return fx;
    }
}
