package org.jtgt.jmx;

/** A target: {@code org.jtgt:type=Target,server=<instance>,name="<iqn>"}. */
public interface TargetMXBean {

    String getName();

    String getAlias();

    int[] getLuns();

    int getSessionCount();

    /** CHAP names initiators may authenticate with; none: no CHAP. Secrets are never shown. */
    String[] getChapUsers();

    /**
     * Write-only: adds an initiator CHAP account, or replaces the secret of one, as
     * {@code NAME:SECRET}. Takes effect for the next logins.
     */
    void setChapAccount(String nameColonSecret);

    /** Removes an initiator CHAP account; with none left, logins need no CHAP. */
    void removeChapAccount(String name);

    /** The target's CHAP name for mutual CHAP, or an empty string. */
    String getMutualChapUser();

    /** Write-only: the target's own account for mutual CHAP as {@code NAME:SECRET}; empty to remove. */
    void setMutualChapAccount(String nameColonSecret);

    /** Allow rules (initiator names, name patterns, networks); empty allows everyone. */
    String[] getAllowRules();

    void setAllowRules(String[] rules);

    /** Adds a disk over a store URI; returns its URL. */
    String addLun(int lun, String storeUri);

    void removeLun(int lun);
}
