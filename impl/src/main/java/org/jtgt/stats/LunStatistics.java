package org.jtgt.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the engine measured for one logical unit: commands, data moved, errors and command
 * latency (from the arrival of the command PDU to the queuing of its status, so data-out
 * collection and store time included). Updated from every I/O worker; thread-safe.
 */
public final class LunStatistics {

    private final LongAdder commands = new LongAdder();
    private final LongAdder reads = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LatencyHistogram latency = new LatencyHistogram();

    /**
     * Records one finished command.
     *
     * @param dataIn bytes sent to the initiator
     * @param dataOut bytes received from it
     * @param good whether it ended with GOOD status
     * @param nanos its latency
     */
    public void record(long dataIn, long dataOut, boolean good, long nanos) {
        commands.increment();
        if (dataIn > 0) {
            reads.increment();
            bytesRead.add(dataIn);
        }
        if (dataOut > 0) {
            writes.increment();
            bytesWritten.add(dataOut);
        }
        if (!good) {
            errors.increment();
        }
        latency.record(nanos);
    }

    public long commands() {
        return commands.sum();
    }

    /** Commands that returned data. */
    public long reads() {
        return reads.sum();
    }

    /** Commands that carried data. */
    public long writes() {
        return writes.sum();
    }

    public long bytesRead() {
        return bytesRead.sum();
    }

    public long bytesWritten() {
        return bytesWritten.sum();
    }

    /** Commands that did not end with GOOD status. */
    public long errors() {
        return errors.sum();
    }

    public LatencyHistogram latency() {
        return latency;
    }
}
