package dev.onellmapi.keys;

import dev.onellmapi.testing.GatewayWithFake;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The keys, limits and ledger contracts on a real PostgreSQL, started by the suite ({@link dev.onellmapi.testing.TestPostgres}). */
class KeysAndLimitsPostgresTest {
    @RegisterExtension
    static final GatewayWithFake FX = GatewayWithFake.onPostgres(KeysTestBase::openAi);

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
