package org.jtgt.login;

/**
 * What login needs to know of a target an initiator names: that it exists, its alias.
 *
 * @param name the target's iSCSI name
 * @param alias its alias (TargetAlias key), or {@code null}
 */
public record TargetDescription(String name, String alias) {
}
