package org.jtgt.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A CHAP account (RFC 7143 §12.1.3): a name and its secret. Used both for initiators that must
 * authenticate to a target and for the target's own account in mutual CHAP. The secret never
 * appears in {@link #toString()}, logs or management. Immutable; thread-safe.
 */
public final class ChapAccount {

    /** RFC 7143 §12.1.3: secrets should be at least 96 bits. Shorter ones draw a warning. */
    public static final int RECOMMENDED_SECRET_BYTES = 12;

    private final String name;
    private final byte[] secret;

    private ChapAccount(String name, byte[] secret) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a CHAP account needs a name");
        }
        if (secret.length == 0) {
            throw new IllegalArgumentException("CHAP account " + name + " needs a secret");
        }
        this.name = name;
        this.secret = secret;
    }

    public static ChapAccount of(String name, String secret) {
        Objects.requireNonNull(secret, "secret");
        return new ChapAccount(name, secret.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses {@code NAME:SECRET} (the secret may hold colons). */
    public static ChapAccount parse(String nameColonSecret) {
        int colon = nameColonSecret == null ? -1 : nameColonSecret.indexOf(':');
        if (colon <= 0 || colon == nameColonSecret.length() - 1) {
            throw new IllegalArgumentException("a CHAP account is given as NAME:SECRET");
        }
        return of(nameColonSecret.substring(0, colon), nameColonSecret.substring(colon + 1));
    }

    public String name() {
        return name;
    }

    /** A copy of the secret. */
    public byte[] secret() {
        return secret.clone();
    }

    /** Whether the secret is shorter than {@link #RECOMMENDED_SECRET_BYTES}. */
    public boolean weak() {
        return secret.length < RECOMMENDED_SECRET_BYTES;
    }

    /** Whether both accounts have the same secret (which RFC 7143 forbids across directions). */
    public boolean sameSecretAs(ChapAccount other) {
        return other != null && MessageDigest.isEqual(secret, other.secret);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChapAccount && ((ChapAccount) o).name.equals(name) && Arrays.equals(((ChapAccount) o).secret, secret);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "CHAP account " + name;
    }
}
