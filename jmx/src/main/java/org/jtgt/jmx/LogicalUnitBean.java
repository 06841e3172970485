package org.jtgt.jmx;

import org.jtgt.fault.FaultHandle;
import org.jtgt.fault.FaultInjector;
import org.jtgt.iscsi.MappedLun;
import org.jtgt.iscsi.ServedTarget;
import org.jtgt.scsi.ScsiDisk;
import org.jtgt.server.JtgtServer;
import org.jtgt.stats.LunStatistics;

/** {@link LogicalUnitMXBean} over a mapped LUN and the engine's statistics of it. Thread-safe. */
final class LogicalUnitBean implements LogicalUnitMXBean {

    private final JtgtServer server;
    private final ServedTarget target;
    private final MappedLun lun;

    LogicalUnitBean(JtgtServer server, ServedTarget target, MappedLun lun) {
        this.server = server;
        this.target = target;
        this.lun = lun;
    }

    private LunStatistics stats() {
        return lun.statistics();
    }

    @Override
    public String getTarget() {
        return target.name();
    }

    @Override
    public int getLun() {
        return lun.lun();
    }

    @Override
    public String getUrl() {
        return server.url(target.name(), lun.lun());
    }

    @Override
    public String getDeviceType() {
        return lun.unit().deviceType();
    }

    @Override
    public long getCapacity() {
        return lun.unit().capacity();
    }

    @Override
    public boolean isReadOnly() {
        return lun.unit() instanceof ScsiDisk disk && disk.readOnly();
    }

    @Override
    public void setReadOnly(boolean readOnly) {
        server.setReadOnly(target.name(), lun.lun(), readOnly);
    }

    @Override
    public long getCommands() {
        return stats().commands();
    }

    @Override
    public long getReads() {
        return stats().reads();
    }

    @Override
    public long getWrites() {
        return stats().writes();
    }

    @Override
    public long getBytesRead() {
        return stats().bytesRead();
    }

    @Override
    public long getBytesWritten() {
        return stats().bytesWritten();
    }

    @Override
    public long getErrors() {
        return stats().errors();
    }

    @Override
    public int getCommandsInFlight() {
        return lun.inFlight();
    }

    @Override
    public double getLatencyP50Micros() {
        return micros(50);
    }

    @Override
    public double getLatencyP99Micros() {
        return micros(99);
    }

    @Override
    public double getLatencyP999Micros() {
        return micros(99.9);
    }

    private double micros(double percentile) {
        return stats().latency().percentile(percentile) / 1000.0;
    }

    @Override
    public boolean isJournalEnabled() {
        return lun.journal().enabled();
    }

    @Override
    public void setJournalEnabled(boolean enabled) {
        lun.journal().setEnabled(enabled);
    }

    @Override
    public int getJournalCapacity() {
        return lun.journal().capacity();
    }

    @Override
    public void setJournalCapacity(int capacity) {
        lun.journal().setCapacity(capacity);
    }

    @Override
    public int getJournalSize() {
        return lun.journal().size();
    }

    @Override
    public long getJournalDropped() {
        return lun.journal().dropped();
    }

    @Override
    public JournalEntryData[] journal(int last) {
        return lun.journal().last(last).stream().map(JournalEntryData::of).toArray(JournalEntryData[]::new);
    }

    @Override
    public void clearJournal() {
        lun.journal().clear();
    }

    private FaultInjector faults() {
        return server.faults().forLun(target.name(), lun.lun());
    }

    @Override
    public String addFault(String rule) {
        return faults().add(rule).id();
    }

    @Override
    public String[] listFaults() {
        return faults().list().stream().map(FaultHandle::toString).toArray(String[]::new);
    }

    @Override
    public boolean removeFault(String id) {
        return faults().remove(id);
    }

    @Override
    public int clearFaults() {
        return faults().clear();
    }
}
