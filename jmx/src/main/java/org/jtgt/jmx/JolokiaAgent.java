package org.jtgt.jmx;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jolokia.jvmagent.JolokiaServer;
import org.jolokia.jvmagent.JolokiaServerConfig;
import org.jolokia.server.core.service.api.LogHandler;

/**
 * Jolokia 2 over HTTP in the daemon's JVM, so that curl and any HTTP client read and steer the
 * platform MBean server. It always runs with jtgt's access policy
 * ({@code jtgt-jolokia-access.xml}: read everything; write and exec only on {@code org.jtgt}
 * beans; loopback clients only, plus the hosts configured), and with basic authentication when
 * a user is given. Not thread-safe; started and stopped by the daemon.
 */
public final class JolokiaAgent implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(JolokiaAgent.class);
    private static final String POLICY = "/jtgt-jolokia-access.xml";
    private static final String EXTRA_HOSTS = "<!--JTGT-EXTRA-HOSTS-->";

    private final JolokiaServer server;
    private final Path policy;
    private final InetSocketAddress address;

    private JolokiaAgent(JolokiaServer server, Path policy) {
        this.server = server;
        this.policy = policy;
        this.address = server.getAddress();
    }

    /**
     * Starts the agent.
     *
     * @param bind address and port (0 picks a free port)
     * @param allowedHosts hosts or CIDR networks allowed besides loopback (the policy's remote list)
     * @param user basic-auth user, or {@code null} for none
     * @param password basic-auth password (with a user)
     * @throws IOException if the port cannot be bound or the policy cannot be written
     */
    public static JolokiaAgent start(InetSocketAddress bind, List<String> allowedHosts, String user, String password) throws IOException {
        Path policy = writePolicy(allowedHosts);
        Map<String, String> config = new HashMap<>();
        config.put("host", bind.getAddress().getHostAddress());
        config.put("port", Integer.toString(bind.getPort()));
        config.put("agentContext", "/jolokia");
        config.put("policyLocation", policy.toUri().toString());
        config.put("discoveryEnabled", "false");
        config.put("executor", "single");
        config.put("threadNamePrefix", "jtgt-jolokia-");
        if (user != null) {
            config.put("user", user);
            config.put("password", password == null ? "" : password);
        }
        try {
            JolokiaServer server = new JolokiaServer(new JolokiaServerConfig(config), new Log4jHandler());
            server.start();
            JolokiaAgent agent = new JolokiaAgent(server, policy);
            LOG.info("Jolokia listening on {}{}", agent.url(), user != null ? " with basic authentication" : "");
            return agent;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(policy);
            throw new IOException("cannot start Jolokia on " + Addresses.hostPort(bind) + ": " + e.getMessage(), e);
        }
    }

    /** The policy with the allowed hosts filled in, in a file Jolokia reads. */
    private static Path writePolicy(List<String> allowedHosts) throws IOException {
        String template;
        try (InputStream in = JolokiaAgent.class.getResourceAsStream(POLICY)) {
            if (in == null) {
                throw new IOException("the Jolokia access policy " + POLICY + " is missing from the daemon");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder hosts = new StringBuilder();
        for (String h : allowedHosts) {
            if (!h.matches("[0-9A-Za-z.:/\\-\\[\\]]+")) {
                throw new IllegalArgumentException("jolokia.allow: '" + h + "' is not a host or network");
            }
            hosts.append("<host>").append(h).append("</host>");
        }
        Path file = Files.createTempFile("jtgt-jolokia-access-", ".xml");
        file.toFile().deleteOnExit();
        Files.writeString(file, template.replace(EXTRA_HOSTS, hosts.toString()), StandardCharsets.UTF_8);
        return file;
    }

    /** {@code http://HOST:PORT/jolokia/}. */
    public String url() {
        return "http://" + Addresses.hostPort(address) + "/jolokia/";
    }

    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IllegalStateException e) {
            // during JVM shutdown Jolokia cannot remove its own shutdown hook; its HTTP server stops anyway
            LOG.debug("Jolokia stopped during shutdown: {}", e.toString());
        }
        try {
            Files.deleteIfExists(policy);
        } catch (IOException e) {
            LOG.debug("cannot delete {}", policy, e);
        }
    }

    /** Jolokia's log, into log4j. */
    private static final class Log4jHandler implements LogHandler {
        private static final Logger JOLOKIA = LogManager.getLogger("org.jolokia");

        @Override
        public void debug(String message) {
            JOLOKIA.debug(message);
        }

        @Override
        public void info(String message) {
            JOLOKIA.debug(message);     // Jolokia's start-up chatter; our own line says where it listens
        }

        @Override
        public void error(String message, Throwable t) {
            JOLOKIA.error(message, t);
        }

        @Override
        public boolean isDebug() {
            return JOLOKIA.isDebugEnabled();
        }
    }
}
