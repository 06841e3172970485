package org.jtgt.scsi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.jtgt.api.ScsiCommand;
import org.jtgt.api.ScsiException;

/**
 * MODE SENSE(6) and MODE SENSE(10) for a block device (SPC-4 §6.11, §6.12): a header with the
 * write-protect and DPOFUA bits, a block descriptor (short, or long with LLBAA), and the
 * caching (0x08), control (0x0A) and informational exceptions control (0x1C) pages, alone or
 * all at once (0x3F). Current, changeable and default values are reported; saved values are
 * not supported. Immutable; thread-safe.
 */
final class ModePages {

    static final int CACHING = 0x08;
    static final int CONTROL = 0x0A;
    static final int INFORMATIONAL_EXCEPTIONS = 0x1C;
    static final int ALL_PAGES = 0x3F;

    private static final int PC_CURRENT = 0;
    private static final int PC_CHANGEABLE = 1;
    private static final int PC_SAVED = 3;
    private static final int DEVICE_WP = 0x80;
    private static final int DEVICE_DPOFUA = 0x10;

    private final long blocks;
    private final int blockSize;
    private final boolean writeProtected;

    ModePages(long blocks, int blockSize, boolean writeProtected) {
        this.blocks = blocks;
        this.blockSize = blockSize;
        this.writeProtected = writeProtected;
    }

    void senseSix(ScsiCommand command, ByteBuffer cdb) {
        boolean dbd = (Cdbs.u8(cdb, 1) & 0x08) != 0;
        byte[] pages = pages(cdb);
        byte[] descriptor = dbd ? new byte[0] : shortDescriptor();
        int length = 4 + descriptor.length + pages.length;
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put((byte) (length - 1)).put((byte) 0).put((byte) deviceSpecific()).put((byte) descriptor.length);
        b.put(descriptor).put(pages);
        reply(command, b.array(), Cdbs.u8(cdb, 4));
    }

    void senseTen(ScsiCommand command, ByteBuffer cdb) {
        int flags = Cdbs.u8(cdb, 1);
        boolean dbd = (flags & 0x08) != 0;
        boolean longLba = (flags & 0x10) != 0;
        byte[] pages = pages(cdb);
        byte[] descriptor = dbd ? new byte[0] : longLba ? longDescriptor() : shortDescriptor();
        int length = 8 + descriptor.length + pages.length;
        ByteBuffer b = ByteBuffer.allocate(length);
        b.putShort((short) (length - 2)).put((byte) 0).put((byte) deviceSpecific());
        b.put((byte) (descriptor.length == 16 ? 1 : 0)).put((byte) 0).putShort((short) descriptor.length);
        b.put(descriptor).put(pages);
        reply(command, b.array(), Cdbs.u16(cdb, 7));
    }

    private static void reply(ScsiCommand command, byte[] data, int allocation) {
        ByteBuffer out = command.dataIn(Math.min(allocation, data.length));
        out.put(data, 0, out.limit());
        command.complete();
    }

    private int deviceSpecific() {
        return (writeProtected ? DEVICE_WP : 0) | DEVICE_DPOFUA;
    }

    private byte[] pages(ByteBuffer cdb) {
        int pc = Cdbs.u8(cdb, 2) >>> 6;
        int page = Cdbs.u8(cdb, 2) & 0x3F;
        int subpage = Cdbs.u8(cdb, 3);
        if (pc == PC_SAVED) {
            throw new ScsiException(SenseCodes.SAVING_PARAMETERS_NOT_SUPPORTED);
        }
        if (subpage != 0 && !(page == ALL_PAGES && subpage == 0xFF)) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 3, -1));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (page) {
            case ALL_PAGES:
                out.writeBytes(page(CACHING, pc));
                out.writeBytes(page(CONTROL, pc));
                out.writeBytes(page(INFORMATIONAL_EXCEPTIONS, pc));
                break;
            case CACHING:
            case CONTROL:
            case INFORMATIONAL_EXCEPTIONS:
                out.writeBytes(page(page, pc));
                break;
            default:
                throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 2, 5));
        }
        return out.toByteArray();
    }

    /** One mode page with page control {@code pc}; changeable values are all zero (nothing can be changed). */
    private static byte[] page(int code, int pc) {
        byte[] p;
        switch (code) {
            case CACHING:
                p = new byte[20];
                if (pc != PC_CHANGEABLE) {
                    p[2] = 0x04;                 // WCE: a write-back cache; SYNCHRONIZE CACHE makes data durable
                }
                break;
            case CONTROL:
                p = new byte[12];
                if (pc != PC_CHANGEABLE) {
                    p[3] = 0x10;                 // queue algorithm modifier 1: unrestricted reordering
                    p[8] = (byte) 0xFF;          // busy timeout period: unlimited
                    p[9] = (byte) 0xFF;
                }
                break;
            default:
                p = new byte[12];
                break;
        }
        p[0] = (byte) code;
        p[1] = (byte) (p.length - 2);
        return p;
    }

    private byte[] shortDescriptor() {
        ByteBuffer b = ByteBuffer.allocate(8);
        b.putInt(0, (int) Math.min(blocks, 0xFFFF_FFFFL));
        b.putInt(4, blockSize & 0x00FF_FFFF);
        return b.array();
    }

    private byte[] longDescriptor() {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putLong(0, blocks);
        b.putInt(12, blockSize);
        return b.array();
    }
}
