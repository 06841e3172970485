package org.jtgt.scsi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.jtgt.api.BackingStore;
import org.jtgt.api.Nexus;
import org.jtgt.api.SenseKey;
import org.jtgt.store.MemoryStore;

/**
 * A {@link ScsiDisk} for tests, with direct access to its store to set up and check the medium.
 * Like a real initiator after login, it clears the power-on unit attention of
 * {@link RecordingCommand#NEXUS} before a test sees the disk; other nexuses {@link #login} first.
 */
final class TestDisk {

    static final int BLOCK = 512;
    static final DiskIdentity IDENTITY = DiskIdentity.of("iqn.2026-11.org.jtgt:disk0", 0, Map.of());

    final BackingStore store;
    final ScsiDisk disk;
    /** The nexuses whose tasks the disk asked the engine to abort, in order. */
    final List<Nexus> aborted = new CopyOnWriteArrayList<>();

    TestDisk(BackingStore store, Executor executor, boolean readOnly) {
        this.store = store;
        this.disk = new ScsiDisk(store, IDENTITY, executor, readOnly, aborted::add);
        login(RecordingCommand.NEXUS);
    }

    /** A nexus of the test initiator with another ISID. */
    static Nexus nexus(int isid) {
        Nexus n = RecordingCommand.NEXUS;
        return new Nexus(n.initiatorName(), String.format("%012x", isid), n.targetName(), n.portalGroupTag());
    }

    /** Clears the power-on unit attention of a nexus new to the disk, as initiators do after login. */
    void login(Nexus nexus) {
        run(nexus, Cdb.of(Opcodes.TEST_UNIT_READY), null).assertCheck(SenseKey.UNIT_ATTENTION, 0x29, 0x00);
        run(nexus, Cdb.of(Opcodes.TEST_UNIT_READY), null).assertGood();
    }

    /** A writable disk of {@code blocks} 512-byte blocks over a memory store; store work runs on the caller. */
    static TestDisk memory(long blocks) {
        return new TestDisk(new MemoryStore(blocks * BLOCK, BLOCK, false), Runnable::run, false);
    }

    /** The same, write-protected. */
    static TestDisk readOnly(long blocks) {
        return new TestDisk(new MemoryStore(blocks * BLOCK, BLOCK, false), Runnable::run, true);
    }

    long blocks() {
        return store.size() / BLOCK;
    }

    RecordingCommand run(Cdb cdb) {
        return run(cdb, null);
    }

    /** Executes a command and waits for its completion. */
    RecordingCommand run(Cdb cdb, byte[] dataOut) {
        return run(RecordingCommand.NEXUS, cdb, dataOut);
    }

    /** Executes a command from {@code nexus} and waits for its completion. */
    RecordingCommand run(Nexus nexus, Cdb cdb, byte[] dataOut) {
        RecordingCommand c = new RecordingCommand(nexus, cdb.bytes(), dataOut);
        disk.execute(c);
        return c.await();
    }

    /** Puts {@code data} on the medium at {@code lba}, bypassing the disk. */
    void put(long lba, byte[] data) {
        try {
            store.write(lba * BLOCK, ByteBuffer.wrap(data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@code blocks} blocks at {@code lba} from the medium, bypassing the disk. */
    byte[] get(long lba, int blocks) {
        ByteBuffer b = ByteBuffer.allocate(blocks * BLOCK);
        try {
            store.read(lba * BLOCK, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.array();
    }

    /** {@code blocks} blocks of {@code value}. */
    static byte[] filled(int blocks, int value) {
        byte[] b = new byte[blocks * BLOCK];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** {@code blocks} blocks of distinct-looking bytes. */
    static byte[] pattern(int blocks, int seed) {
        byte[] b = new byte[blocks * BLOCK];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }
}
