package dev.onellmapi.streaming;

import dev.onellmapi.fanout.FanOutChunks;
import dev.onellmapi.http.ApiError;
import dev.onellmapi.provider.ProviderCall;
import dev.onellmapi.provider.ProviderReply;
import dev.onellmapi.provider.UpstreamErrors;
import org.apache.camel.Exchange;

import java.io.IOException;

/**
 * Moves one model's stream from its provider to the client, event by event, as each arrives: nothing is buffered.
 * In a multi-model request each model runs this on its own splitter thread, all writing to the same
 * {@link ClientStream}, so chunks interleave in arrival order. Non-stream replies pass through untouched.
 */
public final class StreamRelay {
    private final StreamWatchdog watchdog;
    private final int maxEventBytes;

    public StreamRelay(StreamWatchdog watchdog, int maxEventBytes) {
        this.watchdog = watchdog;
        this.maxEventBytes = maxEventBytes;
    }

    public ProviderReply relay(Exchange exchange) {
        ProviderReply reply = exchange.getMessage().getBody(ProviderReply.class);
        ClientStream client = exchange.getProperty(ClientStream.PROPERTY, ClientStream.class);
        if (client == null) {
            return reply;
        }
        ProviderCall call = reply.call();
        boolean fanOut = call.chat().fanOut();
        if (reply instanceof ProviderReply.Failed failed && fanOut) {
            client.sendWhenStarted(FanOutChunks.error(call, failed.error()));
            return reply;
        }
        if (!(reply instanceof ProviderReply.Streaming stream)) {
            return reply;
        }
        ChunkSink sink = fanOut ? json -> client.send(FanOutChunks.retag(json, call)) : client::send;
        client.onClose(() -> UpstreamBody.abort(stream.body()));
        StreamWatchdog.Upstream idle = watchdog.watch(() -> UpstreamBody.abort(stream.body()));
        SseReader reader = new SseReader(stream.body(), maxEventBytes);
        try {
            boolean more = true;
            SseEvent event;
            while (more && !client.isClosed() && (event = reader.next()) != null) {
                idle.touch();
                more = stream.mapper().onEvent(event, sink);
            }
            if (client.isClosed()) {
                return new ProviderReply.Relayed(call, null);
            }
            stream.mapper().onEnd(sink);
            UpstreamBody.close(stream.body());
            return new ProviderReply.Relayed(call, null);
        } catch (ApiError error) {
            UpstreamBody.abort(stream.body());
            return broken(client, call, error);
        } catch (SseReader.EventTooLarge tooLarge) {
            UpstreamBody.abort(stream.body());
            return broken(client, call, UpstreamErrors.tooLarge(call.getProvider(), maxEventBytes));
        } catch (IOException | RuntimeException e) {
            UpstreamBody.abort(stream.body());
            if (client.isClosed()) {
                return new ProviderReply.Relayed(call, null); // our own abort after the client left
            }
            if (idle.expired()) {
                return broken(client, call, new ApiError(504, "timeout", "stream_idle", null, call.getProvider()
                        + " sent nothing for longer than UPSTREAM_STREAM_IDLE_SECONDS", null));
            }
            return broken(client, call, new ApiError(502, "upstream_error", "stream_broken", null,
                    call.getProvider() + " stream broke off: " + e.getClass().getSimpleName(), null));
        } finally {
            idle.done();
        }
    }

    /** A stream that failed: before its first chunk it is still a plain error answer; after, an error event. */
    private static ProviderReply broken(ClientStream client, ProviderCall call, ApiError error) {
        if (call.chat().fanOut()) {
            client.sendWhenStarted(FanOutChunks.error(call, error));
            return new ProviderReply.Failed(call, error);
        }
        if (!client.isStarted()) {
            return new ProviderReply.Failed(call, error);
        }
        client.fail(error);
        return new ProviderReply.Relayed(call, error);
    }
}
