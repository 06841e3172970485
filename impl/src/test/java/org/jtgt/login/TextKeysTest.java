package org.jtgt.login;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextKeysTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesNulTerminatedPairsInOrder() throws Exception {
        List<KeyValue> keys = TextKeys.parse(ascii("InitiatorName=iqn.a\0SessionType=Normal\0HeaderDigest=None,CRC32C\0"));
        assertEquals(List.of(new KeyValue("InitiatorName", "iqn.a"), new KeyValue("SessionType", "Normal"),
                new KeyValue("HeaderDigest", "None,CRC32C")), keys);
    }

    @Test
    void acceptsAMissingFinalNulAndPadding() throws Exception {
        assertEquals(List.of(new KeyValue("A", "1"), new KeyValue("B", "")), TextKeys.parse(ascii("A=1\0\0\0B=")));
    }

    @Test
    void valuesMayContainEqualsSigns() throws Exception {
        assertEquals(List.of(new KeyValue("CHAP_C", "0x0a=b")), TextKeys.parse(ascii("CHAP_C=0x0a=b\0")));
    }

    @Test
    void refusesMalformedText() {
        assertThrows(TextFormatException.class, () -> TextKeys.parse(ascii("NoEquals\0")));
        assertThrows(TextFormatException.class, () -> TextKeys.parse(ascii("=value\0")));
        assertThrows(TextFormatException.class, () -> TextKeys.parse(ascii("K".repeat(64) + "=v\0")));
    }

    @Test
    void formatsWhatItParses() throws Exception {
        List<KeyValue> keys = List.of(new KeyValue("TargetName", "iqn.x"), new KeyValue("TargetAddress", "[::1]:3260,1"));
        byte[] text = TextKeys.format(keys);
        assertArrayEquals(ascii("TargetName=iqn.x\0TargetAddress=[::1]:3260,1\0"), text);
        assertEquals(keys, TextKeys.parse(text));
    }
}
