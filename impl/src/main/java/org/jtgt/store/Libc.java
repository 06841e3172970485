package org.jtgt.store;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The few calls of the C library on 64-bit Linux that Java has no API for, through JNA: a
 * descriptor of its own on a file, fallocate(2) and lseek(2) with SEEK_DATA and SEEK_HOLE. The
 * constants are Linux's, the same on every architecture; {@code off_t} is a Java {@code long},
 * which holds only where it is 64 bits wide, hence 64-bit Linux alone.
 *
 * <p>Each call that fails throws {@link LastErrorException} with errno. The binding is
 * stateless and may be called from any thread.
 */
interface Libc extends Library {

    int O_RDWR = 2;

    int FALLOC_FL_KEEP_SIZE = 0x01;
    int FALLOC_FL_PUNCH_HOLE = 0x02;

    int SEEK_DATA = 3;
    int SEEK_HOLE = 4;

    int EINTR = 4;
    int ENXIO = 6;
    int ENOSYS = 38;
    int EOPNOTSUPP = 95;

    /** open(2) without O_CREAT, so without a mode: a descriptor, or errno. */
    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int fallocate(int fd, int mode, long offset, long length) throws LastErrorException;

    long lseek(int fd, long offset, int whence) throws LastErrorException;

    /**
     * Loads the binding.
     *
     * @throws UnsupportedOperationException naming why where it cannot be had: not 64-bit
     *         Linux, or JNA's native part does not load here
     */
    static Libc load() {
        try {
            if (!Platform.isLinux() || !Platform.is64Bit()) {
                throw new UnsupportedOperationException("libc's fallocate and lseek are used on 64-bit Linux only, not on "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            }
            return Native.load(Platform.C_LIBRARY_NAME, Libc.class);
        } catch (LinkageError e) {
            throw new UnsupportedOperationException("JNA cannot reach the C library: " + e, e);
        }
    }
}
