package org.jtgt.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.jtgt.iscsi.EngineContext;
import org.jtgt.server.JtgtServer;
import org.jtgt.testing.RealInitiators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * libiscsi's conformance suite (iscsi-test-cu, family ALL, with a second path so that the
 * multipath tests run, and with the Sanitize tests allowed) against an embedded server. The run
 * fails on any failed test and on any test of {@code conformance-baseline.txt} that no longer
 * passes, so no test that passed may come back as failed or skipped. Tests that pass beyond the
 * baseline are reported; add them.
 *
 * <p>Three things the Sanitize suite needs of the run:
 * <ul>
 * <li>its tests run one by one, each with its own sessions: run as one suite, Reservations
 *     leaves the second path's RESERVE(6) in place (libiscsi 1.19 releases it only when it
 *     opened that session itself), and Reset, next, meets RESERVATION CONFLICT;</li>
 * <li>the disk sanitizes at {@value #SANITIZE_RATE} bytes per second, so that the 256 MiB
 *     OVERWRITE of Reset is still in progress when it looks, three seconds on, and after its
 *     resets and reconnection;</li>
 * <li>an unanswered NOP-In closes a connection only after 90 s: Reset waits for the end of the
 *     sanitize in 60 s sleeps during which libiscsi answers nothing, and each reconnection
 *     would bring a new unit attention and another sleep.</li>
 * </ul>
 */
class ConformanceIT {

    private static final String TARGET = "iqn.2026-11.org.jtgt:conformance";
    private static final String SANITIZE_RATE = "32M";

    enum Result { PASS, FAIL, SKIP }

    @Test
    void familyAllPassesWithoutRegression(@TempDir Path dir) throws Exception {
        Path plan = dir.resolve("tests");
        Files.write(plan, plan(RealInitiators.run(Duration.ofMinutes(1), "iscsi-test-cu", "-l").ok().output()));
        Map<String, Result> results = run(dir, "memory:256M", Map.of("sanitizerate", SANITIZE_RATE), "-S", "-t", plan.toString());
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
        Map<String, Result> results = run(dir, store, Map.of(), "-t", tests.replace('|', ','));
        Map<String, Result> expected = new LinkedHashMap<>();
        for (String t : tests.split("\\|")) {
            expected.put(t.substring("ALL.".length()), Result.PASS);
        }
        assertEquals(expected, results);
    }

    /**
     * Runs iscsi-test-cu with {@code args} (which select the tests) against one LUN over
     * {@code store} with disk {@code options}, on two paths.
     */
    private static Map<String, Result> run(Path dir, String store, Map<String, String> options, String... args) throws Exception {
        EngineContext.ConnectionTimers defaults = EngineContext.ConnectionTimers.defaults();
        try (JtgtServer server = JtgtServer.builder().threads(2).shutdownGrace(Duration.ZERO)
                .timers(new EngineContext.ConnectionTimers(defaults.nopInMillis(), 90_000, defaults.loginTimeoutMillis()))
                .target(TARGET, t -> t.lun(0, store, options)).start()) {
            String url = server.url(TARGET, 0);
            Path log = dir.resolve("iscsi-test-cu.log");
            List<String> command = new ArrayList<>(List.of("iscsi-test-cu", "-d", "-v"));
            command.addAll(List.of(args));
            command.add(url);
            command.add(url);
            Process p = RealInitiators.start(log, command.toArray(String[]::new));
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("iscsi-test-cu did not finish within 10 minutes; its log ends:\n" + tail(RealInitiators.text(log)));
            }
            return parse(RealInitiators.text(log));
        }
    }

    /**
     * What to run, from {@code iscsi-test-cu -l}: each suite of family ALL whole, in its order,
     * but the Sanitize suite test by test (see the class comment).
     */
    static List<String> plan(String listing) {
        List<String> plan = new ArrayList<>();
        for (String line : listing.split("\n")) {
            String[] parts = line.trim().split("\\.");
            boolean sanitize = parts.length > 1 && parts[1].equals("Sanitize");
            if (parts[0].equals("ALL") && (parts.length == 2 && !sanitize || parts.length == 3 && sanitize)) {
                plan.add(line.trim());
            }
        }
        return plan;
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
    void thePlanRunsSuitesWholeButSanitizeTestByTest() {
        assertEquals(List.of("ALL.Read10", "ALL.Sanitize.BlockErase", "ALL.Sanitize.Reset", "ALL.iSCSITMF"), plan(String.join("\n",
                "ALL", "ALL.Read10", "ALL.Read10.Simple", "ALL.Sanitize", "ALL.Sanitize.BlockErase", "ALL.Sanitize.Reset", "ALL.iSCSITMF",
                "ALL.iSCSITMF.AbortTask", "SCSI", "SCSI.Read10", "SCSI.Sanitize.Reset", "LINUX.Read10")));
    }

    @Test
    void theBaselineIsWellFormed() throws IOException {
        List<String> b = list("/conformance-baseline.txt");
        assertTrue(b.size() >= 150, "the baseline holds what passes today: " + b.size());
        assertEquals(b.size(), new TreeSet<>(b).size(), "no duplicates");
    }
}
