package org.jtgt.jmx;

/** A running jtgt server: {@code org.jtgt:type=Server,name=<instance>}. */
public interface ServerMXBean {

    String getName();

    String getVersion();

    /** Start time, milliseconds since the epoch. */
    long getStartTime();

    long getUptimeSeconds();

    /** Bound portals, {@code host:port}. */
    String[] getPortals();

    String[] getTargets();

    /** {@code iscsi://} URL of every LUN. */
    String[] getLunUrls();

    int getSessionCount();

    int getThreadCount();

    /** Bytes of data buffers held by commands in flight; back to zero when the target is idle. */
    long getBufferBytesInUse();

    /** Bytes of released data buffers kept for reuse. */
    long getBufferBytesIdle();

    /** Adds a target without LUNs. */
    void addTarget(String name, String alias);

    /** Removes a target; its sessions end. */
    void removeTarget(String name);

    /** Adds a disk over a store URI (e.g. {@code memory:1G}); returns its URL. */
    String addLun(String target, int lun, String storeUri);

    void removeLun(String target, int lun);

    /** Ends the session with this id ({@code isid-tsih}); false if there is none. */
    boolean closeSession(String id);
}
