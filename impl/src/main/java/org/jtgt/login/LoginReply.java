package org.jtgt.login;

import java.util.List;

/**
 * What the target answers to one login request.
 *
 * @param status success, or why the login failed (the connection then closes)
 * @param transit the T bit of the response
 * @param currentStage CSG of the response
 * @param nextStage NSG of the response (meaningful with {@code transit})
 * @param keys the keys to send, in order
 * @param reason for a failure, a sentence for the log; {@code null} on success
 */
public record LoginReply(LoginStatus status, boolean transit, int currentStage, int nextStage, List<KeyValue> keys, String reason) {

    /** Whether the login is complete and the connection enters full feature phase. */
    public boolean fullFeature() {
        return status == LoginStatus.SUCCESS && transit && nextStage == LoginNegotiator.FULL_FEATURE;
    }
}
