package org.jtgt.scsi;

import java.nio.ByteBuffer;
import java.util.List;
import org.jtgt.api.ScsiException;
import org.jtgt.api.SenseData;

/**
 * Moves the blocks of an EXTENDED COPY from one range of a disk's medium to another: a read then
 * a write per chunk of at most {@value #CHUNK_BYTES} bytes, staged through one buffer per
 * thread, so a copy of any length allocates nothing. Overlapping ranges are copied as if the
 * whole source were read first (back to front when the destination lies after the source).
 * A store error stops the copy with COPY ABORTED and the additional sense code the store's
 * error carries (UNRECOVERED READ ERROR, WRITE ERROR, with the failing LBA); the chunks before
 * the failing one are written. {@link Progress} hears of blocks written in order from the start
 * of a segment only, so a segment copied back to front counts once it is complete.
 *
 * <p>Must run where the store allows and under the exclusive range lock of both ranges of
 * every segment (see {@link StoreRunner#readModifyWrite(org.jtgt.api.ScsiCommand, java.util.Collection, Runnable)}):
 * the destination then receives exactly what the source held when the copy began. Stateless;
 * thread-safe.
 */
final class CopyEngine {

    /** A segment of a copy: {@code blocks} blocks from {@code sourceLba} to {@code destinationLba}, both on the medium. */
    record Segment(long sourceLba, long destinationLba, long blocks) {
    }

    /** What the copy has done so far, as RECEIVE COPY RESULTS reports it. */
    interface Progress {
        /** Segment {@code index} (from 0) starts. */
        void segment(int index);

        /** {@code blocks} more blocks were written to the destination. */
        void written(long blocks);
    }

    static final int CHUNK_BYTES = 256 * 1024;
    private static final ThreadLocal<ByteBuffer> CHUNK = ThreadLocal.withInitial(() -> ByteBuffer.allocate(CHUNK_BYTES));

    private final Medium medium;

    CopyEngine(Medium medium) {
        this.medium = medium;
    }

    /** Copies each segment in order. */
    void copy(List<Segment> segments, Progress progress) {
        for (int i = 0; i < segments.size(); i++) {
            progress.segment(i);
            copy(segments.get(i), progress);
        }
    }

    private void copy(Segment s, Progress progress) {
        ByteBuffer chunk = CHUNK.get();
        int perChunk = CHUNK_BYTES / medium.blockSize();
        boolean backwards = s.destinationLba() > s.sourceLba() && s.destinationLba() - s.sourceLba() < s.blocks();
        for (long done = 0; done < s.blocks();) {
            int n = (int) Math.min(perChunk, s.blocks() - done);
            long at = backwards ? s.blocks() - done - n : done;
            chunk.clear().limit(n * medium.blockSize());
            try {
                medium.read(s.sourceLba() + at, chunk);
                medium.write(s.destinationLba() + at, chunk.flip());
            } catch (ScsiException e) {
                throw new ScsiException(copyAborted(e.sense()));
            }
            if (!backwards) {
                progress.written(n);
            }
            done += n;
        }
        if (backwards) {
            progress.written(s.blocks());
        }
    }

    /** COPY ABORTED with the additional sense code and INFORMATION of a copy target's error. */
    private static SenseData copyAborted(SenseData cause) {
        SenseData aborted = SenseData.of(SenseCodes.COPY_ABORTED.key(), cause.asc(), cause.ascq());
        return cause.information() == null ? aborted : aborted.withInformation(cause.information());
    }
}
