package org.jtgt.login;

/** One {@code key=value} pair of iSCSI text (login and text PDUs). */
public record KeyValue(String key, String value) {

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
