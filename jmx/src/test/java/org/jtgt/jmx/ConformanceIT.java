package org.jtgt.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.jtgt.server.JtgtServer;
import org.jtgt.testing.RealInitiators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * libiscsi's conformance suite (iscsi-test-cu, family ALL, with a second path so that the
 * multipath tests run) against an embedded server. The run fails on any failed test and on any
 * test of {@code conformance-baseline.txt} that no longer passes, so no test that passed may
 * come back as failed or skipped. Tests that pass beyond the baseline are reported; add them.
 */
class ConformanceIT {

    private static final String TARGET = "iqn.2026-11.org.jtgt:conformance";

    enum Result { PASS, FAIL, SKIP }

    @Test
    void familyAllPassesWithoutRegression(@TempDir Path dir) throws Exception {
        Map<String, Result> results = run(dir, "memory:256M", "ALL");
        List<String> baseline = list("/conformance-baseline.txt");
        List<String> known = list("/conformance-known-failures.txt");
        List<String> failed = new ArrayList<>();
        List<String> regressed = new ArrayList<>();
        TreeSet<String> newPasses = new TreeSet<>();
        results.forEach((test, result) -> {
            if (result == Result.FAIL && !known.contains(test)) {
                failed.add(test);
            } else if (result == Result.PASS && !baseline.contains(test)) {
                newPasses.add(test);
            }
        });
        for (String test : baseline) {
            if (results.get(test) != Result.PASS) {
                regressed.add(test + " (" + results.getOrDefault(test, null) + ")");
            }
        }
        long passed = results.values().stream().filter(r -> r == Result.PASS).count();
        long skipped = results.values().stream().filter(r -> r == Result.SKIP).count();
        System.out.printf("conformance: %d passed, %d failed, %d skipped of %d%n", passed, failed.size(), skipped, results.size());
        for (String test : known) {
            if (results.get(test) != Result.FAIL) {
                System.out.println("known failure " + test + " is now " + results.get(test) + ": remove it from conformance-known-failures.txt");
            }
        }
        if (!newPasses.isEmpty()) {
            System.out.println("passing beyond the baseline (add them to conformance-baseline.txt):");
            newPasses.forEach(t -> System.out.println(t));
        }
        assertEquals(230, results.size(), "every test of family ALL ran");
        assertTrue(failed.isEmpty(), "failed: " + failed);
        assertTrue(regressed.isEmpty(), "passed before, not now: " + regressed);
    }

    /**
     * The tests the default disk skips because they need another kind of disk: more than one
     * logical block per physical block, or a write-protected unit. They run against such disks
     * and must pass.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "memory:64M?physicalblocksize=4096, ALL.CompareAndWrite.InvalidDataOutSize|ALL.WriteSame10.UnmapUnaligned"
                + "|ALL.WriteSame10.InvalidDataOutSize|ALL.WriteSame16.UnmapUnaligned|ALL.WriteSame16.InvalidDataOutSize",
        "memory:64M?readonly=true, ALL.ReadOnly.ReadOnlySBC"})
    void testsThatNeedAnotherKindOfDiskPassOnIt(String store, String tests, @TempDir Path dir) throws Exception {
        Map<String, Result> results = run(dir, store, tests.replace('|', ','));
        Map<String, Result> expected = new LinkedHashMap<>();
        for (String t : tests.split("\\|")) {
            expected.put(t.substring("ALL.".length()), Result.PASS);
        }
        assertEquals(expected, results);
    }

    /** Runs iscsi-test-cu's tests {@code selection} (its -t syntax) against one LUN over {@code store}, on two paths. */
    private static Map<String, Result> run(Path dir, String store, String selection) throws Exception {
        try (JtgtServer server = JtgtServer.builder().threads(2).shutdownGrace(Duration.ZERO)
                .target(TARGET, t -> t.lun(0, store)).start()) {
            String url = server.url(TARGET, 0);
            Path log = dir.resolve("iscsi-test-cu.log");
            Process p = RealInitiators.start(log, "iscsi-test-cu", "-d", "-v", "-t", selection, url, url);
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("iscsi-test-cu did not finish within 10 minutes; its log ends:\n" + tail(RealInitiators.text(log)));
            }
            return parse(RealInitiators.text(log));
        }
    }

    /** Reads iscsi-test-cu's verbose CUnit output: suite, test, and whether it passed, failed or skipped. */
    static Map<String, Result> parse(String output) {
        Map<String, Result> results = new LinkedHashMap<>();
        String suite = null;
        String test = null;
        boolean skipped = false;
        for (String line : output.split("\n")) {
            String rest = null;
            if (line.startsWith("Suite: ")) {
                suite = line.substring(7).trim();
                test = null;
                continue;
            }
            if (line.startsWith("  Test: ")) {
                int dots = line.indexOf(" ...");
                test = line.substring(8, dots < 0 ? line.length() : dots).trim();
                skipped = false;
                rest = dots < 0 ? "" : line.substring(dots + 4);
            } else if (test != null) {
                rest = line;
            }
            if (rest == null) {
                continue;
            }
            if (rest.startsWith("passed")) {
                results.put(suite + "." + test, skipped ? Result.SKIP : Result.PASS);
                test = null;
            } else if (rest.startsWith("FAILED")) {
                results.put(suite + "." + test, Result.FAIL);
                test = null;
            } else if (rest.contains("[SKIPPED]")) {
                skipped = true;
            }
        }
        return results;
    }

    /** The test names a resource lists, one per line; {@code #} starts a comment. */
    private static List<String> list(String resource) throws IOException {
        try (InputStream in = ConformanceIT.class.getResourceAsStream(resource)) {
            List<String> tests = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int hash = line.indexOf('#');
                String t = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    tests.add(t);
                }
            }
            return tests;
        }
    }

    private static String tail(String text) {
        return text.length() <= 3000 ? text : text.substring(text.length() - 3000);
    }

    @Test
    void theParserReadsEachLayout() {
        Map<String, Result> r = parse(String.join("\n",
                "Suite: Read10",
                "  Test: Simple ...passed",
                "  Test: Logged ...",
                "    some log line",
                "passed    [SKIPPED] PERSISTENT RESERVE IN is not implemented.",
                "  Test: Skipper ...",
                "    [SKIPPED] READ10 is not implemented.",
                "passed",
                "Suite: Write10",
                "  Test: Broken ...FAILED",
                "    1. test_x.c:12  - CU_ASSERT(x)"));
        assertEquals(Map.of("Read10.Simple", Result.PASS, "Read10.Logged", Result.PASS, "Read10.Skipper", Result.SKIP,
                "Write10.Broken", Result.FAIL), r);
    }

    @Test
    void theBaselineIsWellFormed() throws IOException {
        List<String> b = list("/conformance-baseline.txt");
        assertTrue(b.size() >= 150, "the baseline holds what passes today: " + b.size());
        assertEquals(b.size(), new TreeSet<>(b).size(), "no duplicates");
    }
}
