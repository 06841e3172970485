package org.jtgt.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.jtgt.server.JtgtServer;
import org.junit.jupiter.api.Test;

/** The daemon's command-line contract. */
class DaemonOptionsTest {

    @Test
    void defaults() {
        DaemonSettings s = DaemonSettings.resolve(DaemonOptions.parse());
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 3260)), s.portals());
        assertEquals(Runtime.getRuntime().availableProcessors(), s.threads());
        assertEquals(JtgtServer.DEFAULT_TARGET, s.commandLineTarget());
        assertEquals(Map.of(0, "memory:1G"), s.commandLineLuns());
        assertEquals("127.0.0.1:8778", s.jolokia());
        assertEquals("info", s.logLevel());
    }

    @Test
    void everyOption() {
        DaemonOptions o = DaemonOptions.parse("--portal", "0.0.0.0:0", "--portal=[::1]:3261", "-T", "4", "--target",
                "iqn.2026-11.org.example:x", "--lun", "0=memory:64M", "--lun=5=file:/tmp/d.img?size=1G", "--jolokia", "off",
                "--log-level", "debug");
        assertEquals(2, o.portals.size());
        assertEquals(0, o.portals.get(0).getPort());
        assertEquals(3261, o.portals.get(1).getPort());
        assertEquals(4, o.threads.intValue());
        assertEquals("iqn.2026-11.org.example:x", o.target);
        assertEquals(Map.of(0, "memory:64M", 5, "file:/tmp/d.img?size=1G"), o.luns);
        assertEquals("off", o.jolokia);
        assertEquals("debug", o.logLevel);
        assertEquals(8, DaemonOptions.parse("--threads=8").threads.intValue());
    }

    @Test
    void chapAndAllowApplyToTheTargetAndChapToDiscovery() {
        DaemonSettings s = DaemonSettings.resolve(DaemonOptions.parse("--chap", "alice:alice-secret-123", "--chap",
                "bob:bob-secret-4567", "--mutual-chap", "jtgt:target-secret-89", "--allow", "iqn.1994-05.com.redhat:*",
                "--allow", "10.0.0.0/8"));
        assertEquals(List.of("alice", "bob"), s.commandLineAccess().initiatorAccountNames());
        assertEquals("jtgt", s.commandLineAccess().targetAccount().name());
        assertEquals(List.of("iqn.1994-05.com.redhat:*", "10.0.0.0/8"), s.commandLineAccess().allowRules());
        assertTrue(s.discoveryAccess().requiresChap());
        assertTrue(s.discoveryAccess().allowRules().isEmpty(), "discovery lists what each initiator may see instead");
        assertTrue(!DaemonSettings.resolve(DaemonOptions.parse()).discoveryAccess().requiresChap());
    }

    @Test
    void badCommandLinesSayWhatIsWrong() {
        assertMessage("unknown option '--nope'", "--nope");
        assertMessage("--threads needs a value", "--threads");
        assertMessage("at least 1", "-T", "0");
        assertMessage("at least 1", "-T", "many");
        assertMessage("HOST:PORT", "--portal", "localhost");
        assertMessage("outside 0..65535", "--portal", "127.0.0.1:70000");
        assertMessage("N=STORE-URI", "--lun", "memory:1G");
        assertMessage("is not a LUN number", "--lun", "x=memory:1G");
        assertMessage("LUN 0 is given twice", "--lun", "0=memory:1G", "--lun", "0=null:1G");
        assertMessage("--log-level", "--log-level", "loud");
        assertMessage("HOST:PORT", "--jolokia", "8778");
        assertMessage("--chap takes USER:SECRET", "--chap", "alice");
        assertMessage("neither an iSCSI name", "--allow", "bob");
        assertTrue(DaemonOptions.parse("-h").help);
    }

    private static void assertMessage(String part, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DaemonOptions.parse(args));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
