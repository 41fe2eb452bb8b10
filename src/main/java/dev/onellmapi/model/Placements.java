package dev.onellmapi.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The placements of a built-in provider (none for most types), and the turn of each model served by several: its
 * calls are spread over them in turn (round robin), one turn per request; a retry of the request goes on from the
 * placement after the one that failed; a client session's calls start with the session's own placement (its prompt
 * cache). The caller skips a placement whose circuit breaker is open and takes the next of the list.
 */
public final class Placements {
    public static final Placements NONE = new Placements(List.of(), "", "");

    private final List<Placement> all;
    private final String kind;
    private final String setting;
    private final Map<String, List<Placement>> owners = new HashMap<>();
    private final Map<String, AtomicInteger> turns = new HashMap<>();

    /**
     * @param kind    what one placement is called in messages ("Azure resource")
     * @param setting the variable that lists the models on the placements, named when a model is on none
     */
    public Placements(List<Placement> all, String kind, String setting) {
        this.all = List.copyOf(all);
        this.kind = kind;
        this.setting = setting;
        for (Placement placement : this.all) {
            for (String model : placement.models().keySet()) {
                owners.computeIfAbsent(model, m -> new ArrayList<>()).add(placement);
                turns.computeIfAbsent(model, m -> new AtomicInteger());
            }
        }
    }

    /** Every placement, in the order of the settings. */
    public List<Placement> all() {
        return all;
    }

    public String kind() {
        return kind;
    }

    public String setting() {
        return setting;
    }

    /** The first placement (in the order of the settings) serving {@code model}, or null. */
    public Placement owner(String model) {
        List<Placement> serving = owners.get(model);
        return serving == null ? null : serving.get(0);
    }

    /**
     * Every placement serving {@code model}, starting with the one whose turn it is, or, for a retry, with the one
     * after {@code failed}; a client session's calls start with the session's own placement.
     */
    public List<Placement> inTurn(String model, Placement failed, String session) {
        List<Placement> serving = owners.getOrDefault(model, List.of());
        if (serving.size() < 2) {
            return serving;
        }
        int failedAt = failed == null ? -1 : serving.indexOf(failed);
        int first = failedAt >= 0 ? (failedAt + 1) % serving.size() : session != null
                ? Math.floorMod(session.hashCode(), serving.size())
                : Math.floorMod(turns.get(model).getAndIncrement(), serving.size());
        List<Placement> ordered = new ArrayList<>(serving.size());
        for (int i = 0; i < serving.size(); i++) {
            ordered.add(serving.get((first + i) % serving.size()));
        }
        return ordered;
    }

    @Override
    public String toString() {
        return all.toString();
    }
}
