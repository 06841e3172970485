package org.jtgt.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jtgt.api.ScsiException;
import org.junit.jupiter.api.Test;

class SanitizeProgressTest {

    private final SanitizeProgress p = new SanitizeProgress();

    @Test
    void anIdleDiskAdmitsEverything() {
        for (int opcode = 0; opcode < 256; opcode++) {
            assertNull(p.refusal(opcode));
        }
        assertNull(p.condition());
        p.check();
    }

    @Test
    void whileRunningOnlyInquiryAndRequestSenseAreAdmitted() {
        assertTrue(p.begin(400, false));
        p.advance(100);
        for (int opcode = 0; opcode < 256; opcode++) {
            boolean admitted = opcode == Opcodes.INQUIRY || opcode == Opcodes.REQUEST_SENSE;
            assertEquals(admitted, p.refusal(opcode) == null, "opcode " + opcode);
        }
        assertEquals(SenseCodes.SANITIZE_IN_PROGRESS.withProgress(0x4000), p.refusal(Opcodes.SANITIZE));
        assertEquals(SenseCodes.SANITIZE_IN_PROGRESS.withProgress(0x4000), p.condition());
        ScsiException e = assertThrows(ScsiException.class, p::check);
        assertEquals(SenseCodes.SANITIZE_IN_PROGRESS.withProgress(0x4000), e.sense());
        assertFalse(p.begin(1, false), "one operation at a time");
    }

    @Test
    void theIndicationGrowsToJustBelowFullScale() {
        p.begin(3, false);
        assertEquals(0, p.indication());
        p.advance(1);
        assertEquals(21845, p.indication());
        p.advance(1);
        assertEquals(43690, p.indication());
        p.advance(5);
        assertEquals(65535, p.indication(), "never 10000h, the field has 16 bits");
        p.succeeded();
        assertTrue(p.begin(1L << 45, false));   // far more blocks than a long multiplied by 65536 could count
        p.advance(1L << 44);
        assertEquals(0x8000, p.indication());
    }

    @Test
    void aFailureLeavesTheFailureModeWhichAdmitsSanitize() {
        p.begin(10, false);
        p.failed();
        assertTrue(p.failedMode());
        assertNull(p.refusal(Opcodes.SANITIZE));
        assertNull(p.refusal(Opcodes.INQUIRY));
        assertEquals(SenseCodes.SANITIZE_COMMAND_FAILED, p.refusal(Opcodes.READ_10));
        assertEquals(SenseCodes.SANITIZE_COMMAND_FAILED, p.refusal(Opcodes.TEST_UNIT_READY));
        assertEquals(SenseCodes.SANITIZE_COMMAND_FAILED, p.condition());
        assertThrows(ScsiException.class, p::check);
        assertThrows(ScsiException.class, p::exitFailureMode, "no AUSE");
        assertTrue(p.begin(10, true), "a new operation may start");
        p.failed();
        p.exitFailureMode();
        assertNull(p.refusal(Opcodes.READ_10), "AUSE: EXIT FAILURE MODE ends it");
        p.exitFailureMode();
        assertNull(p.condition(), "and does nothing on an idle disk");
    }

    @Test
    void undoBeginRestoresWhatWasBefore() {
        p.begin(10, true);
        p.failed();
        p.begin(10, false);
        p.undoBegin();
        assertTrue(p.failedMode());
        p.exitFailureMode();
        assertFalse(p.failedMode(), "the AUSE of the failed operation is back too");
        p.begin(10, false);
        p.succeeded();
        assertNull(p.refusal(Opcodes.WRITE_10));
        assertFalse(p.running());
    }
}
