package org.jtgt.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InquiryPagesTest {

    private final TestDisk t = TestDisk.memory(64);

    private byte[] vpd(int page) {
        return t.run(Cdb.of(Opcodes.INQUIRY).u8(1, 1).u8(2, page).u16(3, 255)).assertGood();
    }

    @Test
    void everyListedPageIsServedWithItsLength() {
        byte[] supported = vpd(0x00);
        List<Integer> pages = new ArrayList<>();
        for (int i = 4; i < 4 + supported[3]; i++) {
            pages.add(supported[i] & 0xFF);
        }
        assertEquals(List.of(0x00, 0x80, 0x83, 0x86, 0x8F, 0xB0, 0xB1, 0xB2), pages);
        for (int page : pages) {
            byte[] data = vpd(page);
            assertEquals(page, data[1] & 0xFF);
            assertEquals(data.length - 4, (data[2] & 0xFF) << 8 | data[3] & 0xFF, String.format("page %02x length", page));
        }
        t.run(Cdb.of(Opcodes.INQUIRY).u8(1, 1).u8(2, 0x87).u16(3, 255)).assertInvalidField();
    }

    @Test
    void extendedInquiryDataSaysWhatTheDiskDoes() {
        byte[] data = vpd(0x86);
        assertEquals(64, data.length);
        assertEquals(0, data[4], "no protection information, no microcode activation");
        assertEquals(0x01, data[5], "SIMPSUP only: every task is handled as SIMPLE");
        assertEquals(0x01, data[6], "V_SUP: a volatile cache");
        assertEquals(0x01, data[7], "LUICLR");
        for (int i = 8; i < data.length; i++) {
            assertEquals(0, data[i], "byte " + i);
        }
        assertEquals(0, t.run(Cdb.of(Opcodes.INQUIRY).u16(3, 96)).assertGood()[5] & 0x01, "standard data: PROTECT 0");
    }
}
