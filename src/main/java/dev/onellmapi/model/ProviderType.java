package dev.onellmapi.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.settings.GatewayConfig;
import dev.onellmapi.settings.GatewayDefaults;
import dev.onellmapi.settings.Settings;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One kind of provider API the gateway speaks (OpenAI's, Anthropic's, ...): everything particular to it, kept in its
 * folder {@code provider/<id>/} behind this interface. The wiring lists the types (config/ProviderTypes); nothing
 * else names one. The type makes the built-in provider of its environment variables, says how a key is sent, what a
 * request for it cannot ask, and gives the beans the provider route template calls
 * ({@code <id>RequestMapper}, {@code <id>ResponseMapper}, {@code <id>Models}).
 */
public interface ProviderType {
    /**
     * Its name: the model prefix ({@code <id>/<model>}), {@code gateway.providers.<name>.type}, the route
     * {@code direct:<id>} and the prefix of its beans' names.
     */
    String id();

    /** The globs ({@code *}: any text) that send a bare model name to the built-in provider of this type. */
    List<String> namePatterns();

    /** The headers that carry {@code key} as the type's API wants it (none for no key), with its fixed headers. */
    Map<String, String> auth(String key);

    /** The built-in provider, read from its environment variables. */
    BuiltIn builtIn(Settings settings);

    /** The request mapper, response mapper and model list the provider route template calls. */
    Beans beans(Settings settings, GatewayConfig config);

    /**
     * Its settings and their defaults ({@code <id>.properties} beside its class, {@code {{env:NAME:default}}}
     * values), put under the application's own properties at start, as the gateway's own defaults are.
     */
    default Properties defaults() {
        return GatewayDefaults.read(getClass(), id() + ".properties");
    }

    /** Whether a configured provider of this type may have no key (a local server). */
    default boolean keyOptional() {
        return false;
    }

    /** Whether its API can have OpenAI's Responses ({@code <base>/responses}; the built-in one has it). */
    default boolean responsesApi() {
        return false;
    }

    /** Whether its chat API reads a PDF as OpenAI's {@code file} content part (base64 data). */
    default boolean readsFiles() {
        return false;
    }

    /** Whether it samples with {@code top_k} (a chat request's extra field, from the Messages door). */
    default boolean samplesTopK() {
        return false;
    }

    /** Whether its API is Anthropic's Messages: the Messages door passes the client's bytes through. */
    default boolean messagesApi() {
        return false;
    }

    /** Whether its models are deployments: the built-in one's on the placements of its settings, a configured one's
     * its exact {@code models} names (no list to read). */
    default boolean deployments() {
        return false;
    }

    /**
     * Whether the request is translated for it: then OpenAI's own rules are checked by the gateway before anything
     * is sent (an OpenAI-shaped API checks its own), and {@link #checkRequest} after them.
     */
    default boolean translated() {
        return false;
    }

    /** What it cannot do, refused with a 400 naming the parameter ({@code dev.onellmapi.wire.ApiError}). */
    default void checkRequest(ObjectNode body, boolean stream) {
    }

    /** Where a placement of its built-in provider serves OpenAI's Responses API (when its settings say it does). */
    default String responsesUrl(Placement placement) {
        return placement.base() + "/responses";
    }

    /** The route template of its model list: {@code provider-models} (read over HTTP) or {@code provider-fixed-models}. */
    default String modelsTemplate() {
        return "provider-models";
    }

    /**
     * @param base       the base URL ({@code ""}: none of its own, its placements each have one)
     * @param keys       comma-separated keys, empty for none
     * @param enabled    whether it serves (a key is set)
     * @param placements where it serves its models when it has several places, each with its base and key
     * @param responses  whether its placements have OpenAI's Responses API ({@link #responsesUrl})
     */
    record BuiltIn(String base, String keys, boolean enabled, Placements placements, boolean responses) {
        /** One base URL and its keys. */
        public BuiltIn(String base, String keys, boolean enabled) {
            this(base, keys, enabled, Placements.NONE, false);
        }
    }

    /** The beans of the provider route template. */
    record Beans(Object requestMapper, Object responseMapper, Object models) {
    }
}
