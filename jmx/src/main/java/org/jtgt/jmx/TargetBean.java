package org.jtgt.jmx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jtgt.api.AccessPolicy;
import org.jtgt.api.ChapAccount;
import org.jtgt.iscsi.ServedTarget;
import org.jtgt.server.JtgtServer;

/** {@link TargetMXBean} over a served target. Thread-safe. */
final class TargetBean implements TargetMXBean {

    private static final Logger LOG = LogManager.getLogger(TargetBean.class);

    private final JtgtServer server;
    private final ServedTarget target;

    TargetBean(JtgtServer server, ServedTarget target) {
        this.server = server;
        this.target = target;
    }

    @Override
    public String getName() {
        return target.name();
    }

    @Override
    public String getAlias() {
        return target.alias() == null ? "" : target.alias();
    }

    @Override
    public int[] getLuns() {
        return target.luns().keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public int getSessionCount() {
        return (int) server.sessions().all().stream().filter(s -> s.target() == target).count();
    }

    @Override
    public String[] getChapUsers() {
        return target.access().initiatorAccountNames().toArray(String[]::new);
    }

    @Override
    public void setChapAccount(String nameColonSecret) {
        change(target.access().toBuilder().putChap(ChapAccount.parse(nameColonSecret)));
    }

    @Override
    public void removeChapAccount(String name) {
        change(target.access().toBuilder().removeChap(name));
    }

    @Override
    public String getMutualChapUser() {
        ChapAccount account = target.access().targetAccount();
        return account == null ? "" : account.name();
    }

    @Override
    public void setMutualChapAccount(String nameColonSecret) {
        ChapAccount account = nameColonSecret == null || nameColonSecret.isEmpty() ? null : ChapAccount.parse(nameColonSecret);
        change(target.access().toBuilder().mutualChap(account));
    }

    @Override
    public String[] getAllowRules() {
        return target.access().allowRules().toArray(String[]::new);
    }

    @Override
    public void setAllowRules(String[] rules) {
        AccessPolicy.Builder b = target.access().toBuilder().clearAllow();
        for (String r : rules == null ? new String[0] : rules) {
            b.allow(r);
        }
        change(b);
    }

    /** Builds the changed policy (checking it) and installs it; a bad change leaves the old one. */
    private synchronized void change(AccessPolicy.Builder builder) {
        AccessPolicy policy = builder.build();
        target.setAccess(policy);
        LOG.info("target {}: {}", target.name(), policy);
    }

    @Override
    public String addLun(int lun, String storeUri) {
        try {
            return server.addLun(target.name(), lun, storeUri, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    @Override
    public void removeLun(int lun) {
        server.removeLun(target.name(), lun);
    }
}
