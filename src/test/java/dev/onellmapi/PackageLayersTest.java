package dev.onellmapi;

import dev.onellmapi.config.GatewayBeans;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packages form layers (README, Code map): no two import each other, directly or round a loop; the wire types at
 * the bottom import nothing of ours; nothing imports the wiring ({@code config}). Read from the compiled classes by
 * {@code jdeps -verbose:package}, the same command a person runs by hand.
 */
class PackageLayersTest {
    private static final String OURS = "dev.onellmapi";
    private static final Map<String, Set<String>> IMPORTS = new TreeMap<>();

    @BeforeAll
    static void readDependencies() throws Exception {
        Path classes = Path.of(GatewayBeans.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(out),
                "-verbose:package", "-e", "dev\\.onellmapi.*", classes.toString());
        assertEquals(0, status, out.toString());
        Matcher edge = Pattern.compile("^\\s+(" + Pattern.quote(OURS) + "\\S*)\\s+->\\s+(" + Pattern.quote(OURS)
                + "\\S*)\\s", Pattern.MULTILINE).matcher(out.toString());
        while (edge.find()) {
            IMPORTS.computeIfAbsent(edge.group(1), p -> new TreeSet<>());
            if (!edge.group(1).equals(edge.group(2))) {
                IMPORTS.get(edge.group(1)).add(edge.group(2));
            }
        }
        assertTrue(IMPORTS.size() > 10, "jdeps found our packages: " + out);
    }

    @Test
    void noPackageCycle() {
        List<List<String>> cycles = stronglyConnected().stream().filter(c -> c.size() > 1).toList();
        assertTrue(cycles.isEmpty(), () -> "packages that import each other (directly or round a loop): "
                + cycles.stream().map(PackageLayersTest::describe).toList());
    }

    @Test
    void wireTypesImportNothingOfOurs() {
        assertEquals(Set.of(), IMPORTS.getOrDefault(OURS + ".wire", Set.of()));
    }

    @Test
    void nothingImportsTheWiring() {
        List<String> importers = IMPORTS.entrySet().stream()
                .filter(e -> e.getValue().contains(OURS + ".config")).map(Map.Entry::getKey).toList();
        assertEquals(List.of(), importers);
    }

    /** One loop of the cycle, spelled package by package, so the message says which import to undo. */
    private static String describe(List<String> component) {
        Set<String> members = new TreeSet<>(component);
        String start = members.iterator().next();
        Map<String, String> cameFrom = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String at = queue.poll();
            for (String next : IMPORTS.getOrDefault(at, Set.of())) {
                if (next.equals(start)) {
                    List<String> loop = new ArrayList<>(List.of(start));
                    for (String p = at; !p.equals(start); p = cameFrom.get(p)) {
                        loop.add(1, p);
                    }
                    loop.add(start);
                    return String.join(" -> ", loop) + " (cycle of " + members + ")";
                }
                if (members.contains(next) && !cameFrom.containsKey(next)) {
                    cameFrom.put(next, at);
                    queue.add(next);
                }
            }
        }
        return members.toString();
    }

    /** Tarjan's strongly connected components over the package graph. */
    private static List<List<String>> stronglyConnected() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> components = new ArrayList<>();
        for (String p : IMPORTS.keySet()) {
            if (!index.containsKey(p)) {
                connect(p, index, low, stack, onStack, components);
            }
        }
        return components;
    }

    private static void connect(String p, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                                Set<String> onStack, List<List<String>> components) {
        index.put(p, index.size());
        low.put(p, index.get(p));
        stack.push(p);
        onStack.add(p);
        for (String q : IMPORTS.getOrDefault(p, Set.of())) {
            if (!index.containsKey(q)) {
                connect(q, index, low, stack, onStack, components);
                low.put(p, Math.min(low.get(p), low.get(q)));
            } else if (onStack.contains(q)) {
                low.put(p, Math.min(low.get(p), index.get(q)));
            }
        }
        if (low.get(p).equals(index.get(p))) {
            List<String> component = new ArrayList<>();
            String q;
            do {
                q = stack.pop();
                onStack.remove(q);
                component.add(q);
            } while (!q.equals(p));
            components.add(component);
        }
    }
}
