package org.jtgt.login;

import java.util.List;

/**
 * One complete login request as the negotiator sees it: the stage fields of the header and the
 * keys of its data segment (gathered across PDUs with the C bit).
 *
 * @param transit the T bit: the initiator wants to move to {@code nextStage}
 * @param currentStage CSG: 0 security negotiation, 1 login operational negotiation
 * @param nextStage NSG, meaningful only with {@code transit}: 1 operational, 3 full feature
 * @param versionMax Version-max
 * @param versionMin Version-min
 * @param keys the keys, in order
 */
public record LoginRequest(boolean transit, int currentStage, int nextStage, int versionMax, int versionMin, List<KeyValue> keys) {
}
