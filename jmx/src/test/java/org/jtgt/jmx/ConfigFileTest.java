package org.jtgt.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jtgt.server.JtgtServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's configuration file: the shipped example, error messages, precedence. */
class ConfigFileTest {

    @TempDir
    Path dir;

    private Path write(String... lines) throws Exception {
        Path f = dir.resolve("jtgt.properties");
        Files.write(f, List.of(lines));
        return f;
    }

    private void assertError(String expected, String... lines) throws Exception {
        Path f = write(lines);
        ConfigFile.ConfigError e = assertThrows(ConfigFile.ConfigError.class, () -> ConfigFile.load(f));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }

    @Test
    void theShippedExampleIsValid() {
        ConfigFile c = ConfigFile.load(Path.of("..", "examples", "jtgt.properties"));
        assertEquals("jtgt", c.serverName());
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 3260)), c.portals());
        assertEquals(2, c.threads());
        assertEquals(8, c.storeThreads());
        assertEquals("127.0.0.1:8778", c.jolokiaAddress());
        List<ConfigFile.TargetConfig> targets = c.targets();
        assertEquals(2, targets.size());
        ConfigFile.TargetConfig scratch = targets.get(1);
        assertEquals("iqn.2026-11.org.jtgt:scratch", scratch.name());
        assertEquals("scratch disks", scratch.alias());
        assertEquals("memory:4T?blocksize=4096", scratch.luns().get(1).storeUri());
        assertEquals(Map.of("serial", "SCRATCH0001", "product", "BIG-SPARSE"), scratch.luns().get(1).options());
    }

    @Test
    void errorsNameTheLineAndTheKey() throws Exception {
        assertError("line 2: server.colour: unknown key", "# comment", "server.colour = blue");
        assertError("line 3: server.threads: must be a whole number", "", "server.name = x", "server.threads = lots");
        assertError("line 1: server.portal: server.portal takes HOST:PORT", "server.portal = localhost");
        assertError("target.a.name: missing", "target.a.lun.0 = memory:1G");
        assertError("line 1: target.a.name: iSCSI name 'disk' must start with iqn.", "target.a.name = disk");
        assertError("line 2: target.a.lun.0: store URI 'nonsense' has no scheme", "target.a.name = iqn.2026-11.x:y",
                "target.a.lun.0 = nonsense");
        assertError("line 2: target.a.lun.3.options: options for a LUN that has no store", "target.a.name = iqn.2026-11.x:y",
                "target.a.lun.3.options = serial=1");
        assertError("line 2: target.a.lun.0.options: 'serial' is not name=value", "target.a.name = iqn.2026-11.x:y",
                "target.a.lun.0.options = serial", "target.a.lun.0 = memory:1M");
        assertError("server.threads: given more than once", "server.threads = 1", "server.threads = 2");
        assertError("log.level: must be error, warn", "log.level = loud");
        assertError("jolokia.address: jolokia.address takes HOST:PORT", "jolokia.address = 8778");
        assertError("line 1: target.a.lun.99999: LUN 99999 is outside", "target.a.lun.99999 = memory:1M", "target.a.name = iqn.2026-11.x:y");
    }

    @Test
    void chapAndAllowPerTargetAndForDiscovery() throws Exception {
        Path f = write("discovery.chap = scanner:scanner-secret-1", "target.a.name = iqn.2026-11.x:a",
                "target.a.chap = alice:alice-secret-123, bob:bob-secret-4567", "target.a.mutual-chap = jtgt:target-secret-89",
                "target.a.allow = iqn.1994-05.com.redhat:*, 192.168.0.0/16", "target.a.lun.0 = memory:1M");
        ConfigFile c = ConfigFile.load(f);
        assertEquals(List.of("scanner"), c.discoveryAccess().initiatorAccountNames());
        ConfigFile.TargetConfig a = c.targets().get(0);
        assertEquals(List.of("alice", "bob"), a.access().initiatorAccountNames());
        assertEquals("jtgt", a.access().targetAccount().name());
        assertEquals(2, a.access().allowRules().size());
        assertError("line 2: target.a.chap: a CHAP account is given as NAME:SECRET", "target.a.name = iqn.2026-11.x:a",
                "target.a.chap = alice");
        assertError("target.a.mutual-chap: CHAP account alice has the same secret", "target.a.name = iqn.2026-11.x:a",
                "target.a.chap = alice:same-secret-1", "target.a.mutual-chap = t:same-secret-1");
        assertError("line 2: target.a.allow: allow rule 'everyone'", "target.a.name = iqn.2026-11.x:a", "target.a.allow = everyone");
    }

    @Test
    void limitsAndTimers() throws Exception {
        ConfigFile c = ConfigFile.load(write("limits.sessions = 3", "limits.max-transfer = 4M", "limits.connection-buffer = 8M",
                "limits.nop-interval = 0", "limits.login-timeout = 5", "limits.commands = 32"));
        assertEquals(3, c.limits().sessions());
        assertEquals(4 << 20, c.limits().maxTransferBytes());
        assertEquals(8L << 20, c.limits().connectionBufferBytes());
        assertEquals(0, c.timers().nopInMillis());
        assertEquals(5000, c.timers().loginTimeoutMillis());
        assertEquals(32, c.commandWindow());
        assertError("line 1: limits.sessions: must be a whole number", "limits.sessions = none");
        assertError("line 1: limits.max-transfer: must be a size", "limits.max-transfer = big");
        assertError("limits.connection-buffer: connectionBufferBytes", "limits.max-transfer = 16M", "limits.connection-buffer = 1M");
        assertError("line 1: limits.nop-timeout: must be whole seconds", "limits.nop-timeout = -1");
    }

    @Test
    void commandLineWinsOverTheFileWhichWinsOverDefaults() throws Exception {
        Path f = write("server.name = filed", "server.portal = 127.0.0.1:0", "server.threads = 3", "jolokia.address = off",
                "log.level = warn", "target.t.name = iqn.2026-11.org.jtgt.test:filed", "target.t.lun.0 = memory:1M");
        DaemonSettings fromFile = DaemonSettings.resolve(DaemonOptions.parse("--config", f.toString()));
        assertEquals("filed", fromFile.name());
        assertEquals(3, fromFile.threads());
        assertEquals("off", fromFile.jolokia());
        assertEquals("warn", fromFile.logLevel());
        assertNull(fromFile.commandLineTarget(), "the file's targets only");
        DaemonSettings overridden = DaemonSettings.resolve(DaemonOptions.parse("--config", f.toString(), "-T", "1",
                "--jolokia", "127.0.0.1:0", "--lun", "0=memory:2M"));
        assertEquals(1, overridden.threads());
        assertEquals("127.0.0.1:0", overridden.jolokia());
        assertEquals(JtgtServer.DEFAULT_TARGET, overridden.commandLineTarget(), "explicit LUNs add the command-line target");
    }

    @Test
    void aServerStartsFromTheFileThroughTheConfigTargetSource() throws Exception {
        Path f = write("server.portal = 127.0.0.1:0", "target.b.name = iqn.2026-11.org.jtgt.test:b", "target.b.lun.0 = memory:1M",
                "target.a.name = iqn.2026-11.org.jtgt.test:a", "target.a.lun.2 = memory:2M",
                "target.a.lun.2.options = readonly=true, serial=XYZ");
        DaemonSettings s = DaemonSettings.resolve(DaemonOptions.parse("--config", f.toString()));
        try (JtgtServer server = s.builder().shutdownGrace(Duration.ZERO).start()) {
            assertEquals(List.of("iscsi://127.0.0.1:" + server.port() + "/iqn.2026-11.org.jtgt.test:a/2",
                    "iscsi://127.0.0.1:" + server.port() + "/iqn.2026-11.org.jtgt.test:b/0"), server.urls());
        }
    }

    @Test
    void aLunThatCannotOpenStopsTheStartAndNamesIt() throws Exception {
        Path f = write("target.a.name = iqn.2026-11.org.jtgt.test:a", "target.a.lun.0 = memory:1M",
                "target.a.lun.1 = file:" + dir.resolve("missing.img"));
        DaemonSettings s = DaemonSettings.resolve(DaemonOptions.parse("--config", f.toString(), "--portal", "127.0.0.1:0"));
        Exception e = assertThrows(Exception.class, () -> s.builder().start());
        assertTrue(e.getMessage().contains("target.a.lun.1"), e.getMessage());
        assertTrue(e.getMessage().contains("missing.img"), e.getMessage());
    }
}
