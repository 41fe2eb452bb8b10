package dev.onellmapi.keys;

import dev.onellmapi.testing.GatewayWithFake;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The keys, limits and ledger contracts on the default database, H2 (in memory here; a file by default). */
class KeysAndLimitsH2Test {
    @RegisterExtension
    static final GatewayWithFake FX = new GatewayWithFake(KeysTestBase::openAi);

    @Nested
    class Keys extends KeysContract {
        @Override
        protected GatewayWithFake fx() {
            return FX;
        }
    }

    @Nested
    class Limits extends LimitsContract {
        @Override
        protected GatewayWithFake fx() {
            return FX;
        }
    }

    @Nested
    class Ledger extends LedgerContract {
        @Override
        protected GatewayWithFake fx() {
            return FX;
        }
    }
}
