package dev.onellmapi.provider.gemini;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An OpenAI {@code image_url} as a Gemini part: a base64 {@code data:} URL inline ({@code inlineData}); a web URL as
 * {@code fileData}, which Google fetches itself (the gateway never fetches a client's URL: that would let any client
 * make it call any address). Google takes public HTTPS (and signed) URLs in {@code fileData} since January 2026, not
 * on the 1.x and 2.0 models; a URL Google would not take is a 400 that says what to send instead.
 */
final class GeminiImageParts {
    /** Models that take only inline images or Files API / YouTube URIs, not any web URL. */
    private static final Pattern NO_WEB_URLS = Pattern.compile("gemini-(1\\.|2\\.0).*");
    /** Google's own URIs (Files API, YouTube), which every Gemini model takes. */
    private static final Pattern GOOGLE_URIS = Pattern.compile(
            "https://(generativelanguage\\.googleapis\\.com/|(www\\.)?youtube\\.com/|youtu\\.be/).*");
    /** The image types Gemini reads, by file extension: fileData needs the MIME type, and a URL only tells this. */
    private static final Map<String, String> TYPES = Map.of("png", "image/png", "jpg", "image/jpeg", "jpeg",
            "image/jpeg", "webp", "image/webp", "heic", "image/heic", "heif", "image/heif");

    private GeminiImageParts() {
    }

    static ObjectNode of(String url, String model) {
        if (url.startsWith("data:")) {
            return inline(url);
        }
        ObjectNode part = Json.object();
        ObjectNode file = part.putObject("fileData");
        if (GOOGLE_URIS.matcher(url).matches()) {
            file.put("fileUri", url); // Google knows its own files' types
            return part;
        }
        if (!url.startsWith("https://")) {
            throw refused("Gemini fetches images from https:// URLs only; send this one as a base64 data: URL");
        }
        if (NO_WEB_URLS.matcher(model.toLowerCase(Locale.ROOT)).matches()) {
            throw refused(model + " does not take images by web URL (Gemini 2.5 and later do); send it as a base64 "
                    + "data: URL (data:image/png;base64,...)");
        }
        String type = TYPES.get(extension(url));
        if (type == null) {
            throw refused("Gemini needs the image type of a web URL, which this URL's name does not show (.png, "
                    + ".jpg, .jpeg, .webp, .heic, .heif); send it as a base64 data: URL");
        }
        file.put("mimeType", type);
        file.put("fileUri", url);
        return part;
    }

    private static ObjectNode inline(String url) {
        int comma = url.indexOf(',');
        if (comma < 0 || !url.substring(0, comma).endsWith(";base64")) {
            throw refused("Gemini takes images as base64 data: URLs (data:image/png;base64,...)");
        }
        ObjectNode part = Json.object();
        ObjectNode data = part.putObject("inlineData");
        data.put("mimeType", url.substring("data:".length(), comma - ";base64".length()));
        data.put("data", url.substring(comma + 1));
        return part;
    }

    private static String extension(String url) {
        try {
            String path = URI.create(url).getPath();
            int dot = path == null ? -1 : path.lastIndexOf('.');
            return dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notAUri) {
            throw refused("image_url is not a valid URL");
        }
    }

    private static ApiError refused(String message) {
        return ApiError.invalidRequest(message, "messages");
    }
}
