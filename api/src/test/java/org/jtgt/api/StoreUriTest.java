package org.jtgt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreUriTest {

    @Test
    void parsesSchemePathAndParameters() {
        StoreUri u = StoreUri.parse("File:/var/lib/disk%20one.img?size=10G&ReadOnly");
        assertEquals("file", u.scheme());
        assertEquals("/var/lib/disk one.img", u.path());
        assertEquals(Map.of("size", "10G", "readonly", ""), u.parameters());
        assertEquals(10L << 30, u.sizeParameter("size", -1));
        assertTrue(u.booleanParameter("readonly", false));
        assertFalse(u.booleanParameter("absent", false));
        assertEquals("File:/var/lib/disk%20one.img?size=10G&ReadOnly", u.toString());
    }

    @Test
    void opaqueForms() {
        assertEquals("1G", StoreUri.parse("memory:1G").path());
        assertEquals("", StoreUri.parse("null:").path());
        assertEquals("a+b", StoreUri.parse("file:a+b").path(), "a plus stays a plus");
    }

    @Test
    void refusesMalformedUris() {
        assertThrows(IllegalArgumentException.class, () -> StoreUri.parse("no-scheme"));
        assertThrows(IllegalArgumentException.class, () -> StoreUri.parse(":1G"));
        assertThrows(IllegalArgumentException.class, () -> StoreUri.parse("1mem:1G"));
        assertThrows(IllegalArgumentException.class, () -> StoreUri.parse("file:/x%2"));
        assertThrows(IllegalArgumentException.class, () -> StoreUri.parse("file:/x?size=1&size=2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StoreUri.parse("memory:1G?readonly=perhaps").booleanParameter("readonly", false));
        assertTrue(e.getMessage().contains("perhaps"), e.getMessage());
    }

    @Test
    void sizes() {
        assertEquals(4096, StoreUri.parseSize("4096"));
        assertEquals(64 * 1024, StoreUri.parseSize("64k"));
        assertEquals(1L << 30, StoreUri.parseSize("1G"));
        assertEquals(2L << 40, StoreUri.parseSize("2TiB"));
        assertEquals(512L << 20, StoreUri.parseSize("512MB"));
        assertEquals(1L << 50, StoreUri.parseSize("1P"));
        for (String bad : new String[] {"", "G", "1.5G", "-1", "1X", "99999999999999999999", "9000000P"}) {
            assertThrows(IllegalArgumentException.class, () -> StoreUri.parseSize(bad), bad);
        }
    }
}
