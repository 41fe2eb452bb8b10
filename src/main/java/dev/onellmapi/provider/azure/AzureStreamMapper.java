package dev.onellmapi.provider.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.provider.openai.OpenAiStreamMapper;

/**
 * Azure stream mapping: OpenAI's, minus the chunks that carry only content-filter results (empty {@code choices},
 * no usage), which Azure sends first and which break clients that read {@code choices[0]}. A usage chunk also has
 * empty choices and is kept.
 */
final class AzureStreamMapper extends OpenAiStreamMapper {
    AzureStreamMapper() {
        super("azure");
    }

    @Override
    protected boolean keep(String data) {
        if (!data.contains("\"choices\":[]") && !data.contains("\"choices\": []")) {
            return true;
        }
        ObjectNode chunk = Json.parseObjectOrNull(data);
        if (chunk == null) {
            return true;
        }
        JsonNode usage = chunk.get("usage");
        return chunk.path("choices").size() > 0 || (usage != null && usage.isObject());
    }
}
