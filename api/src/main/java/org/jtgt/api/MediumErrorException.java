package org.jtgt.api;

import java.io.IOException;

/**
 * Thrown by a {@link BackingStore} when bytes at a known offset cannot be read or written. The
 * engine reports MEDIUM ERROR with the logical block that holds {@link #offset()} in the sense
 * data's INFORMATION field.
 */
public class MediumErrorException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long offset;

    /**
     * @param offset the byte offset in the store of the first byte that failed
     * @param message what failed, for the log
     */
    public MediumErrorException(long offset, String message) {
        super(message);
        this.offset = offset;
    }

    /** The byte offset in the store of the first byte that failed. */
    public long offset() {
        return offset;
    }
}
