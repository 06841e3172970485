package org.jtgt.jmx;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The names of jtgt's beans (DESIGN.md §5): domain {@code org.jtgt}, {@code type} first, parents
 * next, {@code name} last; values that may hold {@code :} or other special characters are
 * quoted. Stateless.
 */
public final class ObjectNames {

    public static final String DOMAIN = "org.jtgt";

    private ObjectNames() {
    }

    public static ObjectName server(String instance) {
        return name("type=Server,name=" + quote(instance));
    }

    public static ObjectName workerPool(String instance) {
        return name("type=WorkerPool,server=" + quote(instance));
    }

    public static ObjectName worker(String instance, int index) {
        return name("type=Worker,server=" + quote(instance) + ",name=" + index);
    }

    public static ObjectName portal(String instance, String hostPort) {
        return name("type=Portal,server=" + quote(instance) + ",name=" + ObjectName.quote(hostPort));
    }

    public static ObjectName target(String instance, String iqn) {
        return name("type=Target,server=" + quote(instance) + ",name=" + ObjectName.quote(iqn));
    }

    public static ObjectName logicalUnit(String instance, String iqn, int lun) {
        return name("type=LogicalUnit,server=" + quote(instance) + ",target=" + ObjectName.quote(iqn) + ",name=" + lun);
    }

    /** A session; {@code iqn} is empty for a discovery session. */
    public static ObjectName session(String instance, String iqn, String sessionId) {
        return name("type=Session,server=" + quote(instance) + ",target=" + ObjectName.quote(iqn) + ",name=" + sessionId);
    }

    public static ObjectName connection(String instance, String sessionId, int cid) {
        return name("type=Connection,server=" + quote(instance) + ",session=" + sessionId + ",name=" + cid);
    }

    /** Every bean of one server instance. */
    public static ObjectName allOf(String instance) {
        return name("*,server=" + quote(instance));
    }

    /** Quotes a value only if it needs quoting, so that simple instance names stay readable. */
    private static String quote(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ':' || c == ',' || c == '=' || c == '"' || c == '*' || c == '?' || c == '\\' || c == '\n') {
                return ObjectName.quote(value);
            }
        }
        return value;
    }

    private static ObjectName name(String properties) {
        try {
            return new ObjectName(DOMAIN + ":" + properties);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("bad object name " + properties, e);
        }
    }
}
