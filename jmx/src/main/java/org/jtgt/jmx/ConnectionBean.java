package org.jtgt.jmx;

import org.jtgt.iscsi.ConnectionChannel;
import org.jtgt.iscsi.IscsiConnection;
import org.jtgt.transport.ChannelConnection;

/** {@link ConnectionMXBean} over a connection and its transport. Thread-safe (figures may be a moment old). */
final class ConnectionBean implements ConnectionMXBean {

    private final IscsiConnection connection;
    private final ChannelConnection transport;

    ConnectionBean(IscsiConnection connection) {
        this.connection = connection;
        ConnectionChannel channel = connection.channel();
        this.transport = channel instanceof ChannelConnection ? (ChannelConnection) channel : null;
    }

    @Override
    public int getCid() {
        return connection.cid();
    }

    @Override
    public String getPeerAddress() {
        return Addresses.hostPort(connection.channel().remoteAddress());
    }

    @Override
    public String getLocalAddress() {
        return Addresses.hostPort(connection.channel().localAddress());
    }

    @Override
    public int getWorker() {
        return transport == null ? -1 : transport.owner().index();
    }

    @Override
    public int getQueuedPdusOut() {
        return transport == null ? 0 : transport.queuedPdus();
    }

    @Override
    public int getPendingBytesIn() {
        return transport == null ? 0 : transport.pendingBytesIn();
    }

    @Override
    public int getActiveTasks() {
        return connection.activeTasks();
    }

    @Override
    public long getPdusIn() {
        return transport == null ? 0 : transport.pdusIn();
    }

    @Override
    public long getPdusOut() {
        return transport == null ? 0 : transport.pdusOut();
    }

    @Override
    public long getBytesIn() {
        return transport == null ? 0 : transport.bytesIn();
    }

    @Override
    public long getBytesOut() {
        return transport == null ? 0 : transport.bytesOut();
    }

    @Override
    public boolean isHeaderDigest() {
        return connection.session() != null && connection.session().parameters().headerDigest();
    }

    @Override
    public boolean isDataDigest() {
        return connection.session() != null && connection.session().parameters().dataDigest();
    }
}
