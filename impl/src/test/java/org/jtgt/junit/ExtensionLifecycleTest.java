package org.jtgt.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jtgt.server.JtgtServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * How the extension behaves as JUnit runs it: tests of one class in parallel, tests that fail,
 * parameters asked for where there are none. Each case is a scenario class, run here by
 * JUnit's {@link EngineTestKit}, whose outcome is checked afterwards. Scenarios record what
 * they saw in static fields, which only this test reads.
 */
class ExtensionLifecycleTest {

    /** The configuration parameter that lets scenario classes run; without it they are disabled. */
    private static final String SCENARIO = "jtgt.junit.scenario";

    @Test
    void testsOfOneClassRunInParallelEachOnItsOwnTarget() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameters(Map.of(SCENARIO, "true",
                        "junit.jupiter.execution.parallel.enabled", "true",
                        "junit.jupiter.execution.parallel.config.strategy", "fixed",
                        "junit.jupiter.execution.parallel.config.fixed.parallelism", "4"))
                .selectors(selectClass(ParallelScenario.class))
                .execute();

        assertEquals(List.of(), failures(results));
        results.testEvents().assertStatistics(s -> s.started(ParallelScenario.TESTS).succeeded(ParallelScenario.TESTS));
        assertEquals(ParallelScenario.TESTS, ParallelScenario.IQNS.size(), "every test had a target of its own: " + ParallelScenario.IQNS);
        assertEquals(1, ParallelScenario.SERVERS.size(), "all on the class's one server");
        assertEquals(List.of(0), ParallelScenario.TARGETS_AFTER_ALL, "every target was removed after its test");
        assertTrue(ParallelScenario.SERVERS.iterator().next().portals().isEmpty(), "the server was closed after the class");
    }

    @Test
    void theTargetOfAFailedTestIsRemovedAndItsClassServerClosed() {
        EngineExecutionResults results = run(FailingTestScenario.class);

        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        assertNotNull(FailingTestScenario.iqn);
        assertEquals(List.of(false), FailingTestScenario.TARGET_THERE_AFTER_ALL, "the failed test's target was removed");
        assertTrue(FailingTestScenario.server.portals().isEmpty(), "the server was closed");
    }

    @Test
    void theServerOfAFailedTestIsClosed() {
        EngineExecutionResults results = run(FailingTestWithItsOwnServerScenario.class);

        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        assertTrue(FailingTestWithItsOwnServerScenario.server.portals().isEmpty(), "the test's server was closed");
    }

    @Test
    void aTargetAskedForOutsideATestIsRefusedWithAMessageThatSaysWhere() {
        EngineExecutionResults results = run(TargetInBeforeAllScenario.class);

        List<Throwable> thrown = failures(results);
        assertEquals(1, thrown.size(), thrown.toString());
        assertTrue(thrown.get(0) instanceof ParameterResolutionException, thrown.toString());
        assertTrue(thrown.get(0).getMessage().contains("exists only for a test"), thrown.get(0).getMessage());
    }

    @Test
    void aUrlOfALunTheTargetsDoNotHaveIsRefused() {
        EngineExecutionResults results = run(UnknownLunScenario.class);

        List<Throwable> thrown = failures(results);
        assertEquals(1, thrown.size(), thrown.toString());
        assertTrue(thrown.get(0).getMessage().contains("@LunUrl(5)") && thrown.get(0).getMessage().contains("[0]"),
                thrown.get(0).getMessage());
    }

    private static EngineExecutionResults run(Class<?> scenario) {
        return EngineTestKit.engine("junit-jupiter").configurationParameter(SCENARIO, "true").selectors(selectClass(scenario)).execute();
    }

    /** What failed a test or a class, in the order it happened. */
    private static List<Throwable> failures(EngineExecutionResults results) {
        return results.allEvents().failed().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                .toList();
    }

    /** Disables scenario classes unless {@link EngineTestKit} runs them from here. */
    static final class OnlyFromLifecycleTest implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(SCENARIO).isPresent()
                    ? ConditionEvaluationResult.enabled("run by ExtensionLifecycleTest")
                    : ConditionEvaluationResult.disabled("a scenario of ExtensionLifecycleTest, run only by it");
        }
    }

    /** Four tests (two methods) at once on one class-level server, each writing through its own target. */
    @ExtendWith(OnlyFromLifecycleTest.class)
    @Execution(ExecutionMode.CONCURRENT)
    static class ParallelScenario {

        static final int TESTS = 4;
        static final Set<String> IQNS = ConcurrentHashMap.newKeySet();
        static final Set<JtgtServer> SERVERS = ConcurrentHashMap.newKeySet();
        static final List<Integer> TARGETS_AFTER_ALL = new CopyOnWriteArrayList<>();
        /** Opens when two tests are running at the same time. */
        private static final CountDownLatch TWO_AT_ONCE = new CountDownLatch(2);

        @RegisterExtension
        static JtgtExtension jtgt = JtgtExtension.builder().threads(2).lun(0, "memory:16M").build();

        @ParameterizedTest
        @ValueSource(ints = {0x11, 0x22, 0x33})
        void writesItsPattern(int pattern, JtgtServer server, TestTarget target) throws Exception {
            useOwnTarget(server, target, pattern);
        }

        @Test
        void writesAnotherPattern(JtgtServer server, TestTarget target) throws Exception {
            useOwnTarget(server, target, 0x44);
        }

        /**
         * Waits until another test runs too (the wait is bounded only so that a run without
         * parallelism fails instead of hanging), then checks the target starts zeroed and
         * keeps what this test writes while the other tests write theirs.
         */
        private static void useOwnTarget(JtgtServer server, TestTarget target, int pattern) throws InterruptedException {
            IQNS.add(target.iqn());
            SERVERS.add(server);
            assertNotNull(server.targets().find(target.iqn()), "the target is on the server");
            TWO_AT_ONCE.countDown();
            assertTrue(TWO_AT_ONCE.await(60, TimeUnit.SECONDS), "another test of the class ran at the same time");
            QemuIo.run(target.url(0), "read -P 0 0 4M", "write -P " + pattern + " 0 4M", "read -P " + pattern + " 0 4M");
        }

        @AfterAll
        static void countTargets(JtgtServer server) {
            TARGETS_AFTER_ALL.add(server.targets().all().size());
        }
    }

    /** A test that fails after its target was used. */
    @ExtendWith(OnlyFromLifecycleTest.class)
    static class FailingTestScenario {

        static volatile String iqn;
        static volatile JtgtServer server;
        static final List<Boolean> TARGET_THERE_AFTER_ALL = new CopyOnWriteArrayList<>();

        @RegisterExtension
        static JtgtExtension jtgt = JtgtExtension.builder().threads(1).lun(0, "memory:1M").build();

        @Test
        void fails(TestTarget target) throws Exception {
            iqn = target.iqn();
            server = target.server();
            target.memoryLun(0).seed(0, new byte[] {1, 2, 3});
            fail("on purpose");
        }

        @AfterAll
        static void lookForTheTarget(JtgtServer s) {
            TARGET_THERE_AFTER_ALL.add(s.targets().find(iqn) != null);
        }
    }

    /** A test with a server of its own that fails. */
    @ExtendWith(OnlyFromLifecycleTest.class)
    static class FailingTestWithItsOwnServerScenario {

        static volatile JtgtServer server;

        @RegisterExtension
        JtgtExtension jtgt = JtgtExtension.builder().threads(1).lun(0, "memory:1M").build();

        @Test
        void fails(JtgtServer s) {
            server = s;
            throw new IllegalStateException("on purpose");
        }
    }

    /** Asks for a test target where there is no test. */
    @ExtendWith(OnlyFromLifecycleTest.class)
    static class TargetInBeforeAllScenario {

        @RegisterExtension
        static JtgtExtension jtgt = JtgtExtension.builder().threads(1).lun(0, "memory:1M").build();

        @BeforeAll
        static void tooEarly(TestTarget target) {
            fail("not reached: " + target);
        }

        @Test
        void test() {
        }
    }

    /** Asks for the URL of a LUN the targets do not have. */
    @ExtendWith(OnlyFromLifecycleTest.class)
    static class UnknownLunScenario {

        @RegisterExtension
        static JtgtExtension jtgt = JtgtExtension.builder().threads(1).lun(0, "memory:1M").build();

        @Test
        void test(@LunUrl(5) String url) {
            fail("not reached: " + url);
        }
    }
}
