package org.jtgt.login;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The text format of Login and Text PDU data segments (RFC 7143 §6.1): UTF-8
 * {@code key=value} pairs, each ending in a NUL byte. Stateless.
 */
public final class TextKeys {

    /** Longest key name allowed (RFC 7143 §6.1). */
    public static final int MAX_KEY_LENGTH = 63;

    private TextKeys() {
    }

    /**
     * Parses text into pairs, in order. A final pair without its NUL is accepted (some
     * initiators leave it off); empty strings between NULs (padding) are skipped.
     *
     * @throws TextFormatException if a pair has no {@code =}, an empty or overlong key name
     */
    public static List<KeyValue> parse(byte[] text) throws TextFormatException {
        List<KeyValue> pairs = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length; i++) {
            if (i == text.length || text[i] == 0) {
                if (i > start) {
                    pairs.add(pair(new String(text, start, i - start, StandardCharsets.UTF_8)));
                }
                start = i + 1;
            }
        }
        return pairs;
    }

    /** Parses the bytes between position and limit without moving them. */
    public static List<KeyValue> parse(ByteBuffer data) throws TextFormatException {
        byte[] bytes = new byte[data.remaining()];
        data.get(data.position(), bytes);
        return parse(bytes);
    }

    private static KeyValue pair(String s) throws TextFormatException {
        int eq = s.indexOf('=');
        if (eq < 0) {
            throw new TextFormatException("text key without '=': '" + abbreviate(s) + "'");
        }
        String key = s.substring(0, eq);
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new TextFormatException("bad text key name '" + abbreviate(key) + "'");
        }
        return new KeyValue(key, s.substring(eq + 1));
    }

    /** Formats pairs as NUL-terminated {@code key=value} strings. */
    public static byte[] format(List<KeyValue> pairs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (KeyValue kv : pairs) {
            out.writeBytes(kv.key().getBytes(StandardCharsets.UTF_8));
            out.write('=');
            out.writeBytes(kv.value().getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
