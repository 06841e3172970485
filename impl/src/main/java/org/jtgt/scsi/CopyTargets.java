package org.jtgt.scsi;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jtgt.api.ScsiException;

/**
 * Which copy targets the copy manager of a disk reaches: the disk itself, and nothing else. An
 * identification descriptor CSCD descriptor (E4h) reaches it when its designator (code set,
 * association, designator type and value; the protocol identifier and PIV are ignored) equals
 * one of the logical unit designators of the disk's Device Identification VPD page (0x83) —
 * the NAA and T10 vendor designators jtgt reports, whichever the initiator picked — and then
 * must describe a direct-access block device (PERIPHERAL DEVICE TYPE 0) with the disk's block
 * length.
 *
 * <p>Otherwise the copy is aborted: COPY ABORTED, UNREACHABLE COPY TARGET for a designator of
 * no logical unit here (another device, a target port); COPY ABORTED, INCORRECT COPY TARGET
 * DEVICE TYPE for another device type; ILLEGAL REQUEST, INVALID FIELD IN PARAMETER LIST
 * (pointing at DISK BLOCK LENGTH) for a wrong block length.
 *
 * <p>Immutable; thread-safe.
 */
final class CopyTargets {

    private static final int LOGICAL_UNIT = 0;

    /** The designators, each as code set, association and type, length, then the value. */
    private final List<ByteBuffer> designators = new ArrayList<>();
    private final int blockSize;

    /**
     * @param deviceIdentification the disk's VPD page 0x83 (header and designation descriptors)
     * @param blockSize the disk's logical block size
     */
    CopyTargets(byte[] deviceIdentification, int blockSize) {
        this.blockSize = blockSize;
        ByteBuffer page = ByteBuffer.wrap(deviceIdentification);
        int end = 4 + Cdbs.u16(page, 2);
        for (int at = 4; at + 4 <= end; at += 4 + Cdbs.u8(page, at + 3)) {
            if (((Cdbs.u8(page, at + 1) >>> 4) & 0x03) == LOGICAL_UNIT) {
                designators.add(key(page, at).asReadOnlyBuffer());
            }
        }
    }

    /**
     * Checks that a CSCD descriptor names this disk.
     *
     * @param cscd the 32-byte identification descriptor CSCD descriptor
     * @param offset where it starts in the parameter list, for the field pointer
     * @throws ScsiException as described above
     */
    void checkReaches(ByteBuffer cscd, int offset) {
        if (!designators.contains(key(cscd, 4))) {
            throw new ScsiException(SenseCodes.UNREACHABLE_COPY_TARGET);
        }
        if ((Cdbs.u8(cscd, 1) & 0x1F) != 0) {
            throw new ScsiException(SenseCodes.INCORRECT_COPY_TARGET_DEVICE_TYPE);
        }
        if (Cdbs.u24(cscd, 29) != blockSize) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_PARAMETER_LIST.withFieldPointer(false, offset + 29, -1));
        }
    }

    /**
     * The designation descriptor at {@code at} reduced to what identifies a logical unit: code
     * set, association and type, length, value.
     */
    private static ByteBuffer key(ByteBuffer b, int at) {
        int length = Cdbs.u8(b, at + 3);
        ByteBuffer key = ByteBuffer.allocate(3 + length);
        key.put((byte) (b.get(at) & 0x0F)).put((byte) (b.get(at + 1) & 0x3F)).put((byte) length);
        key.put(key.position(), b, at + 4, length);
        return key.clear();
    }
}
