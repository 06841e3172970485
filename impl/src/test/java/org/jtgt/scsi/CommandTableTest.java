package org.jtgt.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.jtgt.api.ScsiException;
import org.junit.jupiter.api.Test;

class CommandTableTest {

    private static final CommandTable.Handler NOTHING = (command, cdb) -> { };

    @Test
    void findsByOpcodeAndServiceAction() {
        CommandTable.Handler rc16 = (command, cdb) -> { };
        CommandTable table = CommandTable.builder()
                .command(0x28, "F8 FFFFFFFF 00 FFFF 00", Access.READ, NOTHING)
                .serviceAction(0x9E, 0x10, "FFFFFFFFFFFFFFFF FFFFFFFF 01 00", Access.READ, rc16)
                .build();
        assertSame(rc16, table.find(ByteBuffer.wrap(Cdb.of(0x9E).u8(1, 0xF0).bytes())).handler(), "service action is bits 4..0");
        assertEquals(0x28, table.find(ByteBuffer.wrap(Cdb.of(0x28).bytes())).opcode());
        assertTrue(table.hasServiceActions(0x9E));
        assertNull(table.serviceAction(0x9E, 0x12));
        assertNull(table.plain(0x9E));

        ScsiException unknown = assertThrows(ScsiException.class, () -> table.find(ByteBuffer.wrap(Cdb.of(0x2A).bytes())));
        assertEquals(0x20, unknown.sense().asc());
        ScsiException sa = assertThrows(ScsiException.class, () -> table.find(ByteBuffer.wrap(Cdb.of(0x9E).u8(1, 0x12).bytes())));
        assertEquals(0x24, sa.sense().asc());
    }

    @Test
    void usageDataStartsWithOpcodeAndServiceAction() {
        CommandTable table = CommandTable.builder().serviceAction(0xA3, 0x0C, "87 FF FFFF FFFFFFFF 00 00", Access.READ, NOTHING).build();
        CommandTable.Entry e = table.entries().get(0);
        ByteBuffer usage = ByteBuffer.allocate(e.cdbLength());
        e.putUsage(usage);
        assertEquals(12, e.cdbLength());
        assertEquals("a30c87ffffffffffffff0000", java.util.HexFormat.of().formatHex(usage.array()));
    }

    @Test
    void flagsBesideTheServiceActionAreUsageDataButNotPartOfTheKey() {
        CommandTable table = CommandTable.builder().serviceAction(0x48, 0x01, 0xA0, "0000000000 FFFF 00", Access.WRITE, NOTHING).build();
        CommandTable.Entry e = table.entries().get(0);
        ByteBuffer usage = ByteBuffer.allocate(e.cdbLength());
        e.putUsage(usage);
        assertEquals("48a10000000000ffff00", java.util.HexFormat.of().formatHex(usage.array()));
        assertEquals(1, e.serviceAction());
        assertSame(e, table.find(ByteBuffer.wrap(Cdb.of(0x48).u8(1, 0xA1).bytes())), "IMMED and AUSE set");
        assertThrows(IllegalArgumentException.class, () -> CommandTable.builder().serviceAction(0x48, 0x01, 0x10, "0000000000 FFFF 00",
                Access.WRITE, NOTHING), "bit 4 belongs to the service action");
    }

    @Test
    void entriesAreSortedByOpcodeThenServiceAction() {
        CommandTable table = CommandTable.builder()
                .command(0x28, "F8 FFFFFFFF 00 FFFF 00", Access.READ, NOTHING)
                .serviceAction(0x9E, 0x12, "FFFFFFFFFFFFFFFF FFFFFFFF 00 00", Access.READ, NOTHING)
                .command(0x00, "00 0000 00 00", Access.READ, NOTHING)
                .serviceAction(0x9E, 0x10, "FFFFFFFFFFFFFFFF FFFFFFFF 01 00", Access.READ, NOTHING)
                .build();
        assertEquals("0:0 28:0 9e:10 9e:12", table.entries().stream()
                .map(e -> Integer.toHexString(e.opcode()) + ":" + Integer.toHexString(e.serviceAction()))
                .reduce((a, b) -> a + " " + b).orElseThrow());
    }

    @Test
    void rejectsDuplicatesAndWrongLengths() {
        assertThrows(IllegalArgumentException.class, () -> CommandTable.builder()
                .command(0x00, "00 0000 00 00", Access.READ, NOTHING).command(0x00, "00 0000 00 00", Access.READ, NOTHING));
        assertThrows(IllegalArgumentException.class, () -> CommandTable.builder()
                .serviceAction(0x9E, 0x10, "FFFFFFFFFFFFFFFF FFFFFFFF 01 00", Access.READ, NOTHING).command(0x9E, "00".repeat(15), Access.READ, NOTHING));
        assertThrows(IllegalArgumentException.class, () -> CommandTable.builder().command(0x28, "F8 FFFFFFFF 00 FFFF", Access.READ, NOTHING));
        assertThrows(IllegalArgumentException.class, () -> CommandTable.builder().command(0x88, "F8 FFFFFFFF 00 FFFF 00", Access.READ, NOTHING));
    }
}
