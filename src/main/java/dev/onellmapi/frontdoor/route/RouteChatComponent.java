package dev.onellmapi.frontdoor.route;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * {@code one-llm-api:chat?model=...}: the endpoint the Kamelet {@code one-llm-api-chat} sends to. It calls the
 * gateway's routes in-process ({@link RouteChatProducer}); its options are the Kamelet's properties
 * ({@link RouteChatOptions}).
 */
public final class RouteChatComponent extends DefaultComponent {
    public static final String NAME = "one-llm-api";

    private ExecutorService continuations;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        if (!"chat".equals(remaining)) {
            throw new IllegalArgumentException("one-llm-api:" + remaining + " is not an endpoint of the gateway; "
                    + "use one-llm-api:chat (or the Kamelet one-llm-api-chat)");
        }
        return new RouteChatEndpoint(uri, this, RouteChatOptions.take(parameters));
    }

    /**
     * Where a route goes on once its answer is in: answers arrive on the gateway's event loops, which must not run
     * the rest of a host's route (it may block). Cached: a thread per route exchange waiting for its answer at most,
     * so the host's own consumers bound it.
     */
    ExecutorService continuations() {
        return continuations;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        continuations = getCamelContext().getExecutorServiceManager().newCachedThreadPool(this, "one-llm-api-route");
    }

    @Override
    protected void doStop() throws Exception {
        if (continuations != null) {
            getCamelContext().getExecutorServiceManager().shutdown(continuations);
            continuations = null;
        }
        super.doStop();
    }
}
