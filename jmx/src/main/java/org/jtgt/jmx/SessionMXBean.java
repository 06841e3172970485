package org.jtgt.jmx;

import java.util.Map;

/** A session: {@code org.jtgt:type=Session,server=<instance>,target="<iqn>",name=<isid-tsih>}. */
public interface SessionMXBean {

    String getId();

    String getInitiator();

    String getInitiatorAlias();

    String getIsid();

    int getTsih();

    /** The target, or an empty string for a discovery session. */
    String getTarget();

    /** {@code Normal} or {@code Discovery}. */
    String getType();

    /** The negotiated operational parameters, by key. */
    Map<String, String> getParameters();

    int getOutstandingCommands();

    long getExpCmdSN();

    long getMaxCmdSN();

    /** Login time, milliseconds since the epoch. */
    long getCreated();

    /** Ends the session. */
    void close();
}
