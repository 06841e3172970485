package org.jtgt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.jtgt.server.JtgtServer;
import org.jtgt.testing.RealInitiators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** libiscsi's command-line tools against an embedded server: discovery, INQUIRY, capacity. */
class LibiscsiToolsTest {

    private static final String DISKS = "iqn.2026-11.org.jtgt.it:disks";
    private static final String OTHER = "iqn.2026-11.org.jtgt.it:other";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static JtgtServer server;

    @BeforeAll
    static void start() throws Exception {
        server = JtgtServer.builder().threads(2)
                .target(DISKS, t -> t.alias("two disks").lun(0, "memory:64M").lun(3, "memory:1T?blocksize=4096"))
                .target(OTHER, t -> t.lun(0, "null:8G"))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String portal() {
        return "iscsi://127.0.0.1:" + server.port();
    }

    @Test
    void discoveryListsEveryTargetAndItsLuns() {
        String out = RealInitiators.run(TIMEOUT, "iscsi-ls", "-s", portal()).ok().output();
        assertTrue(out.contains("Target:" + DISKS + " Portal:127.0.0.1:" + server.port() + ",1"), out);
        assertTrue(out.contains("Target:" + OTHER), out);
        assertTrue(out.contains("Lun:0    Type:DIRECT_ACCESS (Size:63M)"), out);
        assertTrue(out.contains("Lun:3    Type:DIRECT_ACCESS (Size:1023G)"), out);
        assertTrue(out.contains("Lun:0    Type:DIRECT_ACCESS (Size:7G)"), out);
    }

    @Test
    void inquiryShowsADiskWithItsIdentity() {
        String out = RealInitiators.run(TIMEOUT, "iscsi-inq", server.url(DISKS, 0)).ok().output();
        assertTrue(out.contains("Peripheral Device Type:DIRECT_ACCESS"), out);
        assertTrue(out.contains("Vendor:JTGT"), out);
        assertTrue(out.contains("Product:VIRTUAL-DISK"), out);
        assertTrue(out.contains("Version Descriptor:04c0 SBC-3"), out);
        String serial = RealInitiators.run(TIMEOUT, "iscsi-inq", "-e", "1", "-c", "128", server.url(DISKS, 0)).ok().output();
        assertTrue(serial.matches("(?s).*Unit Serial Number:\\[[0-9a-f]{16}\\].*"), serial);
        String ids = RealInitiators.run(TIMEOUT, "iscsi-inq", "-e", "1", "-c", "131", server.url(DISKS, 0)).ok().output();
        assertTrue(ids.contains("NAA"), ids);
    }

    @Test
    void readCapacity16ReportsSizeAndBlockLength() {
        String small = RealInitiators.run(TIMEOUT, "iscsi-readcapacity16", server.url(DISKS, 0)).ok().output();
        assertTrue(small.contains("RETURNED LOGICAL BLOCK ADDRESS:131071"), small);
        assertTrue(small.contains("LOGICAL BLOCK LENGTH IN BYTES:512"), small);
        String huge = RealInitiators.run(TIMEOUT, "iscsi-readcapacity16", server.url(DISKS, 3)).ok().output();
        assertTrue(huge.contains("LOGICAL BLOCK LENGTH IN BYTES:4096"), huge);
        assertTrue(huge.contains("Total size:1099511627776"), huge);
    }

    @Test
    void anUnknownTargetIsRefusedAtLogin() {
        RealInitiators.Result r = RealInitiators.run(TIMEOUT, "iscsi-inq", portal() + "/iqn.2026-11.org.jtgt.it:nosuch/0");
        assertTrue(r.exitCode() != 0, r.output());
        assertTrue(r.output().toLowerCase().contains("login") || r.output().contains("not found") || r.output().contains("NOT_FOUND"),
                r.output());
        assertEquals(0, server.sessions().size());
    }
}
