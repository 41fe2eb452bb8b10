package dev.onellmapi.observe;

import dev.onellmapi.testing.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * With HOST=127.0.0.1 Camel's management server (its metrics need no key) listens on that address alone, not on every
 * interface: 127.0.0.2 is this machine too (Linux answers the whole 127/8 on loopback), and is refused.
 */
class ManagementHostTest {
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(Map.of("gateway.host", "127.0.0.1"));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    @Test
    void theManagementServerListensOnHostOnly() throws IOException {
        int port = URI.create(gateway.managementUrl()).getPort();
        try (Socket bound = new Socket()) {
            bound.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        }
        try (Socket other = new Socket()) {
            assertThrows(ConnectException.class, () -> other.connect(new InetSocketAddress("127.0.0.2", port), 5000));
        }
    }
}
