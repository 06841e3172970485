package org.jtgt.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jtgt.iscsi.IscsiNames;
import org.junit.jupiter.api.Test;

class TargetNamesTest {

    @Test
    void classAndMethodBecomeLowerCaseWithIllegalRunsAsOneDash() {
        assertEquals("iqn.2026-11.org.jtgt.junit:diskcopytest-copies-a-1g-image-3",
                TargetNames.forTest("DiskCopyTest", "copies_a 1G__image()", 3));
    }

    @Test
    void nonAsciiLettersAndLeadingOrTrailingJunkGoAway() {
        assertEquals("gr-e", TargetNames.part("__Größe!!"));
        assertEquals("test", TargetNames.part("$$$"), "an empty part is named test");
    }

    @Test
    void theLongestNamesStayLegalAndKeepTheirNumber() {
        String name = TargetNames.forTest("C".repeat(300), "m".repeat(300), Integer.MAX_VALUE);
        assertTrue(name.length() <= IscsiNames.MAX_LENGTH, name.length() + " characters");
        assertTrue(name.endsWith("-" + Integer.MAX_VALUE), name);
        assertEquals(name, IscsiNames.check(name));
    }
}
