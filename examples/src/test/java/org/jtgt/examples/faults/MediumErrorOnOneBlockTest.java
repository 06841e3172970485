package org.jtgt.examples.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.jtgt.fault.FaultHandle;
import org.jtgt.junit.JtgtExtension;
import org.jtgt.junit.TestTarget;
import org.jtgt.testing.RealInitiators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Example 3: make one block of a disk unreadable and watch a client meet the error. Here the
 * client is qemu-io; in your suite it is the code whose error handling you want to see work
 * (a backup tool that must report the bad block, a driver that must fail the volume, ...).
 */
class MediumErrorOnOneBlockTest {

    @RegisterExtension
    static JtgtExtension jtgt = JtgtExtension.builder().lun(0, "memory:16M").build();

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static RealInitiators.Result qemuIo(String url, String command) {
        return RealInitiators.run(TIMEOUT, "qemu-io", "-f", "raw", "-c", command, url);
    }

    @Test
    void aReadOverTheBadBlockFailsAndTheRestOfTheDiskReads(TestTarget target) {
        String url = target.url(0);
        qemuIo(url, "write -P 0x5a 0 1M").ok();     // QEMU skips reads of unmapped blocks, so give them data

        FaultHandle bad = target.server().faults().forLun(target.iqn(), 0).add("medium-error lba=1000");

        RealInitiators.Result overIt = qemuIo(url, "read -P 0x5a 0 1M");   // blocks 0..2047 include 1000
        assertTrue(overIt.output().contains("Input/output error"), overIt.output());
        assertNotEquals(0, bad.fired(), "the rule fired");
        qemuIo(url, "read -P 0x5a 0 500k").ok();    // blocks 0..999: untouched by the fault
        qemuIo(url, "read -P 0x5a 513k 511k").ok(); // blocks 1026..2047

        bad.remove();                                // the block heals
        assertTrue(qemuIo(url, "read -P 0x5a 0 1M").ok().output().contains("read 1048576/1048576"));
    }

    @Test
    void aFlakyBlockFailsOnceAndTheRetryOfTheClientSucceeds(TestTarget target) {
        String url = target.url(0);
        qemuIo(url, "write -P 0x33 0 64k").ok();
        FaultHandle once = target.server().faults().forLun(target.iqn(), 0).add("busy lba=0-127 count=1");
        qemuIo(url, "read -P 0x33 0 64k").ok();      // QEMU retries BUSY
        assertEquals(1, once.fired());
    }
}
