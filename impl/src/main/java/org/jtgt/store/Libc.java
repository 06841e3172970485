package org.jtgt.store;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The few calls of the C library on Linux on x86-64 and AArch64 that Java has no API for,
 * through JNA: a descriptor of its own on a file, fallocate(2) and lseek(2) with SEEK_DATA and
 * SEEK_HOLE. The constants (flags, errno values) are those of these two architectures; some
 * others number them differently, and {@code off_t} is a Java {@code long} only where it is 64
 * bits wide, hence these two alone.
 *
 * <p>Each call that fails throws {@link LastErrorException} with errno. The binding is
 * stateless and may be called from any thread.
 */
interface Libc extends Library {

    int O_RDWR = 2;
    /** Not inherited by a process this one forks (the JDK's own spawning closes it anyway). */
    int O_CLOEXEC = 0x80000;

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
            if (!Platform.isLinux() || !Platform.is64Bit() || !(Platform.isIntel() || Platform.isARM())) {
                throw new UnsupportedOperationException("libc's fallocate and lseek are used on Linux on x86-64 and AArch64 only, not on "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            }
            return Native.load(Platform.C_LIBRARY_NAME, Libc.class);
        } catch (LinkageError e) {
            throw new UnsupportedOperationException("JNA cannot reach the C library: " + e, e);
        }
    }
}
