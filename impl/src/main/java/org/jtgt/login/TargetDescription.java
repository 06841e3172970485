package org.jtgt.login;

import org.jtgt.api.AccessPolicy;

/**
 * What login needs to know of a target an initiator names: that it exists, its alias, and who
 * may log in to it.
 *
 * @param name the target's iSCSI name
 * @param alias its alias (TargetAlias key), or {@code null}
 * @param access CHAP accounts and allowed initiators
 */
public record TargetDescription(String name, String alias, AccessPolicy access) {
}
