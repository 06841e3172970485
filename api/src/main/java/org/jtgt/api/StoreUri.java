package org.jtgt.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed backing-store URI: {@code scheme:path[?name=value[&name=value...]]}, for example
 * {@code memory:1G}, {@code file:/var/lib/disk.img?size=10G} or {@code null:1T?blocksize=4096}.
 *
 * <p>The path is everything between the colon and the first {@code ?}; its meaning belongs to
 * the scheme (a size for {@code memory:}, a file name for {@code file:}). Path and parameter
 * values may hold percent escapes ({@code %20}); a {@code +} stays a plus. Parameter names are
 * case-insensitive and stored in lower case. Immutable and thread-safe.
 */
public final class StoreUri {

    private final String text;
    private final String scheme;
    private final String path;
    private final Map<String, String> parameters;

    private StoreUri(String text, String scheme, String path, Map<String, String> parameters) {
        this.text = text;
        this.scheme = scheme;
        this.path = path;
        this.parameters = parameters;
    }

    /**
     * Parses a store URI.
     *
     * @throws IllegalArgumentException if the text has no scheme, a malformed scheme, a bad
     *         percent escape or a parameter given twice
     */
    public static StoreUri parse(String text) {
        Objects.requireNonNull(text, "store URI");
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("store URI '" + text + "' has no scheme (expected e.g. memory:1G or file:/path)");
        }
        String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!isScheme(scheme)) {
            throw new IllegalArgumentException("store URI '" + text + "' has a malformed scheme '" + scheme + "'");
        }
        String rest = text.substring(colon + 1);
        int question = rest.indexOf('?');
        String path = decode(question < 0 ? rest : rest.substring(0, question), text);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (question >= 0) {
            for (String pair : rest.substring(question + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), text).toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), text);
                if (parameters.putIfAbsent(name, value) != null) {
                    throw new IllegalArgumentException("store URI '" + text + "' gives parameter '" + name + "' twice");
                }
            }
        }
        return new StoreUri(text, scheme, path, Collections.unmodifiableMap(parameters));
    }

    /** The scheme in lower case, e.g. {@code memory}. */
    public String scheme() {
        return scheme;
    }

    /** The decoded part between the colon and the query, e.g. {@code 1G} or {@code /tmp/d.img}. */
    public String path() {
        return path;
    }

    /** All parameters, names in lower case, in the order given. */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** The value of a parameter, or {@code defaultValue} if it is absent. */
    public String parameter(String name, String defaultValue) {
        return parameters.getOrDefault(name.toLowerCase(Locale.ROOT), defaultValue);
    }

    /**
     * A boolean parameter: absent is {@code defaultValue}; present without a value, {@code true},
     * {@code yes} or {@code 1} is true; {@code false}, {@code no} or {@code 0} is false.
     *
     * @throws IllegalArgumentException for any other value
     */
    public boolean booleanParameter(String name, boolean defaultValue) {
        String value = parameters.get(name.toLowerCase(Locale.ROOT));
        if (value == null) {
            return defaultValue;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "": case "true": case "yes": case "1":
                return true;
            case "false": case "no": case "0":
                return false;
            default:
                throw new IllegalArgumentException("store URI '" + text + "': parameter " + name
                        + " must be true or false, not '" + value + "'");
        }
    }

    /**
     * A size parameter in the syntax of {@link #parseSize}, or {@code defaultValue} if absent.
     *
     * @throws IllegalArgumentException if the value is not a size
     */
    public long sizeParameter(String name, long defaultValue) {
        String value = parameters.get(name.toLowerCase(Locale.ROOT));
        if (value == null) {
            return defaultValue;
        }
        try {
            return parseSize(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("store URI '" + text + "': parameter " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a size: a whole number of bytes with an optional binary suffix {@code K}, {@code M},
     * {@code G}, {@code T} or {@code P} (powers of 1024), optionally followed by {@code iB} or
     * {@code B}, in any case: {@code 4096}, {@code 64k}, {@code 1G}, {@code 2TiB}.
     *
     * @throws IllegalArgumentException if the text is not such a size or exceeds
     *         {@link Long#MAX_VALUE}
     */
    public static long parseSize(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        if (s.endsWith("IB")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("B")) {
            s = s.substring(0, s.length() - 1);
        }
        int shift = 0;
        if (!s.isEmpty()) {
            int unit = "KMGTP".indexOf(s.charAt(s.length() - 1));
            if (unit >= 0) {
                shift = 10 * (unit + 1);
                s = s.substring(0, s.length() - 1);
            }
        }
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + text + "' is not a size (expected e.g. 4096, 64K, 1G, 2T)");
        }
        try {
            long value = Long.parseLong(s);
            if (shift > 0 && value > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return value << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size '" + text + "' is too large", e);
        }
    }

    private static boolean isScheme(String s) {
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static String decode(String s, String whole) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            int percent = s.indexOf('%', i);
            if (percent != i) {
                int end = percent < 0 ? s.length() : percent;
                out.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
                continue;
            }
            int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("store URI '" + whole + "' has a bad percent escape at '" + s.substring(i) + "'");
            }
            out.write(hi << 4 | lo);
            i += 3;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreUri && ((StoreUri) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The URI exactly as it was given. */
    @Override
    public String toString() {
        return text;
    }
}
