package org.jtgt.scsi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.function.UnaryOperator;
import org.jtgt.api.ScsiCommand;
import org.jtgt.api.ScsiException;

/**
 * MODE SENSE and MODE SELECT, 6 and 10 byte forms, for a block device (SPC-4 §6.9 to §6.12,
 * SBC-3 §6.4): a header with the write-protect and DPOFUA bits, a block descriptor (short, or
 * long with LLBAA), and the caching (08h), control (0Ah) and informational exceptions control
 * (1Ch) pages, alone or all at once (3Fh), without subpages.
 *
 * <p>The changeable parameters are the {@link ModeParameters}: WCE (caching), D_SENSE and SWP
 * (control). Everything else is fixed: TST 0, queue algorithm modifier 1, QERR 0, TAS 1 (tasks
 * of one nexus that another aborts end in TASK ABORTED), busy timeout unlimited. MODE SENSE
 * reports current, changeable (a mask with exactly those three bits) and default values; saved
 * values are not supported (PC 11b is SAVING PARAMETERS NOT SUPPORTED, MODE SELECT with SP is
 * INVALID FIELD IN CDB). WP in the header is set while the disk is read-only or SWP is set.
 *
 * <p>MODE SELECT validates the whole parameter list before it changes anything: a list shorter
 * than its header, its block descriptor or a page is PARAMETER LIST LENGTH ERROR; a medium type
 * other than 0, a block descriptor that does not describe this medium (a NUMBER OF LOGICAL
 * BLOCKS of zero means no change), an unknown page, a subpage, a wrong PAGE LENGTH and a
 * non-changeable bit that differs from its current value are INVALID FIELD IN PARAMETER LIST
 * with a field pointer at the offending byte and bit. Pages need PF. The header's MODE DATA
 * LENGTH and DEVICE-SPECIFIC PARAMETER and the pages' PS bits are ignored, as SPC-4 and SBC-3
 * allow. A change gives every other I_T nexus MODE PARAMETERS CHANGED.
 *
 * <p>Holds no state of its own; thread-safe.
 */
final class ModePages {

    static final int CACHING = 0x08;
    static final int CONTROL = 0x0A;
    static final int INFORMATIONAL_EXCEPTIONS = 0x1C;
    static final int ALL_PAGES = 0x3F;

    private static final int PC_CHANGEABLE = 1;
    private static final int PC_DEFAULT = 2;
    private static final int PC_SAVED = 3;
    private static final int DEVICE_WP = 0x80;
    private static final int DEVICE_DPOFUA = 0x10;

    private static final int WCE = 0x04;            // caching byte 2
    private static final int D_SENSE = 0x04;        // control byte 2
    private static final int QAM_UNRESTRICTED = 0x10; // control byte 3
    private static final int SWP = 0x08;            // control byte 4
    private static final int TAS = 0x40;            // control byte 5

    private static final int PF = 0x10;
    private static final int SP = 0x01;
    private static final int SPF = 0x40;

    private final Medium medium;
    private final ModeParameters parameters;
    private final UnitAttentions attentions;

    ModePages(Medium medium, ModeParameters parameters, UnitAttentions attentions) {
        this.medium = medium;
        this.parameters = parameters;
        this.attentions = attentions;
    }

    // ---- MODE SENSE

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
        return (medium.writeProtected() ? DEVICE_WP : 0) | DEVICE_DPOFUA;
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
        ModeParameters.Values values = pc == PC_DEFAULT ? ModeParameters.DEFAULTS : parameters.current();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (page) {
            case ALL_PAGES:
                out.writeBytes(page(CACHING, pc, values));
                out.writeBytes(page(CONTROL, pc, values));
                out.writeBytes(page(INFORMATIONAL_EXCEPTIONS, pc, values));
                break;
            case CACHING:
            case CONTROL:
            case INFORMATIONAL_EXCEPTIONS:
                out.writeBytes(page(page, pc, values));
                break;
            default:
                throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 2, 5));
        }
        return out.toByteArray();
    }

    private static byte[] page(int code, int pc, ModeParameters.Values values) {
        return pc == PC_CHANGEABLE ? changeable(code) : withValues(code, values);
    }

    /** One page with the given values of the changeable parameters. */
    private static byte[] withValues(int code, ModeParameters.Values v) {
        byte[] p = blank(code);
        if (code == CACHING) {
            p[2] = (byte) (v.writeCache() ? WCE : 0);
        } else if (code == CONTROL) {
            p[2] = (byte) (v.descriptorSense() ? D_SENSE : 0);
            p[3] = QAM_UNRESTRICTED;
            p[4] = (byte) (v.softwareWriteProtect() ? SWP : 0);
            p[5] = TAS;
            p[8] = (byte) 0xFF;                             // busy timeout period: unlimited
            p[9] = (byte) 0xFF;
        }
        return p;
    }

    /** One page's changeable mask: a one for every bit MODE SELECT may change. */
    private static byte[] changeable(int code) {
        byte[] p = blank(code);
        if (code == CACHING) {
            p[2] = WCE;
        } else if (code == CONTROL) {
            p[2] = D_SENSE;
            p[4] = SWP;
        }
        return p;
    }

    /** A page of zeros with its code and PAGE LENGTH. */
    private static byte[] blank(int code) {
        byte[] p = new byte[code == CACHING ? 20 : 12];
        p[0] = (byte) code;
        p[1] = (byte) (p.length - 2);
        return p;
    }

    private byte[] shortDescriptor() {
        ByteBuffer b = ByteBuffer.allocate(8);
        b.putInt(0, (int) Math.min(medium.blocks(), 0xFFFF_FFFFL));
        b.putInt(4, medium.blockSize() & 0x00FF_FFFF);
        return b.array();
    }

    private byte[] longDescriptor() {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putLong(0, medium.blocks());
        b.putInt(12, medium.blockSize());
        return b.array();
    }

    // ---- MODE SELECT

    void selectSix(ScsiCommand command, ByteBuffer cdb) {
        select(command, cdb, Cdbs.u8(cdb, 4), 4);
    }

    void selectTen(ScsiCommand command, ByteBuffer cdb) {
        select(command, cdb, Cdbs.u16(cdb, 7), 8);
    }

    private void select(ScsiCommand command, ByteBuffer cdb, int length, int header) {
        int flags = Cdbs.u8(cdb, 1);
        if ((flags & SP) != 0) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 1, 0));
        }
        if (length == 0) {
            command.complete();
            return;
        }
        ByteBuffer list = command.dataOut(length);
        if (length < header || list.remaining() < length) {
            throw new ScsiException(SenseCodes.PARAMETER_LIST_LENGTH_ERROR);
        }
        int mediumType = header == 4 ? 1 : 2;
        if (Cdbs.u8(list, mediumType) != 0) {
            throw invalidParameter(mediumType, -1);
        }
        boolean longLba = header == 8 && (Cdbs.u8(list, 4) & 0x01) != 0;
        int descriptorLength = header == 4 ? Cdbs.u8(list, 3) : Cdbs.u16(list, 6);
        if (descriptorLength != 0 && descriptorLength != (longLba ? 16 : 8)) {
            throw invalidParameter(header == 4 ? 3 : 6, -1);
        }
        if (header + descriptorLength > length) {
            throw new ScsiException(SenseCodes.PARAMETER_LIST_LENGTH_ERROR);
        }
        if (descriptorLength > 0) {
            checkDescriptor(list, header, longLba);
        }
        int at = header + descriptorLength;
        if (at < length && (flags & PF) == 0) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 1, 4));
        }
        ModeParameters.Values current = parameters.current();
        byte[] caching = null;
        byte[] control = null;
        while (at < length) {
            if (length - at < 2) {
                throw new ScsiException(SenseCodes.PARAMETER_LIST_LENGTH_ERROR);
            }
            int code = Cdbs.u8(list, at) & 0x3F;
            if ((Cdbs.u8(list, at) & SPF) != 0) {
                throw invalidParameter(at, 6);
            }
            if (code != CACHING && code != CONTROL && code != INFORMATIONAL_EXCEPTIONS) {
                throw invalidParameter(at, 5);
            }
            byte[] mine = withValues(code, current);
            if (Cdbs.u8(list, at + 1) != mine.length - 2) {
                throw invalidParameter(at + 1, -1);
            }
            if (at + mine.length > length) {
                throw new ScsiException(SenseCodes.PARAMETER_LIST_LENGTH_ERROR);
            }
            byte[] sent = new byte[mine.length];
            list.get(at, sent);
            byte[] mask = changeable(code);
            for (int i = 2; i < mine.length; i++) {
                int fixedBitsThatDiffer = (sent[i] ^ mine[i]) & ~mask[i] & 0xFF;
                if (fixedBitsThatDiffer != 0) {
                    throw invalidParameter(at + i, 31 - Integer.numberOfLeadingZeros(fixedBitsThatDiffer));
                }
            }
            if (code == CACHING) {
                caching = sent;
            } else if (code == CONTROL) {
                control = sent;
            }
            at += mine.length;
        }
        if (parameters.update(selected(caching, control))) {
            attentions.establishForOthers(command.nexus(), SenseCodes.MODE_PARAMETERS_CHANGED);
        }
        command.complete();
    }

    /** The change a MODE SELECT makes: the values of the pages it sent, {@code null} if it sent none. */
    private static UnaryOperator<ModeParameters.Values> selected(byte[] caching, byte[] control) {
        return v -> new ModeParameters.Values(caching != null ? (caching[2] & WCE) != 0 : v.writeCache(),
                control != null ? (control[2] & D_SENSE) != 0 : v.descriptorSense(),
                control != null ? (control[4] & SWP) != 0 : v.softwareWriteProtect());
    }

    /** A block descriptor must describe this medium; a NUMBER OF LOGICAL BLOCKS of zero changes nothing. */
    private void checkDescriptor(ByteBuffer list, int at, boolean longLba) {
        long blocks = longLba ? Cdbs.u64(list, at) : Cdbs.u32(list, at);
        long reported = longLba ? medium.blocks() : Math.min(medium.blocks(), 0xFFFF_FFFFL);
        if (blocks != 0 && blocks != reported) {
            throw invalidParameter(at, -1);
        }
        int blockLength = longLba ? (int) Cdbs.u32(list, at + 12) : Cdbs.u24(list, at + 5);
        if (blockLength != medium.blockSize()) {
            throw invalidParameter(longLba ? at + 12 : at + 5, -1);
        }
    }

    private static ScsiException invalidParameter(int byteIndex, int bit) {
        return new ScsiException(SenseCodes.INVALID_FIELD_IN_PARAMETER_LIST.withFieldPointer(false, byteIndex, bit));
    }
}
