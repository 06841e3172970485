package org.jtgt.jmx;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jtgt.api.AccessPolicy;
import org.jtgt.api.ChapAccount;
import org.jtgt.server.JtgtServer;

/**
 * The daemon's command line (the contract in DEVELOPERS.md), parsed and checked: what the user
 * gave, nothing more; {@link DaemonSettings} adds the configuration file and the defaults.
 * Immutable after {@link #parse}.
 */
final class DaemonOptions {

    static final String USAGE = String.join("\n",
            "usage: java -jar jtgt.jar [options]",
            "  --portal HOST:PORT        listen address, repeatable (default 127.0.0.1:3260; port 0 picks a free port)",
            "  -T, --threads N           I/O worker threads (default: available processors)",
            "  --target IQN              target name (default " + JtgtServer.DEFAULT_TARGET + ")",
            "  --lun N=STORE-URI         a LUN, repeatable (default 0=memory:1G); stores: memory:SIZE,",
            "                            file:PATH[?size=SIZE], null:SIZE; options ?blocksize=4096&physicalblocksize=4096&readonly=true",
            "  --chap USER:SECRET        initiators must authenticate with CHAP (repeatable: several accounts)",
            "  --mutual-chap USER:SECRET the target proves itself to initiators that ask (mutual CHAP)",
            "  --allow PATTERN           allowed initiators: an iqn, an iqn with *, or a network (10.0.0.0/8);",
            "                            repeatable; none allows everyone",
            "  --config FILE             file configuration",
            "  --jolokia HOST:PORT|off   Jolokia HTTP agent (default 127.0.0.1:8778)",
            "  --log-level LEVEL         error, warn, info (default), debug or trace",
            "  -h, --help                this text");

    // null or empty: not given on the command line (the file or the default applies)
    final List<InetSocketAddress> portals = new ArrayList<>();
    Integer threads;
    String target;
    final Map<Integer, String> luns = new LinkedHashMap<>();
    String config;
    String jolokia;
    String logLevel;
    final List<ChapAccount> chap = new ArrayList<>();
    ChapAccount mutualChap;
    final List<String> allow = new ArrayList<>();
    boolean help;

    /**
     * Parses the arguments.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    static DaemonOptions parse(String... args) {
        DaemonOptions o = new DaemonOptions();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "-h":
                case "--help":
                    o.help = true;
                    break;
                case "--portal":
                    o.portals.add(hostPort(value != null ? value : next(args, ++i, arg), arg));
                    break;
                case "-T":
                case "--threads":
                    o.threads = positive(value != null ? value : next(args, ++i, arg), arg);
                    break;
                case "--target":
                    o.target = value != null ? value : next(args, ++i, arg);
                    break;
                case "--lun":
                    o.addLun(value != null ? value : next(args, ++i, arg));
                    break;
                case "--chap":
                    o.chap.add(account(value != null ? value : next(args, ++i, arg), arg));
                    break;
                case "--mutual-chap":
                    o.mutualChap = account(value != null ? value : next(args, ++i, arg), arg);
                    break;
                case "--allow": {
                    String rule = value != null ? value : next(args, ++i, arg);
                    AccessPolicy.builder().allow(rule);      // checks it now, with the option's name in view
                    o.allow.add(rule);
                    break;
                }
                case "--config":
                    o.config = value != null ? value : next(args, ++i, arg);
                    break;
                case "--jolokia":
                    o.jolokia = value != null ? value : next(args, ++i, arg);
                    if (!o.jolokia.equals("off")) {
                        hostPort(o.jolokia, arg);
                    }
                    break;
                case "--log-level":
                    o.logLevel = value != null ? value : next(args, ++i, arg);
                    if (!List.of("error", "warn", "info", "debug", "trace").contains(o.logLevel)) {
                        throw new IllegalArgumentException("--log-level must be error, warn, info, debug or trace, not '" + o.logLevel + "'");
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        return o;
    }

    private void addLun(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--lun takes N=STORE-URI (e.g. 0=memory:1G), not '" + spec + "'");
        }
        int lun;
        try {
            lun = Integer.parseInt(spec.substring(0, eq));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--lun: '" + spec.substring(0, eq) + "' is not a LUN number");
        }
        if (luns.putIfAbsent(lun, spec.substring(eq + 1)) != null) {
            throw new IllegalArgumentException("--lun: LUN " + lun + " is given twice");
        }
    }

    private static ChapAccount account(String s, String option) {
        try {
            return ChapAccount.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " takes USER:SECRET");
        }
    }

    private static String next(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String s, String option) {
        try {
            int n = Integer.parseInt(s);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException(option + " needs a whole number of at least 1, not '" + s + "'");
    }

    /** Parses HOST:PORT or [IPv6]:PORT. */
    static InetSocketAddress hostPort(String s, String option) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException(option + " takes HOST:PORT, not '" + s + "'");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + s.substring(colon + 1) + "' is not a port");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(option + ": port " + port + " is outside 0..65535");
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException(option + ": cannot resolve host '" + host + "'");
        }
        return address;
    }
}
