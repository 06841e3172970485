package org.jtgt.jmx;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.configuration2.PropertiesConfiguration;
import org.apache.commons.configuration2.convert.DisabledListDelimiterHandler;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.jtgt.api.AccessPolicy;
import org.jtgt.api.ChapAccount;
import org.jtgt.api.StoreUri;
import org.jtgt.iscsi.EngineContext;
import org.jtgt.iscsi.IscsiNames;
import org.jtgt.iscsi.Limits;
import org.jtgt.pdu.Lun;

/**
 * The daemon's configuration file, read with commons-configuration2: a properties file whose
 * keys are checked, all of them, before anything starts. A wrong key or value is an error that
 * names the file, the line and the key. See {@code examples/jtgt.properties} for every key.
 *
 * <pre>
 * server.portal   = 127.0.0.1:3260, [::1]:3260
 * server.threads  = 4
 * jolokia.address = 127.0.0.1:8778          # or off
 * target.disk0.name  = iqn.2026-11.org.jtgt:disk0
 * target.disk0.lun.0 = memory:1G
 * target.disk0.lun.0.options = serial=ABC123, readonly=true
 * </pre>
 *
 * Immutable after {@link #load}; thread-safe.
 */
public final class ConfigFile {

    /** A target as the file describes it. */
    public record TargetConfig(String id, String name, String alias, Map<Integer, LunConfig> luns, AccessPolicy access) {
    }

    /** A LUN as the file describes it. */
    public record LunConfig(int lun, String storeUri, Map<String, String> options) {
    }

    private static final List<Pattern> KEYS = List.of(
            Pattern.compile("server\\.(name|portal|threads|store-threads)"),
            Pattern.compile("log\\.level"),
            Pattern.compile("limits\\.(connections-per-portal|connections-per-address|sessions|sessions-per-initiator|max-transfer"
                    + "|connection-buffer|commands|login-timeout|nop-interval|nop-timeout)"),
            Pattern.compile("jolokia\\.(address|allow|user|password)"),
            Pattern.compile("discovery\\.(chap|mutual-chap)"),
            Pattern.compile("target\\.([A-Za-z0-9_-]+)\\.(name|alias|chap|mutual-chap|allow)"),
            Pattern.compile("target\\.([A-Za-z0-9_-]+)\\.lun\\.(\\d+)(\\.options)?"));

    private final Path file;
    private final PropertiesConfiguration properties;
    private final Map<String, Integer> lines;

    private ConfigFile(Path file, PropertiesConfiguration properties, Map<String, Integer> lines) {
        this.file = file;
        this.properties = properties;
        this.lines = lines;
    }

    /**
     * Reads and checks a configuration file.
     *
     * @throws ConfigError naming the file, line and key of the first problem
     */
    public static ConfigFile load(Path file) {
        if (!Files.isReadable(file)) {
            throw new ConfigError(file + ": cannot read the configuration file");
        }
        PropertiesConfiguration properties = new PropertiesConfiguration();
        properties.setListDelimiterHandler(new DisabledListDelimiterHandler());
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.read(in);
        } catch (IOException | ConfigurationException e) {
            throw new ConfigError(file + ": " + e.getMessage());
        }
        ConfigFile config = new ConfigFile(file, properties, lineNumbers(file));
        config.check();
        return config;
    }

    /** The line of each key, found by reading the file as text (properties keep no line numbers). */
    private static Map<String, Integer> lineNumbers(Path file) {
        Map<String, Integer> lines = new LinkedHashMap<>();
        try {
            List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
            Pattern key = Pattern.compile("^\\s*([^#!\\s=:][^=:\\s]*)\\s*[=:\\s]");
            for (int i = 0; i < text.size(); i++) {
                Matcher m = key.matcher(text.get(i) + " ");
                if (m.find()) {
                    lines.putIfAbsent(m.group(1), i + 1);
                }
            }
        } catch (IOException e) {
            // line numbers are a courtesy; the keys were read already
        }
        return lines;
    }

    private void check() {
        for (Iterator<String> it = properties.getKeys(); it.hasNext(); ) {
            String key = it.next();
            if (KEYS.stream().noneMatch(p -> p.matcher(key).matches())) {
                throw error(key, "unknown key");
            }
            if (properties.getList(key).size() > 1) {
                throw error(key, "given more than once");
            }
        }
        portals();
        threads("server.threads");
        threads("server.store-threads");
        jolokiaAddress();
        logLevel();
        limits();
        timers();
        commandWindow();
        discoveryAccess();
        targets();
    }

    /** {@code limits.*}: what initiators are granted, over the defaults. */
    public Limits limits() {
        Limits d = Limits.defaults();
        try {
            return new Limits(count("limits.connections-per-portal", d.connectionsPerPortal()),
                    count("limits.connections-per-address", d.connectionsPerAddress()), count("limits.sessions", d.sessions()),
                    count("limits.sessions-per-initiator", d.sessionsPerInitiator()),
                    (int) size("limits.max-transfer", d.maxTransferBytes(), Integer.MAX_VALUE),
                    size("limits.connection-buffer", d.connectionBufferBytes(), Long.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            if (e instanceof ConfigError) {
                throw e;
            }
            throw error("limits.connection-buffer", e.getMessage());
        }
    }

    /** {@code limits.login-timeout}, {@code .nop-interval}, {@code .nop-timeout} in seconds (0 turns NOP pings off). */
    public EngineContext.ConnectionTimers timers() {
        EngineContext.ConnectionTimers d = EngineContext.ConnectionTimers.defaults();
        return new EngineContext.ConnectionTimers(seconds("limits.nop-interval", d.nopInMillis()),
                seconds("limits.nop-timeout", d.nopTimeoutMillis()), seconds("limits.login-timeout", d.loginTimeoutMillis()));
    }

    /** {@code limits.commands}: the CmdSN window, or -1 if not given. */
    public int commandWindow() {
        return string("limits.commands") == null ? -1 : count("limits.commands", 0);
    }

    private int count(String key, int defaultValue) {
        String v = string(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw error(key, "must be a whole number of at least 1, not '" + v + "'");
    }

    private long size(String key, long defaultValue, long max) {
        String v = string(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            long n = StoreUri.parseSize(v);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw error(key, "must be a size such as 16M, not '" + v + "'");
    }

    private long seconds(String key, long defaultMillis) {
        String v = string(key);
        if (v == null) {
            return defaultMillis;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= 0 && n <= 86_400) {
                return n * 1000;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw error(key, "must be whole seconds from 0 to 86400, not '" + v + "'");
    }

    /** Who may open discovery sessions: {@code discovery.chap}, {@code discovery.mutual-chap}. */
    public AccessPolicy discoveryAccess() {
        return access("discovery");
    }

    /** The access policy under {@code prefix}: {@code .chap}, {@code .mutual-chap}, {@code .allow}. */
    private AccessPolicy access(String prefix) {
        AccessPolicy.Builder b = AccessPolicy.builder();
        for (String account : items(string(prefix + ".chap"))) {
            try {
                b.chap(ChapAccount.parse(account));
            } catch (IllegalArgumentException e) {
                throw error(prefix + ".chap", e.getMessage());
            }
        }
        String mutual = string(prefix + ".mutual-chap");
        if (mutual != null) {
            try {
                b.mutualChap(ChapAccount.parse(mutual));
            } catch (IllegalArgumentException e) {
                throw error(prefix + ".mutual-chap", e.getMessage());
            }
        }
        for (String rule : items(string(prefix + ".allow"))) {
            try {
                b.allow(rule);
            } catch (IllegalArgumentException e) {
                throw error(prefix + ".allow", e.getMessage());
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw error(mutual != null ? prefix + ".mutual-chap" : prefix + ".chap", e.getMessage());
        }
    }

    private ConfigError error(String key, String message) {
        Integer line = lines.get(key);
        return new ConfigError(file + (line != null ? " line " + line : "") + ": " + key + ": " + message);
    }

    private String string(String key) {
        String v = properties.getString(key);
        return v == null ? null : v.trim();
    }

    private static List<String> items(String value) {
        List<String> items = new ArrayList<>();
        if (value != null) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    items.add(part.trim());
                }
            }
        }
        return items;
    }

    // ---- typed settings

    public String serverName() {
        return string("server.name");
    }

    /** The portals, or an empty list if the file gives none. */
    public List<InetSocketAddress> portals() {
        List<InetSocketAddress> portals = new ArrayList<>();
        for (String p : items(string("server.portal"))) {
            try {
                portals.add(DaemonOptions.hostPort(p, "server.portal"));
            } catch (IllegalArgumentException e) {
                throw error("server.portal", e.getMessage());
            }
        }
        return portals;
    }

    /** {@code server.threads}, or -1 if not given. */
    public int threads() {
        return threads("server.threads");
    }

    /** {@code server.store-threads}, or -1 if not given. */
    public int storeThreads() {
        return threads("server.store-threads");
    }

    private int threads(String key) {
        String v = string(key);
        if (v == null) {
            return -1;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= 1024) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw error(key, "must be a whole number from 1 to 1024, not '" + v + "'");
    }

    /** {@code jolokia.address}: {@code HOST:PORT}, {@code off}, or {@code null} if not given. */
    public String jolokiaAddress() {
        String v = string("jolokia.address");
        if (v != null && !v.equals("off")) {
            try {
                DaemonOptions.hostPort(v, "jolokia.address");
            } catch (IllegalArgumentException e) {
                throw error("jolokia.address", e.getMessage());
            }
        }
        return v;
    }

    /** Hosts and networks besides loopback allowed to reach Jolokia. */
    public List<String> jolokiaAllow() {
        return items(string("jolokia.allow"));
    }

    public String jolokiaUser() {
        return string("jolokia.user");
    }

    public String jolokiaPassword() {
        return string("jolokia.password");
    }

    /** {@code log.level}, or {@code null}. */
    public String logLevel() {
        String v = string("log.level");
        if (v != null && !List.of("error", "warn", "info", "debug", "trace").contains(v)) {
            throw error("log.level", "must be error, warn, info, debug or trace, not '" + v + "'");
        }
        return v;
    }

    /** The targets, by their id in the file, in id order. */
    public List<TargetConfig> targets() {
        TreeSet<String> ids = new TreeSet<>();
        for (Iterator<String> it = properties.getKeys("target"); it.hasNext(); ) {
            ids.add(it.next().split("\\.")[1]);
        }
        List<TargetConfig> targets = new ArrayList<>();
        Pattern lunKey = Pattern.compile("target\\.[^.]+\\.lun\\.(\\d+)");
        for (String id : ids) {
            String prefix = "target." + id;
            String name = string(prefix + ".name");
            if (name == null || name.isEmpty()) {
                throw error(prefix + ".name", "missing: every target needs a name (an iqn)");
            }
            try {
                IscsiNames.check(name);
            } catch (IllegalArgumentException e) {
                throw error(prefix + ".name", e.getMessage());
            }
            Map<Integer, LunConfig> luns = new TreeMap<>();
            for (Iterator<String> it = properties.getKeys(prefix + ".lun"); it.hasNext(); ) {
                String key = it.next();
                Matcher m = lunKey.matcher(key);
                if (!m.matches()) {
                    continue;      // an .options key, read with its LUN
                }
                int lun;
                try {
                    lun = Integer.parseInt(m.group(1));
                } catch (NumberFormatException e) {
                    throw error(key, "not a LUN number");
                }
                if (lun > Lun.MAX) {
                    throw error(key, "LUN " + lun + " is outside 0.." + Lun.MAX);
                }
                String uri = string(key);
                try {
                    StoreUri.parse(uri);
                } catch (IllegalArgumentException e) {
                    throw error(key, e.getMessage());
                }
                luns.put(lun, new LunConfig(lun, uri, options(key + ".options")));
            }
            for (Iterator<String> it = properties.getKeys(prefix + ".lun"); it.hasNext(); ) {
                String key = it.next();
                if (key.endsWith(".options") && !properties.containsKey(key.substring(0, key.length() - ".options".length()))) {
                    throw error(key, "options for a LUN that has no store");
                }
            }
            targets.add(new TargetConfig(id, name, string(prefix + ".alias"), luns, access(prefix)));
        }
        return targets;
    }

    private Map<String, String> options(String key) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String item : items(string(key))) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw error(key, "'" + item + "' is not name=value");
            }
            options.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
        }
        return options;
    }

    public Path file() {
        return file;
    }

    /** A configuration file that cannot be used, with the file, line and key in the message. */
    public static final class ConfigError extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public ConfigError(String message) {
            super(message);
        }
    }
}
