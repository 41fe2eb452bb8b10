package dev.onellmapi.frontdoor.route;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** One Kamelet use: its options, read once when the route starts. Send only. */
final class RouteChatEndpoint extends DefaultEndpoint {
    private final RouteChatOptions options;

    RouteChatEndpoint(String uri, RouteChatComponent component, RouteChatOptions options) {
        super(uri, component);
        this.options = options;
    }

    RouteChatOptions options() {
        return options;
    }

    @Override
    public RouteChatComponent getComponent() {
        return (RouteChatComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new RouteChatProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("one-llm-api:chat is called by routes (to), it does not start them");
    }
}
