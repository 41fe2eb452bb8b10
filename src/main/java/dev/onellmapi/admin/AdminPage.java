package dev.onellmapi.admin;

import dev.onellmapi.request.RequestContext;
import dev.onellmapi.wire.ApiError;
import io.vertx.core.buffer.Buffer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard's static files, from the jar's {@code one-llm-api/admin/}: {@code GET /admin/} is its
 * {@code index.html}, {@code GET /admin/ui/{file}} and {@code GET /admin/vendor/{file}} its modules, style sheet
 * and the chart library. A file name is one path segment of letters, digits, dots and dashes with a
 * known extension, looked up in that one folder: nothing else of the class path can be named. The page holds no
 * secret; the admin API it calls checks the master key on every call.
 */
public final class AdminPage {
    private static final String BASE = "one-llm-api/admin/";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*\\.(html|js|css|md)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "md", "text/markdown; charset=utf-8");
    /** Only the page's own files, the admin API on this origin, Chart.js's inline canvas styles. */
    private static final String POLICY = "default-src 'self'; script-src 'self'; connect-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'none'";

    /** The page's files once read; only files that are there (anyone may ask for any number of names). */
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** GET /admin/: the page. */
    public void index(Exchange exchange) {
        answer(exchange, "index.html");
    }

    /** GET /admin: to /admin/ (the page's own address); /admin/ itself, should this route see it, is the page. */
    public void toIndex(Exchange exchange) {
        Message message = exchange.getMessage();
        if (String.valueOf(message.getHeader(Exchange.HTTP_PATH)).endsWith("/")) {
            index(exchange);
            return;
        }
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 302);
        message.setHeader("Location", "/admin/");
        message.setBody(null);
    }

    /** GET /admin/ui/{file}: a view's module or the style sheet. */
    public void ui(Exchange exchange) {
        answer(exchange, "ui/" + name(exchange));
    }

    /** GET /admin/vendor/{file}: the chart library and its licence. */
    public void vendor(Exchange exchange) {
        answer(exchange, "vendor/" + name(exchange));
    }

    private static String name(Exchange exchange) {
        String file = exchange.getMessage().getHeader("file", String.class);
        if (file == null || file.contains("..") || !NAME.matcher(file).matches()) {
            throw notFound();
        }
        return file;
    }

    private void answer(Exchange exchange, String path) {
        byte[] bytes = cache.computeIfAbsent(path, AdminPage::load);
        if (bytes == null) {
            throw notFound();
        }
        String extension = path.substring(path.lastIndexOf('.') + 1);
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, TYPES.get(extension));
        RequestContext.of(exchange).cacheControl("no-cache");
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setHeader("Referrer-Policy", "no-referrer");
        message.setHeader("Content-Security-Policy", POLICY);
        message.setBody(Buffer.buffer(bytes));
    }

    /** How many files are kept (the bound's test). */
    int cachedFiles() {
        return cache.size();
    }

    /** The file's bytes, or null (not kept) for a file that is not there. */
    private static byte[] load(String path) {
        try (InputStream in = AdminPage.class.getClassLoader().getResourceAsStream(BASE + path)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ApiError notFound() {
        return new ApiError(404, "invalid_request_error", "unknown_url", null,
                "No such file of the dashboard.", null);
    }
}
