package org.jtgt.iscsi;

/**
 * What a server grants initiators, so that none can exhaust it (issue 5, DESIGN.md §3
 * back-pressure). Immutable.
 *
 * @param connectionsPerPortal open connections one portal accepts; more are closed at once
 * @param connectionsPerAddress open connections from one peer address across all portals
 * @param sessions sessions the server holds; a login beyond fails with OUT OF RESOURCES
 * @param sessionsPerInitiator sessions one initiator name holds
 * @param maxTransferBytes the largest Expected Data Transfer Length of a write; larger is
 *        refused with INVALID FIELD IN CDB before anything is allocated
 * @param connectionBufferBytes data buffers (write data, data-in) one connection may hold at
 *        once; a command that would exceed it ends with TASK SET FULL and the initiator retries
 */
public record Limits(
        int connectionsPerPortal,
        int connectionsPerAddress,
        int sessions,
        int sessionsPerInitiator,
        int maxTransferBytes,
        long connectionBufferBytes) {

    public Limits {
        positive("connectionsPerPortal", connectionsPerPortal);
        positive("connectionsPerAddress", connectionsPerAddress);
        positive("sessions", sessions);
        positive("sessionsPerInitiator", sessionsPerInitiator);
        positive("maxTransferBytes", maxTransferBytes);
        if (connectionBufferBytes < maxTransferBytes) {
            throw new IllegalArgumentException("connectionBufferBytes " + connectionBufferBytes + " must hold one largest transfer ("
                    + maxTransferBytes + ")");
        }
    }

    /** 1024 connections per portal, 64 per address, 4096 sessions, 64 per initiator, 16 MiB transfers, 64 MiB per connection. */
    public static Limits defaults() {
        return new Limits(1024, 64, 4096, 64, 16 << 20, 64L << 20);
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + value);
        }
    }
}
