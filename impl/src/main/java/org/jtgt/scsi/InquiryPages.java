package org.jtgt.scsi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jtgt.api.Nexus;
import org.jtgt.api.ScsiCommand;
import org.jtgt.api.ScsiException;

/**
 * INQUIRY for a direct-access block device (SPC-4 §6.6, SBC-3 §6.6): standard data with
 * version descriptors, and the vital product data pages 0x00 (supported pages), 0x80 (unit
 * serial number), 0x83 (device identification), 0x86 (extended INQUIRY data), 0x8F (third-party
 * copy), 0xB0 (block limits), 0xB1 (block device characteristics) and 0xB2 (logical block
 * provisioning); the 3PC bit says the disk is a copy manager. Immutable; thread-safe.
 */
final class InquiryPages {

    static final int[] SUPPORTED_PAGES = {0x00, 0x80, 0x83, 0x86, ThirdPartyCopyPage.PAGE_CODE, 0xB0, 0xB1, 0xB2};

    /** The relative target port identifier of every target port (VPD 0x83, PERSISTENT RESERVE IN). */
    static final int RELATIVE_TARGET_PORT = 1;

    private static final int STANDARD_LENGTH = 96;
    private static final int VERSION_SPC4 = 0x06;
    private static final int[] VERSION_DESCRIPTORS = {0x00A0 /* SAM-5 */, 0x0960 /* iSCSI */, 0x0460 /* SPC-4 */,
        0x04C0 /* SBC-3 */};

    private final DiskIdentity identity;
    private final BlockLimits limits;
    private final boolean thin;
    private final byte[] thirdPartyCopy;

    /**
     * @param thin whether the disk is thin provisioned (unmapped blocks read as zeros)
     * @param thirdPartyCopy VPD page 0x8F, see {@link ThirdPartyCopyPage}
     */
    InquiryPages(DiskIdentity identity, BlockLimits limits, boolean thin, byte[] thirdPartyCopy) {
        this.identity = identity;
        this.limits = limits;
        this.thin = thin;
        this.thirdPartyCopy = thirdPartyCopy.clone();
    }

    void execute(ScsiCommand command, ByteBuffer cdb) {
        int flags = Cdbs.u8(cdb, 1);
        int page = Cdbs.u8(cdb, 2);
        int allocation = Cdbs.u16(cdb, 3);
        byte[] data;
        if ((flags & 0x02) != 0) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 1, 1));    // CMDDT is obsolete
        }
        if ((flags & 0x01) == 0) {
            if (page != 0) {
                throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 2, -1));
            }
            data = standard();
        } else {
            data = vpd(page, command.nexus());
            if (data == null) {
                throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 2, -1));
            }
        }
        ByteBuffer out = command.dataIn(Math.min(allocation, data.length));
        out.put(data, 0, out.limit());
        command.complete();
    }

    byte[] standard() {
        byte[] b = new byte[STANDARD_LENGTH];
        b[0] = 0x00;                        // peripheral qualifier 0, direct-access block device
        b[2] = VERSION_SPC4;
        b[3] = 0x12;                        // HISUP, response data format 2
        b[4] = (byte) (STANDARD_LENGTH - 5);
        b[5] = 0x08;                        // 3PC: third-party copy commands
        b[7] = 0x02;                        // CMDQUE
        ascii(b, 8, identity.vendor(), 8);
        ascii(b, 16, identity.product(), 16);
        ascii(b, 32, identity.revision(), 4);
        for (int i = 0; i < VERSION_DESCRIPTORS.length; i++) {
            b[58 + 2 * i] = (byte) (VERSION_DESCRIPTORS[i] >>> 8);
            b[59 + 2 * i] = (byte) VERSION_DESCRIPTORS[i];
        }
        return b;
    }

    /** A VPD page, or {@code null} if it is not supported. */
    byte[] vpd(int page, Nexus nexus) {
        switch (page) {
            case 0x00: {
                byte[] b = header(page, SUPPORTED_PAGES.length);
                for (int i = 0; i < SUPPORTED_PAGES.length; i++) {
                    b[4 + i] = (byte) SUPPORTED_PAGES[i];
                }
                return b;
            }
            case 0x80: {
                byte[] serial = identity.serial().getBytes(StandardCharsets.US_ASCII);
                byte[] b = header(page, serial.length);
                System.arraycopy(serial, 0, b, 4, serial.length);
                return b;
            }
            case 0x83:
                return deviceIdentification(nexus);
            case 0x86:
                return extendedInquiryData();
            case ThirdPartyCopyPage.PAGE_CODE:
                return thirdPartyCopy.clone();
            case 0xB0:
                return blockLimits();
            case 0xB1:
                return blockDeviceCharacteristics();
            case 0xB2:
                return logicalBlockProvisioning();
            default:
                return null;
        }
    }

    /**
     * VPD 0x86. No protection information (SPT, GRD_CHK, APP_CHK, REF_CHK 0); tasks are all
     * handled as SIMPLE (SIMPSUP; no ORDSUP, HEADSUP, PRIOR_SUP, GROUP_SUP); a volatile write
     * cache that FUA and SYNCHRONIZE CACHE write through (V_SUP); REPORTED LUNS DATA HAS CHANGED
     * is cleared for the I_T nexus once reported (LUICLR); no referrals, no microcode download.
     */
    private static byte[] extendedInquiryData() {
        byte[] b = header(0x86, 0x3C);
        b[5] = 0x01;                                    // SIMPSUP
        b[6] = 0x01;                                    // V_SUP
        b[7] = 0x01;                                    // LUICLR
        return b;
    }

    private byte[] blockLimits() {
        byte[] b = header(0xB0, 0x3C);
        ByteBuffer p = ByteBuffer.wrap(b);
        b[4] = 0x01;                                    // WSNZ: WRITE SAME of zero blocks is refused
        b[5] = (byte) limits.maxCompareAndWriteBlocks(); // MAXIMUM COMPARE AND WRITE LENGTH
        p.putShort(6, (short) limits.blocksPerPhysicalBlock()); // OPTIMAL TRANSFER LENGTH GRANULARITY
        p.putInt(8, (int) limits.maxTransferBlocks());  // MAXIMUM TRANSFER LENGTH
        p.putInt(12, (int) limits.maxTransferBlocks()); // OPTIMAL TRANSFER LENGTH
        p.putInt(20, (int) limits.maxUnmapBlocks());    // MAXIMUM UNMAP LBA COUNT
        p.putInt(24, limits.maxUnmapDescriptors());     // MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT
        p.putInt(28, (int) limits.unmapGranularityBlocks()); // OPTIMAL UNMAP GRANULARITY
        if (thin) {
            p.putInt(32, 0x8000_0000);                  // UGAVALID; unmap units are aligned to LBA 0
        }
        p.putLong(36, limits.maxWriteSameBlocks());     // MAXIMUM WRITE SAME LENGTH
        p.putInt(44, (int) limits.maxAtomicTransferBlocks()); // MAXIMUM ATOMIC TRANSFER LENGTH
        p.putInt(48, limits.atomicAlignmentBlocks());   // ATOMIC ALIGNMENT
        p.putInt(52, limits.atomicGranularityBlocks()); // ATOMIC TRANSFER LENGTH GRANULARITY; no atomic boundaries
        return b;
    }

    /**
     * VPD 0xB1. A non-rotating medium; reads succeed after a sanitize (WABEREQ and WACEREQ
     * 01b, see {@link Sanitize}), WABEREQ only on a thin-provisioned disk, the only kind that
     * supports BLOCK ERASE.
     */
    private byte[] blockDeviceCharacteristics() {
        byte[] b = header(0xB1, 0x3C);
        b[5] = 0x01;                                    // medium rotation rate 1: a non-rotating medium
        b[7] = (byte) ((thin ? 0x40 : 0) | 0x10);       // WABEREQ, WACEREQ
        return b;
    }

    /**
     * VPD 0xB2. Thin provisioned: UNMAP (LBPU) and WRITE SAME 16/10 with UNMAP (LBPWS,
     * LBPWS10) release blocks, which then read as zeros (LBPRZ); no anchored state, no
     * thresholds. Otherwise fully provisioned: all clear, provisioning type 0.
     */
    private byte[] logicalBlockProvisioning() {
        byte[] b = header(0xB2, 4);
        if (thin) {
            b[5] = (byte) 0xE4;                         // LBPU, LBPWS, LBPWS10, LBPRZ
            b[6] = 0x02;                                // provisioning type: thin
        }
        return b;
    }

    private byte[] deviceIdentification(Nexus nexus) {
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        // logical unit: NAA locally assigned (NAA 3), binary
        byte[] naa = new byte[8];
        long v = 0x3000_0000_0000_0000L | identity.naaId();
        for (int i = 0; i < 8; i++) {
            naa[i] = (byte) (v >>> (56 - 8 * i));
        }
        designator(d, 0x01, 0x03, naa);
        // logical unit: T10 vendor identification, ASCII
        designator(d, 0x02, 0x01, (pad(identity.vendor(), 8) + identity.serial()).getBytes(StandardCharsets.US_ASCII));
        if (nexus != null) {
            // target port: relative target port identifier and SCSI name string, iSCSI protocol
            designator(d, 0x51, 0x94, new byte[] {0, 0, 0, RELATIVE_TARGET_PORT});
            designator(d, 0x53, 0x98, nameString(nexus.targetPortName()));
            // target device: SCSI name string
            designator(d, 0x53, 0xA8, nameString(nexus.targetName()));
        }
        byte[] body = d.toByteArray();
        byte[] b = header(0x83, body.length);
        System.arraycopy(body, 0, b, 4, body.length);
        return b;
    }

    /** A designator: protocol identifier and code set, PIV/association/type, then the value. */
    private static void designator(ByteArrayOutputStream out, int protocolAndCodeSet, int associationAndType, byte[] value) {
        out.write(protocolAndCodeSet);
        out.write(associationAndType);
        out.write(0);
        out.write(value.length);
        out.writeBytes(value);
    }

    /** A SCSI name string designator value: UTF-8, NUL-terminated, padded to a multiple of 4. */
    private static byte[] nameString(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[(utf8.length + 4) & ~3];
        System.arraycopy(utf8, 0, b, 0, utf8.length);
        return b;
    }

    /** A VPD page of {@code length} bytes after its 4-byte header. */
    private static byte[] header(int page, int length) {
        byte[] b = new byte[4 + length];
        b[1] = (byte) page;
        b[2] = (byte) (length >>> 8);
        b[3] = (byte) length;
        return b;
    }

    private static void ascii(byte[] b, int at, String s, int width) {
        byte[] text = pad(s, width).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, b, at, width);
    }

    private static String pad(String s, int width) {
        StringBuilder sb = new StringBuilder(s);
        while (sb.length() < width) {
            sb.append(' ');
        }
        return sb.substring(0, width);
    }
}
