package org.jtgt.api;

/** Which task management reset reached a logical unit (SAM-5 §7, RFC 7143 §11.5.1). */
public enum ResetKind {
    /** LOGICAL UNIT RESET: this unit only. */
    LOGICAL_UNIT,
    /** TARGET WARM RESET: every unit of the target. */
    TARGET_WARM,
    /** TARGET COLD RESET: every unit of the target; every session of the target then ends. */
    TARGET_COLD
}
