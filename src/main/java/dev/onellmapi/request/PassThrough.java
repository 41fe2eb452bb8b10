package dev.onellmapi.request;

import dev.onellmapi.model.ProviderType;

import java.util.Map;
import java.util.function.Function;

/**
 * A request sent to its provider as the client wrote it (set by the Messages door for a Claude model): {@code body}
 * gives those bytes with only {@code model} replaced, {@code headers} are the client's headers the provider documents
 * ({@code anthropic-version}, {@code anthropic-beta}), {@code path} is where it goes ({@code /v1/messages} or its
 * {@code count_tokens}); the answer comes back unmapped. {@code provider} is the type whose own API the body is in:
 * fallbacks keep to models of that type, since the body means nothing to another.
 */
public record PassThrough(Function<String, byte[]> body, Map<String, String> headers, String path,
                          ProviderType provider) {
}
