package dev.onellmapi.streaming;

import dev.onellmapi.request.AnswerStream;
import dev.onellmapi.request.RequestContext;
import dev.onellmapi.wire.ChunkSink;
import dev.onellmapi.wire.SseParser;
import dev.onellmapi.fanout.FanOutChunks;
import dev.onellmapi.usage.UsageSum;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.chat.ProviderReply;
import dev.onellmapi.provider.UpstreamErrors;
import dev.onellmapi.usage.UsageMeter;
import io.vertx.core.buffer.Buffer;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * Moves one model's stream from its provider to the client, event by event, as each arrives: nothing is buffered,
 * and no thread waits for it. The provider's buffers are parsed, mapped and written on the event loop they arrive
 * on; the route goes on when the stream is over. When the client reads slower than the provider sends, the provider
 * is paused until the client catches up. In a multi-model request each model's relay writes to the same
 * {@link ClientStream}, so chunks interleave in arrival order. Non-stream replies pass through untouched.
 */
public final class StreamRelay extends AsyncProcessorSupport {
    private final StreamWatchdog watchdog;
    private final int maxEventBytes;

    public StreamRelay(StreamWatchdog watchdog, int maxEventBytes) {
        this.watchdog = watchdog;
        this.maxEventBytes = maxEventBytes;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        ProviderReply reply = exchange.getMessage().getBody(ProviderReply.class);
        RequestContext context = RequestContext.of(exchange);
        AnswerStream client = context.clientStream();
        if (client == null) {
            callback.done(true);
            return true;
        }
        boolean fanOut = reply.call().chat().fanOut();
        if (reply instanceof ProviderReply.Failed failed && fanOut) {
            client.sendWhenStarted(FanOutChunks.error(reply.call(), failed.error()));
        }
        if (!(reply instanceof ProviderReply.Streaming stream)) {
            callback.done(true);
            return true;
        }
        new Relay(exchange, callback, context, stream).start();
        return false;
    }

    /** One stream being relayed; its handlers all run on the provider connection's event loop. */
    private final class Relay {
        private final Exchange exchange;
        private final AsyncCallback callback;
        private final AnswerStream client;
        private final ProviderReply.Streaming stream;
        private final ProviderCall call;
        private final ChunkSink sink;
        private final SseParser parser = new SseParser(maxEventBytes);
        private final StreamWatchdog.Upstream idle;
        private boolean over;

        Relay(Exchange exchange, AsyncCallback callback, RequestContext context, ProviderReply.Streaming stream) {
            this.exchange = exchange;
            this.callback = callback;
            this.client = context.clientStream();
            this.stream = stream;
            this.call = stream.call();
            ChunkSink toClient = call.chat().fanOut() ? fanOutSink(context.usageSum()) : client::send;
            // usage and time to first token, for the ledger
            this.sink = UsageMeter.around(context.usage(), context.usageHidden(), call, toClient);
            this.idle = watchdog.watch(stream.body()::abort);
        }

        /** A model of several: its chunks retagged, its usage kept for the request's one usage chunk. */
        private ChunkSink fanOutSink(UsageSum usage) {
            return json -> {
                String retagged = FanOutChunks.retag(json, call, usage);
                if (retagged != null) {
                    client.send(retagged);
                }
            };
        }

        void start() {
            client.onClose(stream.body()::abort);
            stream.body().start(this::arrived, this::ended, this::broke);
        }

        private void arrived(Buffer bytes) {
            if (over) {
                return;
            }
            idle.touch();
            boolean[] more = {true};
            if (!mapped(() -> more[0] = parser.feed(bytes, event -> stream.mapper().onEvent(event, sink)))) {
                return;
            }
            if (!more[0]) {
                stream.body().close(); // [DONE]: the rest of the body is not ours to read
                finish();
            } else if (client.writeQueueFull()) {
                idle.hold(true); // waiting for the client, not the provider
                stream.body().pause();
                client.whenDrained(() -> {
                    idle.hold(false);
                    stream.body().resume();
                });
            }
        }

        /** The body ended: an event it did not close with a blank line still counts. */
        private void ended() {
            if (!over && mapped(() -> parser.finish(event -> stream.mapper().onEvent(event, sink)))) {
                finish();
            }
        }

        private void finish() {
            if (mapped(() -> stream.mapper().onEnd(sink))) {
                done(new ProviderReply.Relayed(call, null));
            }
        }

        /** Runs a mapping step; a provider's error event, an oversized or unreadable event end the stream (false). */
        private boolean mapped(Runnable step) {
            try {
                step.run();
                return true;
            } catch (ApiError error) {
                fail(error);
            } catch (SseParser.EventTooLarge tooLarge) {
                fail(UpstreamErrors.tooLarge(call.getProvider(), maxEventBytes));
            } catch (RuntimeException unreadable) { // a mapper that could not read an event: never a hung stream
                fail(broken("sent a stream event that could not be read: " + unreadable.getClass().getSimpleName()));
            }
            return false;
        }

        private void broke(Throwable cause) {
            if (over) {
                return;
            }
            if (client.isClosed()) {
                done(new ProviderReply.Relayed(call, null)); // our own abort after the client left
            } else if (idle.expired()) {
                fail(new ApiError(504, "timeout", "stream_idle", null, call.getProvider()
                        + " sent nothing for longer than UPSTREAM_STREAM_IDLE_SECONDS", null));
            } else {
                fail(broken("stream broke off: " + cause.getClass().getSimpleName()));
            }
        }

        private ApiError broken(String what) {
            return new ApiError(502, "upstream_error", "stream_broken", null, call.getProvider() + " " + what, null);
        }

        /** A stream that failed: before its first chunk it is still a plain error answer; after, an error event. */
        private void fail(ApiError error) {
            over = true; // the abort's own failure report is not a second one
            stream.body().abort();
            if (call.chat().fanOut()) {
                client.sendWhenStarted(FanOutChunks.error(call, error));
                done(new ProviderReply.Failed(call, error));
            } else if (!client.isStarted()) {
                done(new ProviderReply.Failed(call, error));
            } else {
                client.fail(error);
                done(new ProviderReply.Relayed(call, error));
            }
        }

        private void done(ProviderReply result) {
            over = true;
            idle.done();
            exchange.getMessage().setBody(result);
            callback.done(false);
        }
    }
}
