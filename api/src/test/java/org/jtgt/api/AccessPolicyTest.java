package org.jtgt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    @Test
    void openLetsEveryoneIn() throws Exception {
        assertTrue(AccessPolicy.OPEN.permits("iqn.x:y", InetAddress.getByName("1.2.3.4")));
        assertFalse(AccessPolicy.OPEN.requiresChap());
    }

    @Test
    void rulesAreCheckedWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> AccessPolicy.builder().allow("someone"));
        assertThrows(IllegalArgumentException.class, () -> AccessPolicy.builder().allow("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> AccessPolicy.builder().allow(""));
        assertThrows(IllegalArgumentException.class, () -> AccessPolicy.builder().mutualChap(ChapAccount.of("t", "target-secret")).build());
        assertThrows(IllegalArgumentException.class, () -> AccessPolicy.builder().chap(ChapAccount.of("a", "same-secret-1"))
                .mutualChap(ChapAccount.of("t", "same-secret-1")).build());
        assertThrows(IllegalArgumentException.class, () -> AccessPolicy.builder().chap(ChapAccount.of("a", "x")).chap(ChapAccount.of("a", "y")));
    }

    @Test
    void accountsParseAndHideTheirSecrets() {
        ChapAccount a = ChapAccount.parse("user:pa:ss:word");
        assertEquals("user", a.name());
        assertEquals("pa:ss:word", new String(a.secret()));
        assertFalse(a.toString().contains("pa:ss"));
        assertTrue(ChapAccount.of("u", "short").weak());
        assertFalse(ChapAccount.of("u", "twelve-bytes").weak());
        assertThrows(IllegalArgumentException.class, () -> ChapAccount.parse("nosecret"));
        assertThrows(IllegalArgumentException.class, () -> ChapAccount.parse(":secret"));
        assertFalse(AccessPolicy.builder().chap(a).build().toString().contains("pa:ss"));
    }
}
