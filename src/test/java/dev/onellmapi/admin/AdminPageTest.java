package dev.onellmapi.admin;

import dev.onellmapi.wire.ApiError;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The dashboard's files are open to anyone: asking for any number of missing ones keeps nothing. */
class AdminPageTest {
    @Test
    void missingFilesAreNotRemembered() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            AdminPage page = new AdminPage();
            for (int i = 0; i < 1000; i++) {
                Exchange exchange = new DefaultExchange(camel);
                exchange.getMessage().setHeader("file", "missing-" + i + ".js");
                assertEquals(404, assertThrows(ApiError.class, () -> page.ui(exchange)).status());
            }
            Exchange app = new DefaultExchange(camel);
            app.getMessage().setHeader("file", "app.js");
            page.ui(app);
            assertEquals(200, app.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
            assertEquals(1, page.cachedFiles(), "only the file that is there is kept");
        }
    }
}
