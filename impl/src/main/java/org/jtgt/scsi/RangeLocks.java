package org.jtgt.scsi;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.StampedLock;

/**
 * Write exclusion for one disk, by LBA range: ordinary writes share a range, read-modify-write
 * commands (COMPARE AND WRITE, ORWRITE) own it, so that no other write lands between their
 * read and their write. Reads take no lock.
 *
 * <p>The LBA space is cut into regions of 1 MiB, and region {@code r} is guarded by stripe
 * {@code r mod 64}, a read-write lock. A range is named by the bit mask of the stripes its
 * regions fall on ({@link #stripes}); locking takes those stripes in ascending order, so two
 * commands never wait on each other in a cycle, and a command on one region never stalls
 * writes elsewhere on the disk. A caller locks and unlocks on the same thread, the one that
 * does the store I/O, and holds no stripe when it locks (the locks are not reentrant).
 *
 * <p>The stripes are {@link StampedLock}s seen as {@link ReadWriteLock}s: unlike
 * {@code ReentrantReadWriteLock} they keep no per-thread hold counts, so the shared lock every
 * write takes costs one compare-and-set and allocates nothing, even when two workers write to
 * one stripe at once.
 *
 * <p>Thread-safe.
 */
final class RangeLocks {

    private static final int STRIPES = Long.SIZE;
    private static final int REGION_BYTES_SHIFT = 20;

    private final ReadWriteLock[] stripes = new ReadWriteLock[STRIPES];
    private final int regionShift;

    /** @param blockSize the disk's block size, a power of two of at most 1 MiB */
    RangeLocks(int blockSize) {
        this.regionShift = REGION_BYTES_SHIFT - Integer.numberOfTrailingZeros(blockSize);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new StampedLock().asReadWriteLock();
        }
    }

    /**
     * The stripes that guard {@code blocks} blocks at {@code lba}, a range on the medium; zero
     * (nothing to lock) for an empty range.
     */
    long stripes(long lba, long blocks) {
        if (blocks == 0) {
            return 0;
        }
        long first = lba >>> regionShift;
        long regions = ((lba + blocks - 1) >>> regionShift) - first + 1;
        long run = regions >= STRIPES ? -1L : (1L << regions) - 1;
        return Long.rotateLeft(run, (int) (first % STRIPES));
    }

    void lock(long stripeMask, boolean exclusive) {
        for (long m = stripeMask; m != 0; m &= m - 1) {
            ReadWriteLock stripe = stripes[Long.numberOfTrailingZeros(m)];
            if (exclusive) {
                stripe.writeLock().lock();
            } else {
                stripe.readLock().lock();
            }
        }
    }

    void unlock(long stripeMask, boolean exclusive) {
        for (long m = stripeMask; m != 0; m &= m - 1) {
            ReadWriteLock stripe = stripes[Long.numberOfTrailingZeros(m)];
            if (exclusive) {
                stripe.writeLock().unlock();
            } else {
                stripe.readLock().unlock();
            }
        }
    }
}
