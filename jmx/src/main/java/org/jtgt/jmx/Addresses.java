package org.jtgt.jmx;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** Socket addresses as management shows them: {@code host:port}, IPv6 in brackets. Stateless. */
final class Addresses {

    private Addresses() {
    }

    static String hostPort(InetSocketAddress a) {
        if (a == null) {
            return "";
        }
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        if (a.getAddress() instanceof Inet6Address) {
            int percent = host.indexOf('%');
            host = "[" + (percent >= 0 ? host.substring(0, percent) : host) + "]";
        }
        return host + ":" + a.getPort();
    }
}
