package dev.onellmapi.resilience;

import dev.onellmapi.settings.AzureResource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Spreads an Azure model served by several resources over them in turn (round robin), one turn per request: a retry
 * of the request goes on from the resource after the one that failed. The caller skips a resource whose circuit
 * breaker is open and takes the next of the list.
 */
final class AzureBalancer {
    private final Map<String, List<AzureResource>> owners = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> turns = new LinkedHashMap<>();

    AzureBalancer(List<AzureResource> resources) {
        for (AzureResource resource : resources) {
            for (String model : resource.deployments().keySet()) {
                owners.computeIfAbsent(model, m -> new ArrayList<>()).add(resource);
                turns.computeIfAbsent(model, m -> new AtomicInteger());
            }
        }
    }

    /**
     * Every resource serving {@code model}, starting with the one whose turn it is, or, for a retry, with the one
     * after {@code failed}; a client session's calls start with the session's own resource (its prompt cache).
     */
    List<AzureResource> inTurn(String model, AzureResource failed, String session) {
        List<AzureResource> all = owners.getOrDefault(model, List.of());
        if (all.size() < 2) {
            return all;
        }
        int failedAt = failed == null ? -1 : all.indexOf(failed);
        int first = failedAt >= 0 ? (failedAt + 1) % all.size() : session != null
                ? Math.floorMod(session.hashCode(), all.size())
                : Math.floorMod(turns.get(model).getAndIncrement(), all.size());
        List<AzureResource> ordered = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            ordered.add(all.get((first + i) % all.size()));
        }
        return ordered;
    }
}
