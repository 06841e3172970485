package org.jtgt.junit;

import org.jtgt.server.JtgtServer;
import org.jtgt.server.MemoryLun;

/**
 * The target a test owns on the server of a {@link JtgtExtension}: an IQN of its own with
 * fresh LUNs made from the extension's store URIs, added before the test (before its
 * {@code @BeforeEach} methods) and removed after it (after its {@code @AfterEach} methods),
 * whether it passed or failed. Tests that share a server never see each other's data.
 *
 * <p>Inject it as a parameter of a test method or of a {@code @BeforeEach} or
 * {@code @AfterEach} method:
 *
 * <pre>{@code
 * @Test
 * void restoresASnapshot(TestTarget target) throws Exception {
 *     MemoryLun disk = target.memoryLun(0);
 *     MemorySnapshot clean = disk.snapshot();
 *     run("qemu-io", "-c", "write -P 0x5a 0 1M", target.url(0));
 *     disk.restore(clean);
 *     run("qemu-io", "-c", "read -P 0 0 1M", target.url(0));
 * }
 * }</pre>
 *
 * <p>It belongs to its test, but it is immutable and thread-safe: threads the test starts may
 * use it. After the test it refers to a removed target; its methods then fail.
 */
public final class TestTarget {

    private final JtgtServer server;
    private final String iqn;

    TestTarget(JtgtServer server, String iqn) {
        this.server = server;
        this.iqn = iqn;
    }

    /** The target's name, e.g. {@code iqn.2026-11.org.jtgt.junit:disktest-formats-1}. */
    public String iqn() {
        return iqn;
    }

    /** The server that serves it (shared with other tests if the extension is in a static field). */
    public JtgtServer server() {
        return server;
    }

    /** The port the server listens on, on 127.0.0.1. */
    public int port() {
        return server.port();
    }

    /**
     * {@code iscsi://127.0.0.1:PORT/IQN/LUN}, the form libiscsi, qemu-img and qemu-io take.
     *
     * @throws IllegalArgumentException if the target has no such LUN
     */
    public String url(int lun) {
        return server.url(iqn, lun);
    }

    /**
     * The contents of a memory LUN: snapshot, restore, reset, seeding (see {@link MemoryLun};
     * restore and reset end the sessions logged in to this target first).
     *
     * @throws IllegalArgumentException if the target has no such LUN
     * @throws IllegalStateException if the LUN's store is not a memory store ({@code memory:SIZE})
     */
    public MemoryLun memoryLun(int lun) {
        return server.memoryLun(iqn, lun);
    }

    /** Removes the target from its server unless the server already stopped (which removed it). */
    void remove() {
        if (server.targets().find(iqn) != null) {
            server.removeTarget(iqn);
        }
    }

    @Override
    public String toString() {
        return iqn + " on server " + server.name();
    }
}
