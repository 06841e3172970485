package org.jtgt.jmx;

/** A listening portal: {@code org.jtgt:type=Portal,server=<instance>,name="<host:port>"}. */
public interface PortalMXBean {

    String getAddress();

    int getPort();

    long getConnectionsAccepted();
}
