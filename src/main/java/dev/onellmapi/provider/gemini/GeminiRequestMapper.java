package dev.onellmapi.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.provider.ProviderOverrides;
import dev.onellmapi.provider.UpstreamRequest;
import org.apache.camel.Exchange;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Gemini request mapping: the OpenAI request as a {@code generateContent} body, sent to
 * {@code {GEMINI_API_BASE}/v1beta/models/{model}:generateContent} (or {@code :streamGenerateContent?alt=sse}) with the
 * key in {@code x-goog-api-key}, never in the URL.
 */
public final class GeminiRequestMapper {
    private static final Map<String, Integer> THINKING_BUDGETS = Map.of("none", 0, "minimal", 512, "low", 1024,
            "medium", 8192, "high", 24576);

    public void map(Exchange exchange) {
        ProviderCall call = exchange.getMessage().getBody(ProviderCall.class);
        String model = URLEncoder.encode(call.target().upstreamModel(), StandardCharsets.UTF_8);
        String url = ProviderOverrides.base(call) + "/v1beta/models/" + model + (call.chat().stream() ? ":streamGenerateContent?alt=sse" : ":generateContent");
        UpstreamRequest.post(exchange, call, url, body(ProviderOverrides.body(call), call.target().upstreamModel()),
                ProviderOverrides.headers(exchange, call));
    }

    static ObjectNode body(ObjectNode request, String model) {
        ObjectNode body = Json.object();
        GeminiContents contents = GeminiContents.of(request.path("messages"), model);
        body.set("contents", contents.contents());
        if (contents.systemInstruction() != null) {
            body.set("systemInstruction", contents.systemInstruction());
        }
        ObjectNode config = generationConfig(request);
        ObjectNode thinking = thinkingConfig(request.path("reasoning_effort").asText(""), model);
        if (thinking != null) {
            config.set("thinkingConfig", thinking);
        }
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
        ArrayNode declarations = functionDeclarations(request.path("tools"));
        if (!declarations.isEmpty()) {
            body.putArray("tools").addObject().set("functionDeclarations", declarations);
            // without tools there is nothing to configure: clients (Spring AI) send tool_choice "auto" on every chat
            JsonNode toolChoice = request.get("tool_choice");
            if (toolChoice != null && !toolChoice.isNull()) {
                body.putObject("toolConfig").set("functionCallingConfig", functionCallingConfig(toolChoice));
            }
        }
        return body;
    }

    private static ObjectNode generationConfig(ObjectNode request) {
        ObjectNode config = Json.object();
        copy(request, "temperature", config, "temperature");
        copy(request, "top_p", config, "topP");
        copy(request, "top_k", config, "topK"); // the Messages door's top_k: Gemini samples with it, OpenAI does not
        copy(request, "n", config, "candidateCount");
        copy(request, "presence_penalty", config, "presencePenalty");
        copy(request, "frequency_penalty", config, "frequencyPenalty");
        copy(request, "seed", config, "seed");
        // max_completion_tokens is the newer name of max_tokens; when both are sent it is the one meant
        copy(request, request.hasNonNull("max_completion_tokens") ? "max_completion_tokens" : "max_tokens", config,
                "maxOutputTokens");
        ArrayNode stop = StopSequences.from(request.get("stop"));
        if (stop != null) {
            config.set("stopSequences", stop);
        }
        JsonNode format = request.path("response_format");
        switch (format.path("type").asText("text")) {
            case "json_object" -> config.put("responseMimeType", "application/json");
            case "json_schema" -> {
                config.put("responseMimeType", "application/json");
                JsonNode schema = format.path("json_schema").path("schema");
                if (schema.isObject()) {
                    config.set("responseSchema", GeminiSchemaCleaner.clean(schema));
                }
            }
            default -> {
            }
        }
        return config;
    }

    /**
     * {@code reasoning_effort} as Gemini's thinkingConfig, with the thoughts asked back (as reasoning_content).
     * Gemini 3 takes a level (low or high); 2.5 a budget in tokens, within every 2.5 model's range (Flash-Lite's
     * least is 512, Flash's most 24576); "none" turns thinking off where a model allows it (2.5 Pro and Gemini 3
     * think at their least).
     */
    private static ObjectNode thinkingConfig(String effort, String model) {
        if (!THINKING_BUDGETS.containsKey(effort)) {
            return null;
        }
        ObjectNode config = Json.object();
        if (model.startsWith("gemini-3")) {
            config.put("thinkingLevel", effort.equals("medium") || effort.equals("high") ? "high" : "low");
        } else {
            // 2.5 Pro cannot stop thinking: its least budget is 128
            boolean pro = model.contains("-pro");
            config.put("thinkingBudget", effort.equals("none") && pro ? 128 : THINKING_BUDGETS.get(effort));
        }
        if (!effort.equals("none")) {
            config.put("includeThoughts", true);
        }
        return config;
    }

    private static void copy(ObjectNode from, String field, ObjectNode to, String target) {
        JsonNode value = from.get(field);
        if (value != null && !value.isNull()) {
            to.set(target, value);
        }
    }

    private static ArrayNode functionDeclarations(JsonNode tools) {
        ArrayNode declarations = Json.array();
        for (JsonNode tool : tools) {
            if (!"function".equals(tool.path("type").asText("function"))) {
                throw ApiError.invalidRequest("Gemini takes tools of type 'function' only", "tools");
            }
            JsonNode function = tool.path("function");
            ObjectNode declaration = declarations.addObject();
            declaration.put("name", function.path("name").asText());
            if (function.hasNonNull("description")) {
                declaration.put("description", function.get("description").asText());
            }
            ObjectNode parameters = GeminiSchemaCleaner.clean(function.get("parameters"));
            // a function without arguments is declared without parameters: Gemini refuses an empty object schema
            if (GeminiSchemaCleaner.hasProperties(parameters)) {
                declaration.set("parameters", parameters);
            }
        }
        return declarations;
    }

    /** none → NONE, auto → AUTO, required → ANY, one named function → ANY limited to that name. */
    private static ObjectNode functionCallingConfig(JsonNode toolChoice) {
        ObjectNode config = Json.object();
        if (toolChoice.isObject()) {
            config.put("mode", "ANY");
            config.putArray("allowedFunctionNames").add(toolChoice.path("function").path("name").asText());
            return config;
        }
        switch (toolChoice.asText()) {
            case "none" -> config.put("mode", "NONE");
            case "auto" -> config.put("mode", "AUTO");
            case "required" -> config.put("mode", "ANY");
            default -> throw ApiError.invalidRequest("unknown tool_choice '" + toolChoice.asText() + "'",
                    "tool_choice");
        }
        return config;
    }
}
