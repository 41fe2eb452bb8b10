package dev.onellmapi.frontdoor.responses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.provider.UpstreamErrors;
import dev.onellmapi.wire.ChunkSink;
import dev.onellmapi.wire.SseEvent;
import dev.onellmapi.wire.StreamMapper;

/**
 * A provider's own Responses stream, relayed event by event as the provider wrote it ({@code event:} and
 * {@code data:}); its usage, from the last event, told to the meter for the ledger. The stream is over with the body;
 * one that ends before its last event ({@code response.completed}, {@code .incomplete} or {@code .failed}) was cut.
 */
final class ResponsesRelayMapper implements StreamMapper {
    private final String provider;
    private boolean finished;

    ResponsesRelayMapper(String provider) {
        this.provider = provider;
    }

    @Override
    public boolean onEvent(SseEvent event, ChunkSink sink) {
        if (event.data().isBlank()) {
            return true;
        }
        ObjectNode usage = ResponsesPassThrough.usageOfEvent(event.event(), event.data());
        if (usage != null || ResponsesPassThrough.isLast(event.event(), event.data())) {
            finished = true;
        }
        sink.chunk((event.event() == null ? "" : "event: " + event.event() + "\n") + "data: " + event.data()
                + "\n\n");
        if (usage != null) {
            sink.usage(usage);
        }
        return true;
    }

    @Override
    public void onEnd(ChunkSink sink) {
        if (!finished) {
            throw UpstreamErrors.unfinishedStream(provider);
        }
    }
}
