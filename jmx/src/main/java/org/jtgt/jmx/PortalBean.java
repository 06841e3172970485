package org.jtgt.jmx;

import org.jtgt.transport.PortalListener;

/** {@link PortalMXBean} over a listening portal. Thread-safe. */
final class PortalBean implements PortalMXBean {

    private final PortalListener portal;

    PortalBean(PortalListener portal) {
        this.portal = portal;
    }

    @Override
    public String getAddress() {
        return portal.address().getAddress().getHostAddress();
    }

    @Override
    public int getPort() {
        return portal.address().getPort();
    }

    @Override
    public long getConnectionsAccepted() {
        return portal.accepted();
    }
}
