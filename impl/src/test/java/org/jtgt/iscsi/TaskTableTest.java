package org.jtgt.iscsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import org.jtgt.buffer.BufferPool;
import org.jtgt.pdu.Bhs;
import org.junit.jupiter.api.Test;

class TaskTableTest {

    private static IscsiTask task() {
        return new IscsiTask(null, new BufferPool(0));
    }

    @Test
    void findsAddsReplacesAndRemovesByTag() {
        TaskTable table = new TaskTable();
        IscsiTask a = task();
        IscsiTask b = task();
        assertTrue(table.isEmpty());
        table.put(7, a);
        table.put(Bhs.RESERVED_TAG, b);     // any 32-bit tag, even the reserved one a hostile initiator may send
        assertSame(a, table.get(7));
        assertSame(b, table.get(Bhs.RESERVED_TAG));
        assertNull(table.get(8));
        table.put(7, b);
        assertSame(b, table.get(7));
        assertEquals(2, table.size());
        table.remove(7);
        table.remove(7);
        assertFalse(table.containsKey(7));
        assertEquals(1, table.size());
        assertEquals(1, table.snapshot().size());
    }

    /** Random puts and removes, many of them colliding, agree with a HashMap at every step. */
    @Test
    void agreesWithAHashMap() {
        Random random = new Random(42);
        TaskTable table = new TaskTable();
        Map<Integer, IscsiTask> expected = new HashMap<>();
        IscsiTask[] pool = new IscsiTask[8];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = task();
        }
        for (int step = 0; step < 200_000; step++) {
            int itt = random.nextInt(300) * (random.nextBoolean() ? 1 : 0x10000);     // small and spread-out tags
            if (random.nextInt(3) == 0) {
                table.remove(itt);
                expected.remove(itt);
            } else {
                IscsiTask t = pool[random.nextInt(pool.length)];
                table.put(itt, t);
                expected.put(itt, t);
            }
            assertEquals(expected.size(), table.size());
            int probe = random.nextInt(300) * (random.nextBoolean() ? 1 : 0x10000);
            assertSame(expected.get(probe), table.get(probe), "tag " + probe + " at step " + step);
        }
        for (Map.Entry<Integer, IscsiTask> e : expected.entrySet()) {
            assertSame(e.getValue(), table.get(e.getKey()));
        }
        assertEquals(new HashSet<>(expected.values()).size(), new HashSet<>(table.snapshot()).size());
    }
}
