package org.jtgt.jmx;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jtgt.api.AccessPolicy;
import org.jtgt.iscsi.EngineContext;
import org.jtgt.iscsi.Limits;
import org.jtgt.login.NegotiationSettings;
import org.jtgt.server.JtgtServer;

/**
 * What the daemon runs with: the command line over the configuration file over the defaults.
 * Targets come from the file (through the {@code config} target source) and, if the command line
 * names LUNs or a target, from there as well; without either, one target with
 * {@code 0=memory:1G}. Immutable.
 *
 * @param name the server's instance name
 * @param portals where to listen
 * @param threads I/O workers
 * @param storeThreads threads for blocking stores, or -1 for the default
 * @param configFile the configuration file, or {@code null}
 * @param commandLineTarget the target the command line describes, or {@code null}
 * @param commandLineLuns its LUNs
 * @param jolokia {@code HOST:PORT} or {@code off}
 * @param jolokiaAllow hosts besides loopback allowed to reach Jolokia
 * @param jolokiaUser basic-auth user or {@code null}
 * @param jolokiaPassword basic-auth password or {@code null}
 * @param logLevel log4j level
 * @param commandLineAccess CHAP and allow rules of the command-line target
 * @param discoveryAccess who may open discovery sessions
 * @param limits what initiators are granted
 * @param timers login timeout, NOP-In interval and timeout
 * @param commandWindow the CmdSN window, or -1 for the default
 */
record DaemonSettings(
        String name,
        List<InetSocketAddress> portals,
        int threads,
        int storeThreads,
        Path configFile,
        String commandLineTarget,
        Map<Integer, String> commandLineLuns,
        String jolokia,
        List<String> jolokiaAllow,
        String jolokiaUser,
        String jolokiaPassword,
        String logLevel,
        AccessPolicy commandLineAccess,
        AccessPolicy discoveryAccess,
        Limits limits,
        EngineContext.ConnectionTimers timers,
        int commandWindow) {

    static final InetSocketAddress DEFAULT_PORTAL = new InetSocketAddress("127.0.0.1", 3260);
    static final String DEFAULT_JOLOKIA = "127.0.0.1:8778";

    /**
     * Resolves the settings.
     *
     * @throws ConfigFile.ConfigError if the configuration file is wrong
     */
    static DaemonSettings resolve(DaemonOptions cli) {
        ConfigFile file = cli.config == null ? null : ConfigFile.load(Path.of(cli.config));
        List<InetSocketAddress> portals = !cli.portals.isEmpty() ? List.copyOf(cli.portals)
                : file != null && !file.portals().isEmpty() ? file.portals() : List.of(DEFAULT_PORTAL);
        int threads = cli.threads != null ? cli.threads
                : file != null && file.threads() > 0 ? file.threads() : Runtime.getRuntime().availableProcessors();
        String target = cli.target;
        Map<Integer, String> luns = new LinkedHashMap<>(cli.luns);
        if (file == null || target != null || !luns.isEmpty()) {
            if (target == null) {
                target = JtgtServer.DEFAULT_TARGET;
            }
            if (luns.isEmpty()) {
                luns.put(0, "memory:1G");
            }
        }
        String jolokia = cli.jolokia != null ? cli.jolokia
                : file != null && file.jolokiaAddress() != null ? file.jolokiaAddress() : DEFAULT_JOLOKIA;
        String level = cli.logLevel != null ? cli.logLevel : file != null && file.logLevel() != null ? file.logLevel() : "info";
        AccessPolicy.Builder access = AccessPolicy.builder();
        cli.chap.forEach(access::chap);
        access.mutualChap(cli.mutualChap);
        cli.allow.forEach(access::allow);
        AccessPolicy targetAccess = access.build();
        // --chap and --mutual-chap guard discovery as well: every login authenticates
        AccessPolicy discovery;
        if (!cli.chap.isEmpty()) {
            AccessPolicy.Builder d = AccessPolicy.builder();
            cli.chap.forEach(d::chap);
            d.mutualChap(cli.mutualChap);
            discovery = d.build();
        } else {
            discovery = file != null ? file.discoveryAccess() : AccessPolicy.OPEN;
        }
        return new DaemonSettings(file != null && file.serverName() != null ? file.serverName() : "jtgt", portals, threads,
                file != null ? file.storeThreads() : -1, file != null ? file.file() : null, target, Map.copyOf(luns), jolokia,
                file != null ? file.jolokiaAllow() : List.of(), file != null ? file.jolokiaUser() : null,
                file != null ? file.jolokiaPassword() : null, level, targetAccess, discovery,
                file != null ? file.limits() : Limits.defaults(),
                file != null ? file.timers() : EngineContext.ConnectionTimers.defaults(),
                file != null ? file.commandWindow() : -1);
    }

    /** The server these settings describe, not started. */
    JtgtServer.Builder builder() {
        JtgtServer.Builder b = JtgtServer.builder().name(name).threads(threads).discoveryAccess(discoveryAccess).limits(limits)
                .timers(timers);
        if (commandWindow > 0) {
            NegotiationSettings d = NegotiationSettings.defaults();
            b.negotiation(new NegotiationSettings(d.maxRecvDataSegmentLength(), d.maxBurstLength(), d.firstBurstLength(),
                    d.maxOutstandingR2T(), d.immediateData(), d.initialR2T(), d.headerDigest(), d.dataDigest(), d.defaultTime2Wait(),
                    d.defaultTime2Retain(), commandWindow));
        }
        if (storeThreads > 0) {
            b.storeThreads(storeThreads);
        }
        portals.forEach(b::portal);
        if (configFile != null) {
            b.targetsFrom(ConfigTargetProvider.NAME, Map.of("file", configFile.toString()));
        }
        if (commandLineTarget != null) {
            b.target(commandLineTarget, t -> {
                commandLineLuns.forEach(t::lun);
                t.access(commandLineAccess);
            });
        }
        return b;
    }
}
