package org.jtgt.api;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Who may log in to a target (or to discovery): the CHAP accounts initiators must authenticate
 * with, the target's own account for mutual CHAP, and the initiators or networks allowed.
 *
 * <ul>
 * <li>With no initiator accounts, no CHAP is asked for; with one or more, an initiator must
 *     authenticate with one of them.</li>
 * <li>With a target account, the target proves itself to initiators that ask (mutual CHAP);
 *     it needs initiator accounts too, and a different secret.</li>
 * <li>Allow rules are initiator names ({@code iqn.1994-05.com.redhat:host1}), names with
 *     {@code *} wildcards ({@code iqn.1994-05.com.redhat:*}), or networks in CIDR form
 *     ({@code 10.0.0.0/8}, {@code 192.168.1.7}, {@code fd00::/8}); an initiator is allowed if
 *     any rule matches its name or its address. No rule allows everyone.</li>
 * </ul>
 *
 * Immutable; thread-safe.
 */
public final class AccessPolicy {

    /** No CHAP, everyone allowed. */
    public static final AccessPolicy OPEN = new AccessPolicy(Map.of(), null, List.of(), List.of());

    private final Map<String, ChapAccount> initiatorAccounts;
    private final ChapAccount targetAccount;
    private final List<String> rules;
    private final List<Rule> compiled;

    private AccessPolicy(Map<String, ChapAccount> initiatorAccounts, ChapAccount targetAccount, List<String> rules, List<Rule> compiled) {
        this.initiatorAccounts = initiatorAccounts;
        this.targetAccount = targetAccount;
        this.rules = rules;
        this.compiled = compiled;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this policy's accounts and rules, to derive a changed policy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        initiatorAccounts.values().forEach(b::chap);
        if (targetAccount != null) {
            b.mutualChap(targetAccount);
        }
        rules.forEach(b::allow);
        return b;
    }

    /** Whether initiators must authenticate with CHAP. */
    public boolean requiresChap() {
        return !initiatorAccounts.isEmpty();
    }

    /** The initiator account of that CHAP name, or {@code null}. */
    public ChapAccount initiatorAccount(String chapName) {
        return chapName == null ? null : initiatorAccounts.get(chapName);
    }

    /** The names of the initiator accounts. */
    public List<String> initiatorAccountNames() {
        return List.copyOf(initiatorAccounts.keySet());
    }

    /** The target's account for mutual CHAP, or {@code null}. */
    public ChapAccount targetAccount() {
        return targetAccount;
    }

    /** The allow rules as given. */
    public List<String> allowRules() {
        return rules;
    }

    /** Whether an initiator of that name, connecting from that address, may log in. */
    public boolean permits(String initiatorName, InetAddress peer) {
        if (compiled.isEmpty()) {
            return true;
        }
        for (Rule r : compiled) {
            if (r.matches(initiatorName, peer)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "access: " + (requiresChap() ? "CHAP " + initiatorAccounts.keySet() : "no CHAP")
                + (targetAccount != null ? ", mutual as " + targetAccount.name() : "")
                + (rules.isEmpty() ? ", everyone" : ", allow " + rules);
    }

    /** Builds an {@link AccessPolicy}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, ChapAccount> accounts = new LinkedHashMap<>();
        private ChapAccount target;
        private final List<String> rules = new ArrayList<>();
        private final List<Rule> compiled = new ArrayList<>();

        /** An account initiators may authenticate with; repeatable. */
        public Builder chap(ChapAccount account) {
            if (accounts.putIfAbsent(account.name(), account) != null) {
                throw new IllegalArgumentException("CHAP account " + account.name() + " is given twice");
            }
            return this;
        }

        /** Adds an initiator account, or replaces the one of that name. */
        public Builder putChap(ChapAccount account) {
            accounts.put(account.name(), account);
            return this;
        }

        /** Removes the initiator account of that name, if there is one. */
        public Builder removeChap(String name) {
            accounts.remove(name);
            return this;
        }

        /** The target's own account, for mutual CHAP; {@code null} for none. */
        public Builder mutualChap(ChapAccount account) {
            this.target = account;
            return this;
        }

        /** Drops every allow rule (everyone is allowed unless rules are added again). */
        public Builder clearAllow() {
            rules.clear();
            compiled.clear();
            return this;
        }

        /** An allow rule; repeatable. */
        public Builder allow(String rule) {
            compiled.add(Rule.parse(rule));
            rules.add(rule.trim());
            return this;
        }

        /**
         * @throws IllegalArgumentException for mutual CHAP without initiator accounts, or with
         *         a secret that an initiator account shares
         */
        public AccessPolicy build() {
            if (target != null && accounts.isEmpty()) {
                throw new IllegalArgumentException("mutual CHAP needs initiator CHAP accounts as well");
            }
            for (ChapAccount a : accounts.values()) {
                if (a.sameSecretAs(target)) {
                    throw new IllegalArgumentException("CHAP account " + a.name()
                            + " has the same secret as the target's account; each direction needs its own");
                }
            }
            return new AccessPolicy(Collections.unmodifiableMap(new LinkedHashMap<>(accounts)), target, List.copyOf(rules),
                    List.copyOf(compiled));
        }
    }

    /** One allow rule: a name pattern or a network. */
    private record Rule(Pattern name, byte[] network, int prefix) {

        static Rule parse(String text) {
            String s = text == null ? "" : text.trim();
            if (s.isEmpty()) {
                throw new IllegalArgumentException("an empty allow rule");
            }
            String lower = s.toLowerCase(Locale.ROOT);
            if (lower.startsWith("iqn.") || lower.startsWith("eui.") || lower.startsWith("naa.")) {
                StringBuilder regex = new StringBuilder();
                for (char c : lower.toCharArray()) {
                    regex.append(c == '*' ? ".*" : Pattern.quote(String.valueOf(c)));
                }
                return new Rule(Pattern.compile(regex.toString()), null, 0);
            }
            int slash = s.indexOf('/');
            String host = slash < 0 ? s : s.substring(0, slash);
            if (!host.matches("[0-9a-fA-F.:]+")) {
                throw new IllegalArgumentException("allow rule '" + s + "' is neither an iSCSI name (iqn., eui., naa.) nor an address");
            }
            byte[] address;
            try {
                address = InetAddress.getByName(host).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("allow rule '" + s + "': bad address", e);
            }
            int prefix = address.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(s.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > address.length * 8) {
                    throw new IllegalArgumentException("allow rule '" + s + "': bad prefix length");
                }
            }
            return new Rule(null, address, prefix);
        }

        boolean matches(String initiatorName, InetAddress peer) {
            if (name != null) {
                return initiatorName != null && name.matcher(initiatorName.toLowerCase(Locale.ROOT)).matches();
            }
            if (peer == null) {
                return false;
            }
            byte[] a = peer.getAddress();
            if (a.length != network.length) {
                return false;
            }
            BigInteger mask = prefix == 0 ? BigInteger.ZERO
                    : BigInteger.ONE.shiftLeft(prefix).subtract(BigInteger.ONE).shiftLeft(a.length * 8 - prefix);
            return new BigInteger(1, a).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }
}
