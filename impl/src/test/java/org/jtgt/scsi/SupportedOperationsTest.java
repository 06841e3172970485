package org.jtgt.scsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jtgt.api.ScsiStatus;
import org.jtgt.api.SenseData;
import org.jtgt.api.SenseKey;
import org.jtgt.store.NullStore;
import org.junit.jupiter.api.Test;

class SupportedOperationsTest {

    private final TestDisk t = TestDisk.memory(1024);

    @Test
    void allCommandsListsEveryCommandWithItsCdbLength() {
        Map<String, Integer> commands = all(t, false);
        assertEquals(Integer.valueOf(10), commands.get("28"));
        assertEquals(Integer.valueOf(16), commands.get("89"));
        assertEquals(Integer.valueOf(10), commands.get("42"));
        assertEquals(Integer.valueOf(16), commands.get("9e/10"));
        assertEquals(Integer.valueOf(16), commands.get("9e/12"));
        assertEquals(Integer.valueOf(12), commands.get("a3/0c"));
        assertEquals(Integer.valueOf(12), commands.get("a3/0d"));
        assertEquals(Integer.valueOf(6), commands.get("00"));
        assertEquals(Integer.valueOf(16), commands.get("9c"));
        assertEquals(Integer.valueOf(16), commands.get("83/00"));
        assertEquals(Integer.valueOf(16), commands.get("84/00"));
        assertEquals(Integer.valueOf(16), commands.get("84/03"));
        assertEquals(Integer.valueOf(16), commands.get("84/04"));
        assertEquals(Integer.valueOf(10), commands.get("48/01"));
        assertEquals(Integer.valueOf(10), commands.get("48/02"));
        assertEquals(Integer.valueOf(10), commands.get("48/03"));
        assertEquals(Integer.valueOf(10), commands.get("48/1f"));
        assertEquals(63, commands.size());
    }

    @Test
    void allCommandsWithTimeouts() {
        byte[] data = t.run(rsoc(0x80, 0, 0, 65535)).assertGood();
        ByteBuffer b = ByteBuffer.wrap(data);
        assertEquals(data.length - 4, b.getInt(0));
        assertEquals(0, (data.length - 4) % 20);
        for (int at = 4; at < data.length; at += 20) {
            assertEquals(0x02, b.get(at + 5) & 0x02, "CTDP");
            assertEquals(0x0A, b.getShort(at + 8), "timeouts descriptor length");
            assertEquals(SupportedOperations.RECOMMENDED_TIMEOUT_SECONDS, b.getInt(at + 16));
        }
        byte[] plain = t.run(rsoc(0, 0, 0, 65535)).assertGood();
        for (int at = 4; at < plain.length; at += 8) {
            assertEquals(0, plain[at + 5] & 0x02, "no CTDP without RCTD");
            if ((plain[at + 5] & 0x01) == 0) {
                assertEquals(0, ByteBuffer.wrap(plain).getShort(at + 2), "no service action without SERVACTV");
            }
        }
    }

    @Test
    void oneCommandReportsItsUsageData() {
        assertEquals("0003000a" + "28f8ffffffff00ffff00", HexFormat.of().formatHex(t.run(rsoc(1, 0x28, 0, 255)).assertGood()));
        assertEquals("0003000c" + "a30c87ffffffffffffff0000",
                HexFormat.of().formatHex(t.run(rsoc(2, 0xA3, 0x0C, 255)).assertGood()));
        byte[] withTimeouts = t.run(rsoc(0x81, 0x35, 0, 255)).assertGood();
        assertEquals("0083000a" + "3500ffffffff00ffff00" + "000a0000" + "00000000" + "0000001e", HexFormat.of().formatHex(withTimeouts));
        assertEquals("00010000", HexFormat.of().formatHex(t.run(rsoc(1, 0xE5, 0, 255)).assertGood()), "not supported");
        assertEquals("00010000", HexFormat.of().formatHex(t.run(rsoc(2, 0x9E, 0x1F, 255)).assertGood()), "not supported");
        assertEquals(4, t.run(rsoc(1, 0x28, 0, 4)).assertGood().length, "allocation length");
        assertEquals("0003000a" + "48a10000000000ffff00", HexFormat.of().formatHex(t.run(rsoc(2, 0x48, 0x01, 255)).assertGood()),
                "IMMED and AUSE beside the service action");
        assertEquals("0003000a" + "481f0000000000ffff00", HexFormat.of().formatHex(t.run(rsoc(2, 0x48, 0x1F, 255)).assertGood()));
    }

    @Test
    void reportingOptionsThatDoNotFitTheOpcodeAreInvalidFieldsAtByteTwo() {
        for (Cdb c : new Cdb[] {rsoc(1, 0x9E, 0, 255), rsoc(2, 0x28, 0, 255), rsoc(3, 0x28, 0, 255), rsoc(7, 0, 0, 255)}) {
            byte[] sense = t.run(c).assertInvalidField().toFixedFormat();
            assertEquals((byte) 0xCA, sense[15], "SKSV, C/D, BPV, bit 2");
            assertEquals(2, sense[17], "byte 2, not the service action byte");
        }
    }

    @Test
    void dpoAndFuaUsageAgreesWithModeSense() {
        byte[] mode = t.run(Cdb.of(Opcodes.MODE_SENSE_6).u8(2, 0x3F).u8(4, 255)).assertGood();
        assertEquals(0x10, mode[2] & 0x10, "DPOFUA");
        for (int op : new int[] {Opcodes.READ_10, Opcodes.READ_12, Opcodes.READ_16, Opcodes.WRITE_10, Opcodes.WRITE_12, Opcodes.WRITE_16,
            Opcodes.COMPARE_AND_WRITE, Opcodes.ORWRITE_16, Opcodes.WRITE_ATOMIC_16}) {
            assertEquals(0x18, usage(op)[1] & 0x18, String.format("DPO and FUA of %02x", op));
        }
        for (int op : new int[] {Opcodes.VERIFY_10, Opcodes.VERIFY_12, Opcodes.VERIFY_16, Opcodes.WRITE_AND_VERIFY_10,
            Opcodes.WRITE_AND_VERIFY_12, Opcodes.WRITE_AND_VERIFY_16}) {
            assertEquals(0x10, usage(op)[1] & 0x18, String.format("DPO of %02x", op));
        }
    }

    /** The dispatcher executes exactly what RSOC reports: the table is their one source. */
    @Test
    void dispatcherAndReportAgree() {
        for (TestDisk disk : new TestDisk[] {t, new TestDisk(new NullStore(1024 * TestDisk.BLOCK, TestDisk.BLOCK, false), Runnable::run, false)}) {
            Map<String, Integer> reported = all(disk, false);
            int dispatched = 0;
            for (int op = 0; op < 256; op++) {
                if (op == Opcodes.SERVICE_ACTION_IN_16 || op == Opcodes.MAINTENANCE_IN || op == Opcodes.EXTENDED_COPY || op == Opcodes.SANITIZE
                        || op == Opcodes.RECEIVE_COPY_RESULTS || op == Opcodes.PERSISTENT_RESERVE_IN || op == Opcodes.PERSISTENT_RESERVE_OUT) {
                    for (int sa = 0; sa < 32; sa++) {
                        boolean known = executes(disk, Cdb.of(op).u8(1, sa));
                        String key = String.format("%02x/%02x", op, sa);
                        assertEquals(known, reported.containsKey(key), key);
                        assertEquals(known ? 3 : 1, disk.run(rsoc(2, op, sa, 255)).assertGood()[1] & 0x07, key);
                        dispatched += known ? 1 : 0;
                    }
                } else {
                    boolean known = executes(disk, Cdb.of(op));
                    String key = String.format("%02x", op);
                    assertEquals(known, reported.containsKey(key), key);
                    dispatched += known ? 1 : 0;
                }
            }
            assertEquals(reported.size(), dispatched);
        }
    }

    @Test
    void taskManagementFunctions() {
        Cdb rstmf = Cdb.of(Opcodes.MAINTENANCE_IN).u8(1, Opcodes.SA_REPORT_SUPPORTED_TASK_MANAGEMENT_FUNCTIONS).u32(6, 255);
        assertArrayEquals(new byte[] {(byte) 0xDA, 0, 0, 0}, t.run(rstmf).assertGood());
        byte[] extended = t.run(rstmf.u8(2, 0x80)).assertGood();
        assertEquals("da00000c000000000000000000000000", HexFormat.of().formatHex(extended));
        assertEquals(1, t.run(rstmf.u32(6, 1)).assertGood().length);
    }

    /** Whether the disk executes a zeroed CDB of {@code cdb}'s opcode (anything but "not supported"). */
    private static boolean executes(TestDisk disk, Cdb cdb) {
        RecordingCommand c = disk.run(cdb);
        if (c.status() != ScsiStatus.CHECK_CONDITION) {
            return true;
        }
        SenseData s = c.sense();
        if (s.key() == SenseKey.ILLEGAL_REQUEST && s.asc() == 0x20) {
            return false;
        }
        byte[] fixed = s.toFixedFormat();
        boolean serviceActionField = s.asc() == 0x24 && (fixed[15] & 0x80) != 0 && fixed[16] == 0 && fixed[17] == 1;
        return !serviceActionField;
    }

    private byte[] usage(int opcode) {
        byte[] data = t.run(rsoc(1, opcode, 0, 255)).assertGood();
        assertEquals(3, data[1] & 0x07);
        byte[] usage = java.util.Arrays.copyOfRange(data, 4, data.length);
        assertEquals(opcode, usage[0] & 0xFF);
        assertTrue(usage.length > 0);
        return usage;
    }

    /** Opcode (or opcode/service action) to CDB length, from the all-commands data. */
    private static Map<String, Integer> all(TestDisk disk, boolean timeouts) {
        ByteBuffer b = ByteBuffer.wrap(disk.run(rsoc(timeouts ? 0x80 : 0, 0, 0, 65535)).assertGood());
        Map<String, Integer> commands = new LinkedHashMap<>();
        for (int at = 4; at < b.limit(); at += 8) {
            boolean servactv = (b.get(at + 5) & 1) != 0;
            String key = servactv ? String.format("%02x/%02x", b.get(at) & 0xFF, b.getShort(at + 2)) : String.format("%02x", b.get(at) & 0xFF);
            commands.put(key, (int) b.getShort(at + 6));
        }
        return commands;
    }

    private static Cdb rsoc(int options, int opcode, int serviceAction, int allocation) {
        return Cdb.of(Opcodes.MAINTENANCE_IN).u8(1, Opcodes.SA_REPORT_SUPPORTED_OPERATION_CODES).u8(2, options).u8(3, opcode)
                .u16(4, serviceAction).u32(6, allocation);
    }
}
