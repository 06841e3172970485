package org.jtgt.jmx;

/** A target: {@code org.jtgt:type=Target,server=<instance>,name="<iqn>"}. */
public interface TargetMXBean {

    String getName();

    String getAlias();

    int[] getLuns();

    int getSessionCount();

    /** Adds a disk over a store URI; returns its URL. */
    String addLun(int lun, String storeUri);

    void removeLun(int lun);
}
