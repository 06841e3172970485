package org.jtgt.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mutates byte strings the way a coverage-blind fuzzer does, with a bias toward the fields an
 * iSCSI header is most sensitive to: bit flips, random and boundary bytes, boundary values in
 * the length fields (TotalAHSLength, DataSegmentLength) and opcode, insertions, deletions,
 * duplicated chunks, splices of two seeds, truncation. Deterministic for a given seed of the
 * random source. Not thread-safe.
 */
final class Mutator {

    private static final int[] INTERESTING = {0x00, 0x01, 0x3F, 0x40, 0x7F, 0x80, 0xC0, 0xFE, 0xFF};

    private final SplittableRandom random;
    private final List<byte[]> seeds;

    Mutator(long seed, List<byte[]> seeds) {
        this.random = new SplittableRandom(seed);
        this.seeds = seeds;
    }

    /** A mutated copy of a random seed, with 1 to 8 mutations. */
    byte[] next() {
        byte[] b = seeds.get(random.nextInt(seeds.size())).clone();
        int rounds = 1 + random.nextInt(8);
        for (int i = 0; i < rounds; i++) {
            b = mutate(b);
        }
        return b;
    }

    private byte[] mutate(byte[] b) {
        if (b.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(b.length);
        switch (random.nextInt(10)) {
            case 0:
                b[at] ^= (byte) (1 << random.nextInt(8));
                return b;
            case 1:
                b[at] = (byte) random.nextInt(256);
                return b;
            case 2:
                b[at] = (byte) INTERESTING[random.nextInt(INTERESTING.length)];
                return b;
            case 3: {
                // a length field of some PDU header: TotalAHSLength or DataSegmentLength
                int header = (at / 48) * 48;
                int field = header + 4 + random.nextInt(4);
                if (field < b.length) {
                    b[field] = (byte) INTERESTING[random.nextInt(INTERESTING.length)];
                }
                return b;
            }
            case 4: {
                // the opcode of some PDU header
                int header = (at / 48) * 48;
                b[header] = (byte) random.nextInt(256);
                return b;
            }
            case 5: {
                int n = 1 + random.nextInt(16);
                byte[] inserted = new byte[b.length + n];
                System.arraycopy(b, 0, inserted, 0, at);
                for (int i = 0; i < n; i++) {
                    inserted[at + i] = (byte) random.nextInt(256);
                }
                System.arraycopy(b, at, inserted, at + n, b.length - at);
                return inserted;
            }
            case 6: {
                int n = Math.min(b.length - at, 1 + random.nextInt(64));
                byte[] shorter = new byte[b.length - n];
                System.arraycopy(b, 0, shorter, 0, at);
                System.arraycopy(b, at + n, shorter, at, b.length - at - n);
                return shorter;
            }
            case 7: {
                int n = Math.min(b.length - at, 1 + random.nextInt(96));
                byte[] longer = Arrays.copyOf(b, b.length + n);
                System.arraycopy(b, at, longer, b.length, n);
                return longer;
            }
            case 8: {
                byte[] other = seeds.get(random.nextInt(seeds.size()));
                int cut = random.nextInt(other.length + 1);
                byte[] spliced = Arrays.copyOf(b, at + other.length - cut);
                System.arraycopy(other, cut, spliced, at, other.length - cut);
                return spliced;
            }
            default:
                return Arrays.copyOf(b, at);
        }
    }
}
