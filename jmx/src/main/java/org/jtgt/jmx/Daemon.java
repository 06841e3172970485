package org.jtgt.jmx;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import org.jtgt.server.JtgtServer;

/**
 * The jtgt daemon: {@code java -jar jmx/target/jtgt.jar [options]}. Serves the targets the
 * options and the configuration file describe, publishes its beans on the platform MBean server
 * (JConsole) and, unless {@code --jolokia off}, over Jolokia; prints
 * {@code jtgt: ready iscsi://HOST:PORT/IQN/LUN} for each LUN once it accepts logins, then
 * {@code jtgt: jolokia http://HOST:PORT/jolokia/}; shuts down cleanly on SIGTERM or SIGINT.
 * Exit status: 0 after a clean shutdown, 1 if the server could not start, 2 for a bad command
 * line or configuration file.
 */
public final class Daemon {

    private Daemon() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        DaemonSettings settings;
        try {
            DaemonOptions options = DaemonOptions.parse(args);
            if (options.help) {
                out.println(DaemonOptions.USAGE);
                return;
            }
            settings = DaemonSettings.resolve(options);
        } catch (ConfigFile.ConfigError e) {
            System.err.println("jtgt: " + e.getMessage());
            System.exit(2);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("jtgt: " + e.getMessage());
            System.err.println(DaemonOptions.USAGE);
            System.exit(2);
            return;
        }
        configureLogging(settings.logLevel());

        JtgtServer server;
        try {
            server = settings.builder().start();
        } catch (Exception e) {
            System.err.println("jtgt: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        JtgtMBeans.register(server);
        JolokiaAgent jolokia = null;
        if (!settings.jolokia().equals("off")) {
            try {
                jolokia = JolokiaAgent.start(DaemonOptions.hostPort(settings.jolokia(), "--jolokia"), settings.jolokiaAllow(),
                        settings.jolokiaUser(), settings.jolokiaPassword());
            } catch (IOException | RuntimeException e) {
                System.err.println("jtgt: cannot start: " + e.getMessage());
                server.close();
                System.exit(1);
                return;
            }
        }
        JolokiaAgent agent = jolokia;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (agent != null) {
                agent.close();
            }
            // SIGTERM/SIGINT end here: a clean shutdown reports success, not 128 + signal
            Runtime.getRuntime().halt(0);
        }, "jtgt-shutdown"));
        for (String url : server.urls()) {
            out.println("jtgt: ready " + url);
        }
        if (agent != null) {
            out.println("jtgt: jolokia " + agent.url());
        }
        out.flush();
        try {
            new CountDownLatch(1).await();     // the shutdown hook ends the process
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Points log4j at the daemon's configuration unless the user chose another. */
    private static void configureLogging(String level) {
        if (System.getProperty("log4j2.configurationFile") == null && System.getProperty("log4j.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:jtgt-log4j2.xml");
        }
        System.setProperty("jtgt.log.level", level);
    }
}
