package org.jtgt.login;

/**
 * The target's side of operational key negotiation: the most it allows for each key and what
 * it declares. Immutable; one instance is shared by every login of a server.
 *
 * @param maxRecvDataSegmentLength the largest data segment the target receives (declared)
 * @param maxBurstLength the largest MaxBurstLength the target accepts
 * @param firstBurstLength the largest FirstBurstLength the target accepts
 * @param maxOutstandingR2T the largest MaxOutstandingR2T the target accepts
 * @param immediateData whether the target accepts immediate data (ImmediateData is AND)
 * @param initialR2T whether the target insists on InitialR2T=Yes (InitialR2T is OR)
 * @param dataDigest whether the target accepts CRC32C data digests
 * @param headerDigest whether the target accepts CRC32C header digests
 * @param defaultTime2Wait the target's DefaultTime2Wait (the result is the maximum)
 * @param defaultTime2Retain the target's DefaultTime2Retain (the result is the minimum)
 * @param commandWindow how many commands an initiator may have outstanding (MaxCmdSN window)
 */
public record NegotiationSettings(
        int maxRecvDataSegmentLength,
        int maxBurstLength,
        int firstBurstLength,
        int maxOutstandingR2T,
        boolean immediateData,
        boolean initialR2T,
        boolean headerDigest,
        boolean dataDigest,
        int defaultTime2Wait,
        int defaultTime2Retain,
        int commandWindow) {

    /** The largest value a 24-bit length key may take. */
    public static final int MAX_LENGTH = 0xFFFFFF;

    public NegotiationSettings {
        checkRange("MaxRecvDataSegmentLength", maxRecvDataSegmentLength, 512, MAX_LENGTH);
        checkRange("MaxBurstLength", maxBurstLength, 512, MAX_LENGTH);
        checkRange("FirstBurstLength", firstBurstLength, 512, maxBurstLength);
        checkRange("MaxOutstandingR2T", maxOutstandingR2T, 1, 65535);
        checkRange("DefaultTime2Wait", defaultTime2Wait, 0, 3600);
        checkRange("DefaultTime2Retain", defaultTime2Retain, 0, 3600);
        checkRange("command window", commandWindow, 1, 1 << 16);
    }

    /** The defaults: 256 KiB segments, bursts up to 16 MiB, both digests allowed. */
    public static NegotiationSettings defaults() {
        return new NegotiationSettings(262144, 16776192, 16776192, 16, true, false, true, true, 2, 20, 128);
    }

    private static void checkRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " " + value + " is outside " + min + ".." + max);
        }
    }
}
