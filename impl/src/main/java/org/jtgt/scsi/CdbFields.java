package org.jtgt.scsi;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a CDB says a command does to the medium: its operation (code, service action, name),
 * the logical blocks it addresses, and whether it reads, writes, verifies, flushes or unmaps
 * them. Fault rules match on these fields and the I/O journal records them; both decode CDBs
 * here and nowhere else.
 *
 * <p>Block ranges are decoded for READ, WRITE, VERIFY and WRITE AND VERIFY in their 6, 10, 12
 * and 16 byte forms, ORWRITE(16), WRITE ATOMIC(16), COMPARE AND WRITE, WRITE SAME 10/16,
 * PRE-FETCH and SYNCHRONIZE CACHE 10/16 (the last three with 0 blocks meaning "to the end of
 * the medium"), and UNMAP, whose ranges are in its parameter list: given that list, every block
 * descriptor in it, otherwise none and {@link #rangesKnown()} is false. Other commands address
 * no blocks. A CDB too short for its layout decodes to no blocks; nothing here throws for
 * malformed input.
 *
 * <p>Immutable; the static tables are built once.
 */
public final class CdbFields {

    /** What a command does to the blocks it addresses. */
    public enum Access {
        /** Returns their data: READ. */
        READ,
        /** Changes them: WRITE, WRITE AND VERIFY, WRITE SAME, ORWRITE, WRITE ATOMIC, COMPARE AND WRITE. */
        WRITE,
        /** Reads them without returning data: VERIFY. */
        VERIFY,
        /** Makes their cached data durable: SYNCHRONIZE CACHE. */
        FLUSH,
        /** Deallocates them: UNMAP. */
        UNMAP,
        /** Anything else (PRE-FETCH addresses blocks but neither reads nor changes them). */
        OTHER
    }

    private static final String[] NAMES = new String[256];
    private static final Access[] ACCESS = new Access[256];
    private static final Map<Integer, String> SERVICE_ACTION_NAMES = new HashMap<>();
    private static final Map<String, BitSet> BY_NAME = new HashMap<>();
    private static final int SERVICE_ACTION_IN_16 = 0x9E;
    private static final int MAINTENANCE_IN = 0xA3;
    private static final int UNMAP = 0x42;
    private static final int COMPARE_AND_WRITE = 0x89;
    private static final int WRITE_ATOMIC_16 = 0x9C;
    private static final int UNMAP_DESCRIPTORS_AT = 8;
    private static final int UNMAP_DESCRIPTOR_LENGTH = 16;
    private static final List<LbaRange> NONE = List.of();
    /** CDB lengths by opcode group (SPC-4 §4.2.5.1); block commands are in groups 0, 1, 2, 4 and 5. */
    private static final int[] LENGTH_BY_GROUP = {6, 10, 10, 16, 16, 12, 16, 16};

    static {
        for (int i = 0; i < 256; i++) {
            NAMES[i] = String.format("OPERATION 0x%02X", i);
            ACCESS[i] = Access.OTHER;
        }
        name(0x00, "TEST UNIT READY", Access.OTHER);
        name(0x03, "REQUEST SENSE", Access.OTHER);
        name(0x04, "FORMAT UNIT", Access.OTHER);
        name(0x07, "REASSIGN BLOCKS", Access.OTHER);
        name(0x08, "READ(6)", Access.READ);
        name(0x0A, "WRITE(6)", Access.WRITE);
        name(0x12, "INQUIRY", Access.OTHER);
        name(0x15, "MODE SELECT(6)", Access.OTHER);
        name(0x16, "RESERVE(6)", Access.OTHER);
        name(0x17, "RELEASE(6)", Access.OTHER);
        name(0x1A, "MODE SENSE(6)", Access.OTHER);
        name(0x1B, "START STOP UNIT", Access.OTHER);
        name(0x1C, "RECEIVE DIAGNOSTIC RESULTS", Access.OTHER);
        name(0x1D, "SEND DIAGNOSTIC", Access.OTHER);
        name(0x1E, "PREVENT ALLOW MEDIUM REMOVAL", Access.OTHER);
        name(0x25, "READ CAPACITY(10)", Access.OTHER);
        name(0x28, "READ(10)", Access.READ);
        name(0x2A, "WRITE(10)", Access.WRITE);
        name(0x2E, "WRITE AND VERIFY(10)", Access.WRITE);
        name(0x2F, "VERIFY(10)", Access.VERIFY);
        name(0x34, "PRE-FETCH(10)", Access.OTHER);
        name(0x35, "SYNCHRONIZE CACHE(10)", Access.FLUSH);
        name(0x37, "READ DEFECT DATA(10)", Access.OTHER);
        name(0x3B, "WRITE BUFFER", Access.OTHER);
        name(0x3C, "READ BUFFER", Access.OTHER);
        name(0x41, "WRITE SAME(10)", Access.WRITE);
        name(UNMAP, "UNMAP", Access.UNMAP);
        name(Opcodes.SANITIZE, "SANITIZE", Access.OTHER);
        name(0x4C, "LOG SELECT", Access.OTHER);
        name(0x4D, "LOG SENSE", Access.OTHER);
        name(0x55, "MODE SELECT(10)", Access.OTHER);
        name(0x56, "RESERVE(10)", Access.OTHER);
        name(0x57, "RELEASE(10)", Access.OTHER);
        name(0x5A, "MODE SENSE(10)", Access.OTHER);
        name(0x5E, "PERSISTENT RESERVE IN", Access.OTHER);
        name(0x5F, "PERSISTENT RESERVE OUT", Access.OTHER);
        name(0x83, "EXTENDED COPY", Access.OTHER);
        name(0x84, "RECEIVE COPY RESULTS", Access.OTHER);
        name(0x88, "READ(16)", Access.READ);
        name(COMPARE_AND_WRITE, "COMPARE AND WRITE", Access.WRITE);
        name(0x8A, "WRITE(16)", Access.WRITE);
        name(0x8B, "ORWRITE(16)", Access.WRITE);
        name(0x8E, "WRITE AND VERIFY(16)", Access.WRITE);
        name(0x8F, "VERIFY(16)", Access.VERIFY);
        name(0x90, "PRE-FETCH(16)", Access.OTHER);
        name(0x91, "SYNCHRONIZE CACHE(16)", Access.FLUSH);
        name(0x93, "WRITE SAME(16)", Access.WRITE);
        name(WRITE_ATOMIC_16, "WRITE ATOMIC(16)", Access.WRITE);
        name(SERVICE_ACTION_IN_16, "SERVICE ACTION IN(16)", Access.OTHER);
        name(0xA0, "REPORT LUNS", Access.OTHER);
        name(MAINTENANCE_IN, "MAINTENANCE IN", Access.OTHER);
        name(0xA8, "READ(12)", Access.READ);
        name(0xAA, "WRITE(12)", Access.WRITE);
        name(0xAE, "WRITE AND VERIFY(12)", Access.WRITE);
        name(0xAF, "VERIFY(12)", Access.VERIFY);
        name(0xB7, "READ DEFECT DATA(12)", Access.OTHER);
        serviceAction(SERVICE_ACTION_IN_16, 0x10, "READ CAPACITY(16)");
        serviceAction(SERVICE_ACTION_IN_16, 0x12, "GET LBA STATUS");
        serviceAction(MAINTENANCE_IN, 0x0A, "REPORT TARGET PORT GROUPS");
        serviceAction(MAINTENANCE_IN, 0x0C, "REPORT SUPPORTED OPERATION CODES");
        serviceAction(MAINTENANCE_IN, 0x0D, "REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS");
    }

    private static void name(int opcode, String name, Access access) {
        NAMES[opcode] = name;
        ACCESS[opcode] = access;
        index(name, opcode);
    }

    private static void serviceAction(int opcode, int serviceAction, String name) {
        SERVICE_ACTION_NAMES.put(opcode << 8 | serviceAction, name);
        index(name, opcode);
    }

    /** Finds {@code READ(10)} as READ(10), READ_10 or read10, and its family READ as READ. */
    private static void index(String name, int opcode) {
        BY_NAME.computeIfAbsent(key(name), k -> new BitSet(256)).set(opcode);
        int paren = name.indexOf('(');
        if (paren > 0) {
            BY_NAME.computeIfAbsent(key(name.substring(0, paren)), k -> new BitSet(256)).set(opcode);
        }
    }

    private static String key(String name) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }

    private final int opcode;
    private final int serviceAction;
    private final List<LbaRange> ranges;
    private final boolean rangesKnown;
    private final boolean fua;

    private CdbFields(int opcode, int serviceAction, List<LbaRange> ranges, boolean rangesKnown, boolean fua) {
        this.opcode = opcode;
        this.serviceAction = serviceAction;
        this.ranges = ranges;
        this.rangesKnown = rangesKnown;
        this.fua = fua;
    }

    /** Decodes a CDB; UNMAP's ranges stay unknown. */
    public static CdbFields decode(ByteBuffer cdb) {
        return decode(cdb, null);
    }

    /**
     * Decodes a CDB, and for UNMAP the block descriptors of its parameter list.
     *
     * @param cdb the CDB, from index 0 to its limit; not changed
     * @param parameterData the data-out of the command from index 0 to its limit, or {@code null}
     */
    public static CdbFields decode(ByteBuffer cdb, ByteBuffer parameterData) {
        if (cdb.limit() == 0) {
            return new CdbFields(-1, -1, NONE, true, false);
        }
        int opcode = Cdbs.u8(cdb, 0);
        int serviceAction = (opcode == SERVICE_ACTION_IN_16 || opcode == MAINTENANCE_IN) && cdb.limit() > 1 ? Cdbs.u8(cdb, 1) & 0x1F : -1;
        if (ACCESS[opcode] == Access.OTHER && !prefetch(opcode)) {
            return new CdbFields(opcode, serviceAction, NONE, true, false);
        }
        if (opcode == UNMAP) {
            return parameterData == null ? new CdbFields(opcode, -1, NONE, false, false)
                    : new CdbFields(opcode, -1, unmapRanges(parameterData), true, false);
        }
        if (cdb.limit() < LENGTH_BY_GROUP[opcode >>> 5]) {
            return new CdbFields(opcode, serviceAction, NONE, true, false);
        }
        BlockCdb fields;
        if (opcode == COMPARE_AND_WRITE) {
            fields = new BlockCdb(Cdbs.u64(cdb, 2), Cdbs.u8(cdb, 13), Cdbs.u8(cdb, 1));
        } else if (opcode == WRITE_ATOMIC_16) {
            fields = new BlockCdb(Cdbs.u64(cdb, 2), Cdbs.u16(cdb, 12), Cdbs.u8(cdb, 1));
        } else {
            fields = BlockCdb.decode(cdb);
        }
        long blocks = fields.blocks() == 0 && zeroMeansToEnd(opcode) ? LbaRange.TO_END : fields.blocks();
        if (fields.lba() < 0) {
            return new CdbFields(opcode, serviceAction, NONE, true, false);     // beyond any medium: addresses nothing real
        }
        boolean fua = ACCESS[opcode] == Access.WRITE && fields.fua();
        return new CdbFields(opcode, serviceAction, List.of(new LbaRange(fields.lba(), blocks)), true, fua);
    }

    private static boolean prefetch(int opcode) {
        return opcode == 0x34 || opcode == 0x90;
    }

    /** SBC-3: WRITE SAME, PRE-FETCH and SYNCHRONIZE CACHE with 0 blocks reach to the end of the medium. */
    private static boolean zeroMeansToEnd(int opcode) {
        return ACCESS[opcode] == Access.FLUSH || prefetch(opcode) || opcode == 0x41 || opcode == 0x93;
    }

    /** The block descriptors of an UNMAP parameter list (SBC-3 §5.28.2), as many as it holds. */
    private static List<LbaRange> unmapRanges(ByteBuffer data) {
        if (data.limit() < UNMAP_DESCRIPTORS_AT) {
            return NONE;
        }
        int declared = Cdbs.u16(data, 2);
        int available = Math.min(declared, data.limit() - UNMAP_DESCRIPTORS_AT);
        int count = available / UNMAP_DESCRIPTOR_LENGTH;
        LbaRange[] ranges = new LbaRange[count];
        int kept = 0;
        for (int i = 0; i < count; i++) {
            int at = UNMAP_DESCRIPTORS_AT + i * UNMAP_DESCRIPTOR_LENGTH;
            long lba = Cdbs.u64(data, at);
            if (lba >= 0) {
                ranges[kept++] = new LbaRange(lba, Cdbs.u32(data, at + 8));
            }
        }
        return List.of(Arrays.copyOf(ranges, kept));
    }

    /** The operation code, or -1 for an empty CDB. */
    public int opcode() {
        return opcode;
    }

    /** The service action of SERVICE ACTION IN(16) and MAINTENANCE IN, else -1. */
    public int serviceAction() {
        return serviceAction;
    }

    /** The name, e.g. {@code READ(10)}, {@code READ CAPACITY(16)}, {@code OPERATION 0xC1}. */
    public String name() {
        return opcode < 0 ? "EMPTY CDB" : name(opcode, serviceAction);
    }

    /** The name of an operation code (and service action, -1 for none). */
    public static String name(int opcode, int serviceAction) {
        if (serviceAction >= 0) {
            String named = SERVICE_ACTION_NAMES.get(opcode << 8 | serviceAction);
            if (named != null) {
                return named;
            }
        }
        return NAMES[opcode & 0xFF];
    }

    public Access access() {
        return opcode < 0 ? Access.OTHER : ACCESS[opcode];
    }

    /** What an operation code does to the blocks it addresses. */
    public static Access access(int opcode) {
        return ACCESS[opcode & 0xFF];
    }

    /** The block ranges the command addresses, in CDB or parameter list order; empty for none. */
    public List<LbaRange> ranges() {
        return ranges;
    }

    /** False only for an UNMAP decoded without its parameter list. */
    public boolean rangesKnown() {
        return rangesKnown;
    }

    /** The first block of the first range, or -1. */
    public long lba() {
        return ranges.isEmpty() ? -1 : ranges.get(0).lba();
    }

    /** The blocks of the first range, 0 without one, {@link LbaRange#TO_END} to the end of the medium. */
    public long blocks() {
        return ranges.isEmpty() ? 0 : ranges.get(0).blocks();
    }

    /** Whether a write asks for force unit access (its data durable before GOOD). */
    public boolean fua() {
        return fua;
    }

    /** Whether any range holds a block from {@code first} to {@code last}, inclusive. */
    public boolean touches(long first, long last) {
        for (int i = 0; i < ranges.size(); i++) {
            if (ranges.get(i).overlaps(first, last)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The operation codes a name stands for: an operation ({@code READ(10)}, {@code READ_10},
     * {@code read10}), a family of them without the CDB length ({@code READ} is READ 6, 10, 12
     * and 16; {@code SYNCHRONIZE_CACHE} both forms), or a code ({@code 0x28}, {@code 28h}).
     * Service actions name their operation code ({@code READ CAPACITY(16)} is 0x9E).
     *
     * @return a new set of opcodes
     * @throws IllegalArgumentException for a name that is none of these
     */
    public static BitSet opcodes(String name) {
        String s = name.trim();
        Integer code = hexCode(s);
        if (code != null) {
            BitSet one = new BitSet(256);
            one.set(code);
            return one;
        }
        BitSet named = BY_NAME.get(key(s));
        if (named == null) {
            throw new IllegalArgumentException("unknown operation '" + s
                    + "': use a name such as READ, WRITE(10), WRITE_SAME, SYNCHRONIZE_CACHE, UNMAP, or a code such as 0x28");
        }
        return (BitSet) named.clone();
    }

    private static Integer hexCode(String s) {
        if (s.startsWith("0x") || s.startsWith("0X")) {
            if (!s.matches("0[xX][0-9a-fA-F]{1,2}")) {
                throw new IllegalArgumentException("'" + s + "' is not an operation code: one byte in hex, 0x00 to 0xFF");
            }
            return Integer.parseInt(s.substring(2), 16);
        }
        if (s.matches("[0-9a-fA-F]{1,2}[hH]")) {
            return Integer.parseInt(s.substring(0, s.length() - 1), 16);
        }
        return null;
    }

    @Override
    public String toString() {
        return name() + (ranges.isEmpty() ? rangesKnown ? "" : " ranges unknown" : " " + ranges);
    }
}
