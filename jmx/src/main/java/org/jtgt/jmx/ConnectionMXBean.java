package org.jtgt.jmx;

/** A connection: {@code org.jtgt:type=Connection,server=<instance>,session=<isid-tsih>,name=<cid>}. */
public interface ConnectionMXBean {

    int getCid();

    String getPeerAddress();

    String getLocalAddress();

    /** The index of the I/O worker that owns it now. */
    int getWorker();

    /** PDUs waiting to be written. */
    int getQueuedPdusOut();

    /** Bytes received and not yet framed into a PDU (inbound PDUs are handled as they are framed). */
    int getPendingBytesIn();

    int getActiveTasks();

    long getPdusIn();

    long getPdusOut();

    long getBytesIn();

    long getBytesOut();

    boolean isHeaderDigest();

    boolean isDataDigest();
}
