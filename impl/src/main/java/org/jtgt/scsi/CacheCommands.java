package org.jtgt.scsi;

import java.nio.ByteBuffer;
import org.jtgt.api.ScsiCommand;

/**
 * The cache management commands. SYNCHRONIZE CACHE 10/16 checks its range and flushes the
 * whole store; IMMED is accepted, the flush completes before status. PRE-FETCH 10/16 checks
 * its range and has nothing to do: there is no cache to load, so it reports GOOD, never
 * CONDITION MET; IMMED is accepted. Stateless; thread-safe.
 */
final class CacheCommands {

    private final Medium medium;
    private final StoreRunner runner;

    CacheCommands(Medium medium, StoreRunner runner) {
        this.medium = medium;
        this.runner = runner;
    }

    void synchronizeCache(ScsiCommand command, ByteBuffer cdb) {
        medium.checkRange(BlockCdb.decode(cdb));
        runner.run(command, medium::flush);
    }

    void preFetch(ScsiCommand command, ByteBuffer cdb) {
        medium.checkRange(BlockCdb.decode(cdb));
        command.complete();
    }
}
