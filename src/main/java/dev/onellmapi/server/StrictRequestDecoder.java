package dev.onellmapi.server;

import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

/**
 * Vert.x's request decoder, except that a request with both {@code Content-Length} and
 * {@code Transfer-Encoding: chunked} is a bad request instead of being read as chunked with its length dropped
 * (Netty's default): a proxy in front that reads the length would see the rest as the start of another request
 * (request smuggling). RFC 9112 6.3 lets a server reject it; the connection then closes.
 * <p>
 * Vert.x has no public switch for this, so {@link ClientConnections} puts this decoder in place of Vert.x's own on
 * each new connection of the gateway's own server.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {
    static final String NAME = "httpDecoder";

    StrictRequestDecoder(HttpServerOptions options) {
        super(options);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new IllegalArgumentException("both Content-Length and Transfer-Encoding: chunked");
    }
}
