package dev.onellmapi.frontdoor.responses;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The names tools have in the chat form, and back. Chat tools are flat functions; the Responses API also has
 * {@code namespace} tools (Codex groups its sub-agent tools in one) whose calls carry {@code namespace} and the inner
 * {@code name}, and {@code custom} tools whose calls carry free text {@code input} instead of JSON arguments. A
 * namespaced function is offered as {@code <namespace>__<name>} (shortened with a hash past the 64 characters
 * providers allow); a custom tool as a function of one string parameter, {@value #CUSTOM_INPUT}. A call that comes
 * back is named as the client named the tool.
 */
final class ToolNames {
    static final String CUSTOM_INPUT = "input";
    private static final int MAX_NAME = 64;

    /** What one chat tool name stands for. {@code namespace} is null for a top-level tool. */
    record Tool(String namespace, String name, boolean custom) {
    }

    private final Map<String, Tool> byFlatName = new HashMap<>();

    /** Registers a tool of the request; returns its name in the chat form. */
    String add(String namespace, String name, boolean custom) {
        String flat = flat(namespace, name);
        byFlatName.put(flat, new Tool(namespace, name, custom));
        return flat;
    }

    /** The client's tool behind a chat tool name; a name the request did not offer stands for itself. */
    Tool of(String flatName) {
        Tool tool = byFlatName.get(flatName);
        return tool != null ? tool : new Tool(null, flatName, false);
    }

    static String flat(String namespace, String name) {
        if (namespace == null || namespace.isEmpty()) {
            return name;
        }
        String flat = namespace + "__" + name;
        if (flat.length() <= MAX_NAME) {
            return flat;
        }
        return flat.substring(0, MAX_NAME - 9) + "_" + hash(flat);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
