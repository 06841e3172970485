package org.jtgt.login;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The CHAP digest algorithms of the CHAP_A key (RFC 7143 §12.1.3, RFC 1994; SHA values as the
 * IANA registry and Linux assign them): 5 MD5, 6 SHA-1, 7 SHA-256, 8 SHA3-256.
 */
public enum ChapAlgorithm {
    MD5(5, "MD5"),
    SHA1(6, "SHA-1"),
    SHA256(7, "SHA-256"),
    SHA3_256(8, "SHA3-256");

    private final int code;
    private final String jcaName;

    ChapAlgorithm(int code, String jcaName) {
        this.code = code;
        this.jcaName = jcaName;
    }

    /** The CHAP_A value. */
    public int code() {
        return code;
    }

    /** The algorithm with that CHAP_A value, or {@code null}. */
    public static ChapAlgorithm of(int code) {
        for (ChapAlgorithm a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        return null;
    }

    /** The digest length in bytes, which is also the length of the target's challenges. */
    public int length() {
        return digest().getDigestLength();
    }

    /** The CHAP response: H(identifier || secret || challenge). */
    public byte[] response(int identifier, byte[] secret, byte[] challenge) {
        MessageDigest md = digest();
        md.update((byte) identifier);
        md.update(secret);
        md.update(challenge);
        return md.digest();
    }

    private MessageDigest digest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is missing from the JDK", e);
        }
    }
}
