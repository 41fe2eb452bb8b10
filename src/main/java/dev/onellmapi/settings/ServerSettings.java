package dev.onellmapi.settings;

/**
 * The gateway's HTTP server: where it listens, the largest body it reads, and how long a client may take.
 *
 * @param readTimeoutSeconds  a client must have sent its whole request (headers and body) within this, counted from
 *                            its connection (the first request) or from the request's headers (a body)
 * @param idleTimeoutSeconds  a keep-alive connection with no request in flight is closed after this
 * @param maxConnections      open client connections past which new ones are refused at once
 */
public record ServerSettings(String host, int port, int maxBodyBytes, int readTimeoutSeconds,
                             int idleTimeoutSeconds, int maxConnections) {
}
