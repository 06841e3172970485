package org.jtgt.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code @ExtendWith(JtgtExtension.class)}: the defaults, one 64 MiB memory LUN per test target. */
@ExtendWith(JtgtExtension.class)
class DefaultsTest {

    @Test
    void eachTargetHasOneMemoryLunOf64MiB(TestTarget target) {
        assertEquals(64L << 20, target.memoryLun(0).store().size());
        assertEquals(1, target.server().targets().find(target.iqn()).luns().size());
        QemuIo.run(target.url(0), "write -P 0x77 63M 1M", "read -P 0x77 63M 1M");
    }
}
