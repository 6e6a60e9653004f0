package archive.tools.opensearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.mapper.MapperExtrasPlugin;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch node in its own JVM, for development and tests only.
 *
 * <p>Usage: {@code java -cp ... archive.tools.opensearch.DevNode HOME}. HOME is the node's
 * {@code path.home}; its settings are read from {@code HOME/config/opensearch.yml}, written by
 * {@code tools/opensearch/cluster}. The modules that a packaged OpenSearch loads from its
 * {@code modules/} folder are passed here as classpath plugins instead: HTTP and transport over
 * Netty, the common analysis chain (Dutch stemmer, stop words, ASCII folding, ...), Painless,
 * reindex/update-by-query/delete-by-query, and the extra field mappers.
 *
 * <p>There is no security manager, no bootstrap checks and no security plugin: the node binds to
 * loopback only (the settings file says so) and speaks plain HTTP. SIGTERM closes the node cleanly
 * (flushes shards, leaves the cluster) before the JVM exits.
 */
public final class DevNode {

    /** The modules of the OpenSearch distribution that the development cluster needs. */
    static final List<Class<? extends Plugin>> MODULES = List.of(
        Netty4Plugin.class,
        CommonAnalysisPlugin.class,
        PainlessPlugin.class,
        ReindexPlugin.class,
        MapperExtrasPlugin.class
    );

    /** Gives access to the constructor that takes classpath plugins. */
    static final class EmbeddedNode extends Node {
        EmbeddedNode(Environment environment) {
            super(environment, MODULES, true);
        }
    }

    private DevNode() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: DevNode HOME   (settings in HOME/config/opensearch.yml)");
            System.exit(2);
        }
        Path home = Paths.get(args[0]).toAbsolutePath().normalize();
        Path config = home.resolve("config");
        for (String name : List.of("opensearch.yml", "log4j2.properties")) {
            if (!Files.isRegularFile(config.resolve(name))) {
                System.err.println("missing: " + config.resolve(name));
                System.exit(2);
            }
        }
        Files.createDirectories(home.resolve("plugins"));
        Files.createDirectories(home.resolve("modules"));

        Settings input = Settings.builder().put(Environment.PATH_HOME_SETTING.getKey(), home.toString()).build();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            input, Collections.emptyMap(), config, () -> "node");
        // Logging as configured by HOME/config/log4j2.properties (the cluster script copies its own,
        // which logs to the console; stdout and stderr go to the node's log file).
        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName(Node.NODE_NAME_SETTING.get(environment.settings()));
        LogConfigurator.configure(environment);

        final Node node;
        try {
            node = new EmbeddedNode(environment);
            node.start();
        } catch (Throwable e) {
            System.err.println("node failed to start: " + e);
            e.printStackTrace();
            System.err.flush();
            Runtime.getRuntime().halt(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                if (!node.awaitClose(20, TimeUnit.SECONDS)) {
                    System.err.println("node did not close within 20 s");
                }
            } catch (Exception e) {
                System.err.println("error while closing the node: " + e);
            } finally {
                stopped.countDown();
            }
        }, "devnode-shutdown"));

        // OpenSearch's own threads are daemon threads: keep the JVM alive until SIGTERM.
        stopped.await();
    }
}
