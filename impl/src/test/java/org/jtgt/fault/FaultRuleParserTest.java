package org.jtgt.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.jtgt.api.Fault;
import org.jtgt.api.ScsiStatus;
import org.jtgt.api.SenseData;
import org.jtgt.api.SenseKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The text syntax of built-in rules: what it means, and what its mistakes say. */
class FaultRuleParserTest {

    @Test
    void mediumErrorPutsTheFirstFailingLbaInTheInformationField() {
        BuiltInRule rule = FaultRuleParser.parse("medium-error lba=1000-1007 count=1");
        Fault f = rule.decide(FakeCommand.read(992, 64));
        assertEquals(Fault.checkCondition(SenseData.of(SenseKey.MEDIUM_ERROR, 0x11, 0x00).withInformation(1000)), f);
        assertNull(rule.decide(FakeCommand.read(992, 64)), "count=1: once");
        Fault write = FaultRuleParser.parse("medium-error").decide(FakeCommand.write(7, 1));
        assertEquals(SenseData.of(SenseKey.MEDIUM_ERROR, 0x0C, 0x00).withInformation(7), write.sense(), "WRITE ERROR for a write");
    }

    @Test
    void everyActionMakesItsFault() {
        FakeCommand cmd = FakeCommand.read(0, 1);
        assertEquals(Fault.status(ScsiStatus.BUSY), FaultRuleParser.parse("busy").decide(cmd));
        assertEquals(Fault.status(ScsiStatus.TASK_SET_FULL), FaultRuleParser.parse("TASK-SET-FULL").decide(cmd));
        assertEquals(Fault.checkCondition(SenseData.of(SenseKey.UNIT_ATTENTION, 0x2A, 0x09)),
                FaultRuleParser.parse("unit-attention asc=2A ascq=0x09").decide(cmd));
        assertEquals(Fault.checkCondition(SenseData.of(SenseKey.ABORTED_COMMAND, 0x47, 0x05)),
                FaultRuleParser.parse("sense key=aborted-command asc=47h ascq=05").decide(cmd));
        assertEquals(SenseKey.HARDWARE_ERROR, FaultRuleParser.parse("sense key=4 asc=44").decide(cmd).sense().key());
        assertEquals(Fault.delay(Duration.ofMillis(50)), FaultRuleParser.parse("latency 50ms").decide(cmd));
        assertEquals(Fault.delay(Duration.ofSeconds(2)), FaultRuleParser.parse("latency 2s").decide(cmd));
        assertEquals(Fault.delay(Duration.ofNanos(500_000)), FaultRuleParser.parse("latency 500us").decide(cmd));
        assertEquals(Fault.dropConnection(), FaultRuleParser.parse("drop-connection").decide(cmd));
        assertEquals(Fault.corruptDataDigest(), FaultRuleParser.parse("corrupt-data-digest").decide(cmd));
        assertEquals(Fault.corruptHeaderDigest(), FaultRuleParser.parse("corrupt-header-digest").decide(cmd));
        assertEquals(Fault.stall(), FaultRuleParser.parse("stall").decide(cmd));
    }

    @Test
    void criteriaComeInAnyOrderAndPrintInAFixedOne() {
        BuiltInRule rule = FaultRuleParser.parse("  latency 50ms   probability=0.1 opcode=READ seed=7 ");
        assertEquals("latency 50ms opcode=READ probability=0.1 seed=7", rule.toString());
        assertEquals("medium-error lba=1000-1007 count=1", FaultRuleParser.parse("medium-error count=1 lba=1000-1007").toString());
        assertEquals("unit-attention asc=29 ascq=00 initiator=iqn.*", FaultRuleParser.parse("unit-attention asc=29 initiator=iqn.*").toString());
        assertEquals("stall lba=5", FaultRuleParser.parse("stall lba=5").toString());
        String again = FaultRuleParser.parse(rule.toString()).toString();
        assertEquals(rule.toString(), again, "the printed form parses to itself");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "''                                     | empty; expected an action",
        "explode                                | unknown action 'explode'; actions: medium-error, busy",
        "latency                                | latency needs a duration such as 50ms",
        "latency fast                           | latency 'fast': expected a positive duration",
        "latency 0ms                            | expected a positive duration",
        "busy lbas=5                            | unknown key 'lbas'; keys: lba, opcode, initiator, count, every, probability, seed",
        "busy lba                               | 'lba' is not key=value",
        "busy lba=10-5                          | lba=10-5: the range ends before it starts",
        "busy lba=x                             | lba=x: expected a block number or a range such as 1000-1007",
        "busy count=0                           | count=0: expected a whole number of at least 1",
        "busy count=1 count=2                   | count is given twice",
        "busy opcode=REED                       | unknown operation 'REED'",
        "busy probability=2                     | probability must be above 0 and at most 1, not 2.0",
        "busy probability=often                 | probability=often: expected a number above 0 and at most 1",
        "busy seed=3                            | seed= only goes with probability=",
        "busy asc=29                            | unknown key 'asc'",
        "unit-attention                         | asc= is required",
        "unit-attention asc=1FF                 | asc=1FF: expected one byte in hexadecimal",
        "sense asc=11                           | key= is required: a sense key such as medium-error",
        "sense key=bad asc=11                   | key=bad: not a sense key; one of no-sense, recovered-error",
        "unit-attention asc=29 key=3            | unknown key 'key'; keys: lba, opcode, initiator, count, every, probability, seed (and asc, ascq for this action)"})
    void mistakesSayWhatIsWrong(String text, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultRuleParser.parse(text));
        assertTrue(e.getMessage().startsWith("fault rule '" + text.trim() + "': "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
