package org.jtgt.login;

/** The SessionType key: a discovery session (SendTargets only) or a normal one. */
public enum SessionType {
    NORMAL("Normal"), DISCOVERY("Discovery");

    private final String keyValue;

    SessionType(String keyValue) {
        this.keyValue = keyValue;
    }

    /** The value as it appears in the SessionType key. */
    public String keyValue() {
        return keyValue;
    }
}
