package org.jtgt.iscsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jtgt.iscsi.CommandWindow.Verdict;
import org.junit.jupiter.api.Test;

class CommandWindowTest {

    @Test
    void creditsCloseAndReopenTheWindow() {
        CommandWindow w = new CommandWindow(10, 3);
        assertEquals(10, w.expCmdSN());
        assertEquals(12, w.maxCmdSN());
        assertEquals(Verdict.ACCEPT, w.arrive(10, false));
        assertEquals(Verdict.ACCEPT, w.arrive(11, false));
        assertEquals(Verdict.ACCEPT, w.arrive(12, false));
        assertEquals(12, w.maxCmdSN(), "three outstanding: MaxCmdSN = ExpCmdSN - 1, window closed");
        assertEquals(13, w.expCmdSN());
        assertEquals(Verdict.IGNORE, w.arrive(13, false));
        w.finished();
        assertEquals(13, w.maxCmdSN());
        assertEquals(Verdict.ACCEPT, w.arrive(13, false));
    }

    @Test
    void duplicatesAndFarAheadAreIgnored() {
        CommandWindow w = new CommandWindow(100, 8);
        assertEquals(Verdict.ACCEPT, w.arrive(100, false));
        assertEquals(Verdict.IGNORE, w.arrive(100, false), "already seen");
        assertEquals(Verdict.IGNORE, w.arrive(99, false));
        assertEquals(Verdict.IGNORE, w.arrive(101 + 8, false), "beyond MaxCmdSN");
        assertEquals(101, w.expCmdSN(), "ignored commands move nothing");
    }

    @Test
    void immediateCommandsTakeNoCredit() {
        CommandWindow w = new CommandWindow(5, 2);
        assertEquals(Verdict.ACCEPT, w.arrive(5, true));
        assertEquals(Verdict.ACCEPT, w.arrive(1234, true));
        assertEquals(5, w.expCmdSN());
        assertEquals(0, w.outstanding());
    }

    @Test
    void wrapsAroundTheSerialSpace() {
        CommandWindow w = new CommandWindow(0xFFFFFFFE, 4);
        assertEquals(Verdict.ACCEPT, w.arrive(0xFFFFFFFE, false));
        assertEquals(Verdict.ACCEPT, w.arrive(0xFFFFFFFF, false));
        assertEquals(Verdict.ACCEPT, w.arrive(0, false));
        assertEquals(1, w.expCmdSN());
        assertTrue(SerialNumbers.lessThan(0xFFFFFFFF, 0));
        assertFalse(SerialNumbers.lessThan(0, 0xFFFFFFFF));
    }
}
