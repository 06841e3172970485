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

    // ---- the I/O journal

    /** Whether the I/O journal records this unit's commands; writable, off by default. */
    boolean isJournalEnabled();

    void setJournalEnabled(boolean enabled);

    /** How many entries the journal keeps (the oldest make room for new ones); writable. */
    int getJournalCapacity();

    void setJournalCapacity(int capacity);

    /** Entries the journal holds. */
    int getJournalSize();

    /** Entries that made room for newer ones since the journal was last cleared. */
    long getJournalDropped();

    /** The newest {@code last} journal entries, oldest first. */
    JournalEntryData[] journal(int last);

    /** Forgets every journal entry and the dropped count. */
    void clearJournal();

    // ---- fault injection

    /**
     * Installs a fault rule for this unit, e.g. {@code medium-error lba=1000-1007 count=1} or
     * {@code latency 50ms opcode=READ probability=0.1}; a rule that does not parse is refused
     * with a message saying why.
     *
     * @return the rule's id, for {@link #removeFault}
     */
    String addFault(String rule);

    /** The fault rules installed for this unit: {@code id rule (fired n)}. */
    String[] listFaults();

    /** Removes a rule of this unit by id; the responses it stalled are sent. */
    boolean removeFault(String id);

    /** Removes every rule of this unit; returns how many. */
    int clearFaults();
}
