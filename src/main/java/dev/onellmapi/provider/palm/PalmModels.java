package dev.onellmapi.provider.palm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.catalog.ModelCatalog;

import java.util.List;

/**
 * PaLM's models for GET /v1/models, read by the models-palm route. A fixed list, not Google's: PaLM is retired and
 * its v1beta2 list endpoint no longer answers for most keys, while these two are the models the gateway maps.
 */
public final class PalmModels {
    public static final List<String> MODELS = List.of("chat-bison-001", "text-bison-001");


    public List<ObjectNode> list() {
        return MODELS.stream().map(id -> ModelCatalog.entry(id, "google")).toList();
    }
}
