package org.jtgt.testing;

import java.net.InetSocketAddress;
import org.jtgt.iscsi.ConnectionChannel;

/**
 * The socketless side of a {@link ConnectionChannel} for tests and benchmarks that drive a
 * connection on the calling thread, which plays its owning worker: tasks run inline, the
 * addresses are fixed loopback ones, and closing only records why. Subclasses decide what
 * sending does and which codec settings they apply.
 */
public abstract class InlineChannel implements ConnectionChannel {

    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 3260);
    private static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 40000);

    /** Why the connection was closed, or {@code null} while it is open. */
    public String closedReason;

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    @Override
    public boolean inOwnerThread() {
        return true;
    }

    @Override
    public void closeAfterFlush(String reason) {
        closedReason = reason;
    }

    @Override
    public void close(String reason) {
        closedReason = reason;
    }

    @Override
    public InetSocketAddress localAddress() {
        return LOCAL;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return REMOTE;
    }
}
