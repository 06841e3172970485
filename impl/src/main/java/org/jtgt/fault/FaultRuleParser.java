package org.jtgt.fault;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jtgt.api.SenseKey;

/**
 * Reads a built-in fault rule from one line of text, for management (JMX, Jolokia) and tests:
 *
 * <pre>
 * medium-error lba=1000-1007 count=1
 * latency 50ms opcode=READ probability=0.1 seed=7
 * busy count=1
 * unit-attention asc=2A ascq=09 initiator=iqn.1994-05.com.redhat:*
 * sense key=aborted-command asc=47 ascq=05 every=10
 * </pre>
 *
 * An action, its argument if it has one, then criteria as {@code key=value}, in any order:
 *
 * <table>
 * <caption>Actions</caption>
 * <tr><td>{@code medium-error}</td><td>MEDIUM ERROR, the failing LBA in the INFORMATION field</td></tr>
 * <tr><td>{@code busy}, {@code task-set-full}</td><td>that status</td></tr>
 * <tr><td>{@code unit-attention asc=HH [ascq=HH]}</td><td>UNIT ATTENTION with that code</td></tr>
 * <tr><td>{@code sense key=KEY asc=HH [ascq=HH]}</td><td>any sense key ({@code medium-error}, {@code 3}, ...) and code</td></tr>
 * <tr><td>{@code latency DURATION}</td><td>the response leaves later: {@code 50ms}, {@code 2s}, {@code 500us}</td></tr>
 * <tr><td>{@code drop-connection}</td><td>the connection closes</td></tr>
 * <tr><td>{@code corrupt-data-digest}, {@code corrupt-header-digest}</td><td>a wrong digest on the Data-In, or on the status PDU</td></tr>
 * <tr><td>{@code stall}</td><td>no response while the rule is installed</td></tr>
 * </table>
 *
 * <table>
 * <caption>Criteria (see {@link FaultMatcher})</caption>
 * <tr><td>{@code lba=N}, {@code lba=N-M}</td><td>commands touching those blocks (inclusive)</td></tr>
 * <tr><td>{@code opcode=NAME,...}</td><td>{@code READ}, {@code WRITE(10)}, {@code SYNCHRONIZE_CACHE}, {@code 0x28}, ...</td></tr>
 * <tr><td>{@code initiator=PATTERN}</td><td>initiator names, {@code *} for any run of characters</td></tr>
 * <tr><td>{@code count=N}</td><td>the first N commands matched, then no more</td></tr>
 * <tr><td>{@code every=N}</td><td>every N-th command matched</td></tr>
 * <tr><td>{@code probability=P [seed=S]}</td><td>each with probability P, reproducibly from seed S (default 1)</td></tr>
 * </table>
 *
 * ASC and ASCQ are hexadecimal, as SCSI documents write them ({@code 29}, {@code 0x29} and
 * {@code 29h} are all 29h). A mistake throws an {@link IllegalArgumentException} whose message
 * quotes the rule and says what is wrong and what was expected. Stateless.
 */
public final class FaultRuleParser {

    private static final List<String> ACTIONS = List.of("medium-error", "busy", "task-set-full", "unit-attention", "sense", "latency",
            "drop-connection", "corrupt-data-digest", "corrupt-header-digest", "stall");
    private static final List<String> CRITERIA = List.of("lba", "opcode", "initiator", "count", "every", "probability", "seed");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|us)");
    private static final Pattern LBA = Pattern.compile("(\\d{1,19})(?:-(\\d{1,19}))?");
    private static final Pattern HEX_BYTE = Pattern.compile("(?:0[xX])?([0-9a-fA-F]{1,2})[hH]?");

    private FaultRuleParser() {
    }

    /**
     * Parses one rule.
     *
     * @throws IllegalArgumentException naming the rule and the mistake
     */
    public static BuiltInRule parse(String text) {
        try {
            return parseTokens(text.trim().split("\\s+"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fault rule '" + text.trim() + "': " + e.getMessage(), e);
        }
    }

    private static BuiltInRule parseTokens(String[] tokens) {
        String action = tokens[0].toLowerCase(Locale.ROOT);
        if (action.isEmpty()) {
            throw new IllegalArgumentException("empty; expected an action: " + String.join(", ", ACTIONS));
        }
        if (!ACTIONS.contains(action)) {
            throw new IllegalArgumentException("unknown action '" + tokens[0] + "'; actions: " + String.join(", ", ACTIONS));
        }
        int next = 1;
        Duration latency = null;
        if (action.equals("latency")) {
            if (tokens.length < 2 || tokens[1].contains("=")) {
                throw new IllegalArgumentException("latency needs a duration such as 50ms, 2s or 500us");
            }
            latency = duration(tokens[1]);
            next = 2;
        }
        Map<String, String> values = keyValues(tokens, next, allowedKeys(action));
        FaultMatcher.Builder matcher = FaultMatcher.builder();
        criteria(values, matcher);
        return matcher.build().then(action(action, latency, values));
    }

    private static Set<String> allowedKeys(String action) {
        switch (action) {
            case "unit-attention":
                return Set.of("asc", "ascq");
            case "sense":
                return Set.of("key", "asc", "ascq");
            default:
                return Set.of();
        }
    }

    private static Map<String, String> keyValues(String[] tokens, int from, Set<String> actionKeys) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = from; i < tokens.length; i++) {
            String token = tokens[i];
            int eq = token.indexOf('=');
            if (eq <= 0 || eq == token.length() - 1) {
                throw new IllegalArgumentException("'" + token + "' is not key=value");
            }
            String key = token.substring(0, eq).toLowerCase(Locale.ROOT);
            if (!CRITERIA.contains(key) && !actionKeys.contains(key)) {
                String own = actionKeys.isEmpty() ? "" : " (and " + String.join(", ", actionKeys.stream().sorted().toList()) + " for this action)";
                throw new IllegalArgumentException("unknown key '" + key + "'; keys: " + String.join(", ", CRITERIA) + own);
            }
            if (values.put(key, token.substring(eq + 1)) != null) {
                throw new IllegalArgumentException(key + " is given twice");
            }
        }
        return values;
    }

    private static void criteria(Map<String, String> values, FaultMatcher.Builder matcher) {
        String lba = values.get("lba");
        if (lba != null) {
            Matcher m = LBA.matcher(lba);
            if (!m.matches()) {
                throw new IllegalArgumentException("lba=" + lba + ": expected a block number or a range such as 1000-1007");
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2) == null ? first : Long.parseLong(m.group(2));
            if (last < first) {
                throw new IllegalArgumentException("lba=" + lba + ": the range ends before it starts");
            }
            matcher.lbas(first, last);
        }
        String opcode = values.get("opcode");
        if (opcode != null) {
            matcher.opcodes(opcode.split(","));
        }
        if (values.containsKey("initiator")) {
            matcher.initiator(values.get("initiator"));
        }
        if (values.containsKey("count")) {
            matcher.count(positive("count", values.get("count")));
        }
        if (values.containsKey("every")) {
            matcher.every(positive("every", values.get("every")));
        }
        String probability = values.get("probability");
        if (probability != null) {
            double p;
            try {
                p = Double.parseDouble(probability);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("probability=" + probability + ": expected a number above 0 and at most 1, such as 0.1");
            }
            long seed = 1;
            if (values.containsKey("seed")) {
                try {
                    seed = Long.parseLong(values.get("seed"));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("seed=" + values.get("seed") + ": expected a whole number");
                }
            }
            matcher.probability(p, seed);
        } else if (values.containsKey("seed")) {
            throw new IllegalArgumentException("seed= only goes with probability=");
        }
    }

    private static FaultAction action(String action, Duration latency, Map<String, String> values) {
        switch (action) {
            case "medium-error":
                return FaultAction.mediumError();
            case "busy":
                return FaultAction.busy();
            case "task-set-full":
                return FaultAction.taskSetFull();
            case "unit-attention":
                return FaultAction.unitAttention(hexByte(values, "asc", true), hexByte(values, "ascq", false));
            case "sense":
                return FaultAction.sense(senseKey(values.get("key")), hexByte(values, "asc", true), hexByte(values, "ascq", false));
            case "latency":
                return FaultAction.latency(latency);
            case "drop-connection":
                return FaultAction.dropConnection();
            case "corrupt-data-digest":
                return FaultAction.corruptDataDigest();
            case "corrupt-header-digest":
                return FaultAction.corruptHeaderDigest();
            default:
                return FaultAction.stall();
        }
    }

    private static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("latency '" + text + "': expected a positive duration such as 50ms, 2s or 500us");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "s":
                return Duration.ofSeconds(n);
            case "ms":
                return Duration.ofMillis(n);
            default:
                return Duration.ofNanos(n * 1000);
        }
    }

    private static long positive(String key, String value) {
        try {
            long n = Long.parseLong(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + "=" + value + ": expected a whole number of at least 1");
    }

    private static int hexByte(Map<String, String> values, String key, boolean required) {
        String value = values.get(key);
        if (value == null) {
            if (required) {
                throw new IllegalArgumentException(key + "= is required (hexadecimal, e.g. " + key + "=29)");
            }
            return 0;
        }
        Matcher m = HEX_BYTE.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(key + "=" + value + ": expected one byte in hexadecimal, such as 29, 0x29 or 29h");
        }
        return Integer.parseInt(m.group(1), 16);
    }

    private static SenseKey senseKey(String value) {
        if (value == null) {
            throw new IllegalArgumentException("key= is required: a sense key such as medium-error, aborted-command or 3");
        }
        String name = value.toUpperCase(Locale.ROOT).replace('-', '_');
        for (SenseKey k : SenseKey.values()) {
            if (k.name().equals(name) || name.matches("\\d{1,2}") && k.code() == Integer.parseInt(name)
                    || name.matches("0X[0-9A-F]") && k.code() == Integer.parseInt(name.substring(2), 16)) {
                return k;
            }
        }
        throw new IllegalArgumentException("key=" + value + ": not a sense key; one of "
                + String.join(", ", Arrays.stream(SenseKey.values()).map(k -> k.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList()));
    }
}
