package org.jtgt.jmx;

/** A logical unit: {@code org.jtgt:type=LogicalUnit,server=<instance>,target="<iqn>",name=<lun>}. */
public interface LogicalUnitMXBean {

    String getTarget();

    int getLun();

    String getUrl();

    String getDeviceType();

    long getCapacity();

    /** Whether the disk refuses writes (DATA PROTECT); writable: true makes it read-only live. */
    boolean isReadOnly();

    /**
     * Makes the disk read-only or writable while it serves; sessions get MODE PARAMETERS
     * CHANGED. Fails for a disk over a read-only store (it cannot become writable) and for
     * plugged-in units that are not jtgt disks.
     */
    void setReadOnly(boolean readOnly);

    long getCommands();

    /** Commands that returned data. */
    long getReads();

    /** Commands that carried data. */
    long getWrites();

    long getBytesRead();

    long getBytesWritten();

    /** Commands that did not end with GOOD status. */
    long getErrors();

    int getCommandsInFlight();

    /** Command latency percentiles in microseconds, from arrival of the command to its status. */
    double getLatencyP50Micros();

    double getLatencyP99Micros();

    double getLatencyP999Micros();
}
