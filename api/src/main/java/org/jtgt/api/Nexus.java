package org.jtgt.api;

import java.util.Objects;

/**
 * An I_T nexus: which initiator port talks to which target port. Logical units use it for
 * everything that SCSI keeps per nexus: reservations, unit attentions, sense data.
 *
 * @param initiatorName the initiator's iSCSI name, e.g. {@code iqn.1994-05.com.redhat:abc}
 * @param isid the session's ISID as 12 lower-case hex digits
 * @param targetName the target's iSCSI name
 * @param portalGroupTag the target portal group tag of the session
 */
public record Nexus(String initiatorName, String isid, String targetName, int portalGroupTag) {

    public Nexus {
        Objects.requireNonNull(initiatorName, "initiatorName");
        Objects.requireNonNull(isid, "isid");
        Objects.requireNonNull(targetName, "targetName");
    }

    /** The SCSI initiator port name (RFC 7143 §4.4.2): {@code name,i,0xISID}. */
    public String initiatorPortName() {
        return initiatorName + ",i,0x" + isid;
    }

    /** The SCSI target port name: {@code name,t,0xTPGT}. */
    public String targetPortName() {
        return targetName + ",t,0x" + String.format("%04x", portalGroupTag);
    }

    @Override
    public String toString() {
        return initiatorPortName() + " -> " + targetPortName();
    }
}
