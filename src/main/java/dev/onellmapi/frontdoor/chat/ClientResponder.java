package dev.onellmapi.frontdoor.chat;

import dev.onellmapi.request.RequestContext;
import dev.onellmapi.chat.ChatRequest;
import dev.onellmapi.wire.ApiError;
import io.vertx.core.buffer.Buffer;
import dev.onellmapi.fanout.FanOutChunks;
import dev.onellmapi.fanout.MultiModelAnswer;
import dev.onellmapi.usage.UsageSum;
import dev.onellmapi.wire.Json;
import dev.onellmapi.chat.ProviderReply;
import dev.onellmapi.request.AnswerStream;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The last step of the chat route: writes the answer. A whole answer goes out as JSON (merged when several models
 * answered); a relayed stream gets its one {@code [DONE]}; a failure is thrown for the error handler, unless some
 * model of a multi-model request answered.
 */
public final class ClientResponder {
    public void respond(Exchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        ChatRequest chat = context.chat();
        AnswerStream client = context.clientStream();
        List<ProviderReply> replies = replies(exchange.getMessage().getBody());
        if (client != null) {
            finishStream(client, replies, context.usageSum(), chat);
            exchange.getMessage().setBody(null);
            return;
        }
        if (chat.fanOut()) {
            writeJson(exchange.getMessage(), Json.bytes(MultiModelAnswer.merge(chat.body().get("model").asText(),
                    replies)));
            return;
        }
        ProviderReply reply = replies.get(0);
        if (reply instanceof ProviderReply.Failed failed) {
            throw failed.error();
        }
        writeJson(exchange.getMessage(), ((ProviderReply.Complete) reply).bytes());
    }

    private static void finishStream(AnswerStream client, List<ProviderReply> replies, UsageSum usage,
                                     ChatRequest chat) {
        ApiError firstError = null;
        boolean anyAnswered = false;
        for (ProviderReply reply : replies) {
            if (reply instanceof ProviderReply.Failed failed) {
                firstError = firstError == null ? failed.error() : firstError;
            } else if (reply instanceof ProviderReply.Relayed relayed && relayed.error() != null) {
                return; // a single stream that broke off was already ended with its error event
            } else {
                anyAnswered = true;
            }
        }
        if (!anyAnswered && !client.isStarted()) {
            throw firstError;
        }
        if (!anyAnswered && replies.size() == 1) {
            client.fail(firstError); // pings began the stream while the model was tried: the failure still shows
            return;
        }
        if (usage != null && !usage.isEmpty()) {
            client.send(FanOutChunks.usageChunk(chat.body().get("model").asText(), usage));
        }
        client.finish();
    }

    @SuppressWarnings("unchecked")
    private static List<ProviderReply> replies(Object body) {
        if (body instanceof ProviderReply reply) {
            return List.of(reply);
        }
        List<ProviderReply> replies = new ArrayList<>((List<ProviderReply>) body);
        replies.sort(Comparator.comparingInt(r -> r.call().position()));
        return replies;
    }

    /** As a Vert.x Buffer, which platform-http writes at once; a byte[] would be pumped through worker threads. */
    private static void writeJson(Message message, byte[] json) {
        message.getHeaders().clear();
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(Buffer.buffer(json));
    }
}
