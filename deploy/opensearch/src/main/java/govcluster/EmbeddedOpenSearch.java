package govcluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * A single-node OpenSearch with its modules on the classpath.
 *
 * <p>Usage: {@code EmbeddedOpenSearch HOME [PORT]}; runs until SIGTERM. The
 * node only listens on 127.0.0.1. Data and logs live under HOME.
 */
public final class EmbeddedOpenSearch {
    /** The public Node(Environment) constructor loads plugins from disk only;
     * this one takes the classpath's plugin classes (as OpenSearch's MockNode). */
    static final class ClasspathNode extends Node {
        ClasspathNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
            super(environment, plugins, true);
        }
    }

    private EmbeddedOpenSearch() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : "opensearch-home").toAbsolutePath();
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 9200;
        for (String folder : new String[] {"config", "data", "logs", "plugins", "modules"}) {
            // plugins/ and modules/ stay empty: every module comes from the classpath.
            Files.createDirectories(home.resolve(folder));
        }
        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "govcluster-dev")
            .put("node.name", "node-1")
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", port)
            .put("transport.port", port + 100)
            .put("transport.type", "netty4")
            .put("http.type", "netty4")
            // A development node on a shared disk and a small heap: no read-only
            // indices when the disk fills, no real-memory circuit breaker.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("indices.breaker.total.use_real_memory", false)
            .put("action.auto_create_index", true)
            .build();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, Map.of(), home.resolve("config"), () -> "node-1");
        List<Class<? extends Plugin>> plugins =
            List.of(Netty4Plugin.class, CommonAnalysisPlugin.class, PainlessPlugin.class);
        Node node = new ClasspathNode(environment, plugins);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception error) {
                error.printStackTrace();
            } finally {
                closed.countDown();
            }
        }, "opensearch-shutdown"));
        node.start();
        System.out.println("READY http://127.0.0.1:" + port);
        closed.await();
    }
}
