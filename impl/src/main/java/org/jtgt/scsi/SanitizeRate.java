package org.jtgt.scsi;

/**
 * How fast a disk's sanitize operations go: at most {@code bytesPerSecond} bytes of the medium
 * per second, for every pass, or as fast as the store allows when {@link #UNLIMITED}. Real media
 * take minutes to hours to sanitize; a limited rate lets an initiator under test see (and a
 * test suite such as libiscsi's check) what a disk does while a sanitize operation is in
 * progress, even on a small memory disk. The {@code disk} option {@code sanitizerate} sets it.
 *
 * <p>Immutable; a pure function of its arguments, so it is tested without clocks.
 *
 * @param bytesPerSecond the limit, or 0 for none
 */
record SanitizeRate(long bytesPerSecond) {

    static final SanitizeRate UNLIMITED = new SanitizeRate(0);

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    SanitizeRate {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("sanitize rate " + bytesPerSecond);
        }
    }

    /**
     * How long to wait before processing more, once {@code bytesDone} bytes took
     * {@code elapsedNanos}: the time those bytes are due at this rate minus the time they
     * took, or 0 if they are not ahead of it (and always 0 without a limit).
     */
    long delayNanos(long bytesDone, long elapsedNanos) {
        if (bytesPerSecond == 0) {
            return 0;
        }
        double due = (double) bytesDone * NANOS_PER_SECOND / bytesPerSecond;
        return Math.max(0, (long) due - elapsedNanos);
    }
}
