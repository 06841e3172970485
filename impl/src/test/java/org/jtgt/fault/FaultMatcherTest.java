package org.jtgt.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jtgt.iscsi.IscsiNames;
import org.jtgt.testing.TestCdbs;
import org.junit.jupiter.api.Test;

/** Criteria, counting and reproducible probabilities of built-in rules. */
class FaultMatcherTest {

    @Test
    void anLbaRangeHitsCommandsThatTouchAnyOfItsBlocks() {
        FaultMatcher m = FaultMatcher.builder().lbas(1000, 1007).build();
        assertTrue(m.hits(FakeCommand.read(992, 9)), "992..1000 touches 1000");
        assertTrue(m.hits(FakeCommand.read(1007, 100)));
        assertFalse(m.hits(FakeCommand.read(992, 8)), "992..999 does not");
        assertFalse(m.hits(FakeCommand.read(1008, 8)));
        assertFalse(m.hits(FakeCommand.of(TestCdbs.inquiry(96), "iqn.x:y")), "INQUIRY addresses no block");
    }

    @Test
    void opcodesSelectByNameFamilyOrCode() {
        FaultMatcher reads = FaultMatcher.builder().opcodes("READ").build();
        assertTrue(reads.hits(FakeCommand.read(0, 1)));
        assertTrue(reads.hits(FakeCommand.of(TestCdbs.read16(0, 1), "iqn.x:y")));
        assertFalse(reads.hits(FakeCommand.write(0, 1)));
        FaultMatcher write16 = FaultMatcher.builder().opcodes("0x8A").build();
        assertTrue(write16.hits(FakeCommand.of(TestCdbs.write16(0, 1), "iqn.x:y")));
        assertFalse(write16.hits(FakeCommand.write(0, 1)));
        assertEquals("opcode=READ,WRITE(16)", FaultMatcher.builder().opcodes("read", "WRITE(16)").build().toString());
    }

    @Test
    void initiatorPatternsHaveWildcardsAndIgnoreCase() {
        FaultMatcher m = FaultMatcher.builder().initiator("iqn.1994-05.com.redhat:*").build();
        assertTrue(m.hits(FakeCommand.of(TestCdbs.testUnitReady(), "iqn.1994-05.com.RedHat:abc")));
        assertFalse(m.hits(FakeCommand.of(TestCdbs.testUnitReady(), "iqn.2008-11.org.linux-kvm:guest")));
        assertTrue(IscsiNames.matches("iqn.*:host-*", "iqn.2001-04.com.example:host-7"));
        assertFalse(IscsiNames.matches("iqn.*:host-*", "iqn.2001-04.com.example:db-7"));
        assertTrue(IscsiNames.matches("*", ""));
        assertFalse(IscsiNames.matches("a*b", "a"));
    }

    @Test
    void countHitsTheFirstNCandidatesOnly() {
        FaultMatcher m = FaultMatcher.builder().lbas(0, 0).count(2).build();
        assertFalse(m.hits(FakeCommand.read(5, 1)), "not a candidate, not counted");
        assertTrue(m.hits(FakeCommand.read(0, 1)));
        assertTrue(m.hits(FakeCommand.read(0, 1)));
        assertTrue(m.exhausted());
        assertFalse(m.hits(FakeCommand.read(0, 1)));
        assertEquals(2, m.hitCount());
        assertEquals(3, m.candidates());
    }

    @Test
    void everyHitsEachNthCandidate() {
        FaultMatcher m = FaultMatcher.builder().every(3).build();
        List<Boolean> hits = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            hits.add(m.hits(FakeCommand.read(i, 1)));
        }
        assertEquals(List.of(false, false, true, false, false, true, false), hits);
    }

    @Test
    void probabilityIsReproducibleFromItsSeed() {
        List<Integer> first = hitIndexes(FaultMatcher.builder().probability(0.25, 42).build());
        List<Integer> again = hitIndexes(FaultMatcher.builder().probability(0.25, 42).build());
        List<Integer> other = hitIndexes(FaultMatcher.builder().probability(0.25, 43).build());
        assertEquals(first, again);
        assertFalse(first.equals(other), "another seed, other commands");
        assertTrue(first.size() > 150 && first.size() < 350, "about a quarter of 1000: " + first.size());
    }

    private static List<Integer> hitIndexes(FaultMatcher m) {
        List<Integer> hit = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            if (m.hits(FakeCommand.read(i, 1))) {
                hit.add(i);
            }
        }
        return hit;
    }

    @Test
    void aCountOfOneHitsOnceAmongConcurrentWorkers() throws Exception {
        FaultMatcher m = FaultMatcher.builder().count(1).build();
        AtomicInteger hits = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        if (m.hits(FakeCommand.read(i, 1))) {
                            hits.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, hits.get());
        assertEquals(40_000, m.candidates());
    }

    @Test
    void badCriteriaAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> FaultMatcher.builder().lbas(10, 5));
        assertThrows(IllegalArgumentException.class, () -> FaultMatcher.builder().count(0));
        assertThrows(IllegalArgumentException.class, () -> FaultMatcher.builder().probability(0, 1));
        assertThrows(IllegalArgumentException.class, () -> FaultMatcher.builder().probability(1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> FaultMatcher.builder().opcodes("FROB"));
    }
}
