package dev.onellmapi.request;

import dev.onellmapi.wire.ApiError;

/**
 * Where a streamed answer goes, as the relay and the responders write it: the HTTP client's event stream
 * ({@code streaming.ClientStream}) or a route's iterator (the Kamelet's). Never blocks; safe from several event loops at once
 * (the models of a multi-model request write in parallel).
 */
public interface AnswerStream {
    /** One {@code chat.completion.chunk}, as JSON text. */
    void send(String json);

    /** A chunk that waits for the stream to start (an early failure of one model among several). */
    void sendWhenStarted(String json);

    /** Ends a stream normally. */
    void finish();

    /** Ends a stream that began and then failed. */
    void fail(ApiError error);

    /** Ends the answer with {@code error}: an error event if the stream began, else the request's error. */
    void abandon(ApiError error);

    boolean isStarted();

    /** True once the reader went away: the relay lets go of its provider. */
    boolean isClosed();

    /** True while the reader is slower than the provider: the relay pauses its provider. */
    boolean writeQueueFull();

    /** Runs once the reader has caught up (or is gone), on the caller's event loop. */
    void whenDrained(Runnable action);

    /** Runs when the reader goes away (at once if it already has). */
    void onClose(Runnable action);
}
