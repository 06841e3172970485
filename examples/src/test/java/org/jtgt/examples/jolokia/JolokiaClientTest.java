package org.jtgt.examples.jolokia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jtgt.examples.RunningDaemon;
import org.jtgt.testing.RealInitiators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Example 5 against the real daemon process: read statistics, resize the worker pool, add a
 * LUN and use it with a real initiator, all over plain HTTP.
 */
class JolokiaClientTest {

    private static final String TARGET = "iqn.2026-11.org.jtgt:disk0";
    private static final String SERVER = "org.jtgt:type=Server,name=jtgt";
    private static final String POOL = "org.jtgt:type=WorkerPool,server=jtgt";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private static RunningDaemon daemon;
    private static JolokiaClient jolokia;

    @BeforeAll
    static void startDaemon() throws Exception {
        daemon = RunningDaemon.start(dir.resolve("daemon.log"), List.of(), 1,
                "--portal", "127.0.0.1:0", "-T", "2", "--jolokia", "127.0.0.1:0", "--lun", "0=memory:16M");
        jolokia = new JolokiaClient(daemon.jolokia());
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        daemon.close();
    }

    private static long number(String json) {
        Matcher m = Pattern.compile("\"value\":(\\d+)").matcher(json);
        assertTrue(m.find(), json);
        return Long.parseLong(m.group(1));
    }

    private static String lunBean(int lun) {
        return "org.jtgt:type=LogicalUnit,server=jtgt,target=\"" + TARGET + "\",name=" + lun;
    }

    @Test
    void statisticsFollowWhatAnInitiatorDid() throws Exception {
        long before = number(jolokia.read(lunBean(0), "Commands"));
        RealInitiators.run(TIMEOUT, "qemu-io", "-f", "raw", "-c", "write -P 7 0 64k", "-c", "read -P 7 0 64k", daemon.urls().get(0)).ok();
        long after = number(jolokia.read(lunBean(0), "Commands"));
        assertTrue(after >= before + 2, "a write and a read at least: " + before + " -> " + after);
        assertTrue(number(jolokia.read(lunBean(0), "BytesWritten")) >= 65536);
    }

    @Test
    void theWorkerPoolResizesLive() throws Exception {
        jolokia.write(POOL, "ThreadCount", "3");
        assertEquals(3, number(jolokia.read(POOL, "ThreadCount")));
        String workers = jolokia.search("org.jtgt:type=Worker,server=jtgt,*");
        assertEquals(3, Pattern.compile("\"org\\.jtgt:[^\"]*type=Worker\"").matcher(workers).results().count(), workers);
        RealInitiators.run(TIMEOUT, "iscsi-inq", daemon.urls().get(0)).ok();
        jolokia.write(POOL, "ThreadCount", "2");
        assertEquals(2, number(jolokia.read(POOL, "ThreadCount")));
    }

    @Test
    void aLunAddedOverHttpServesAnInitiator() throws Exception {
        String added = jolokia.exec(SERVER, "addLun", "\"" + TARGET + "\"", "5", "\"memory:8M\"");
        Matcher url = Pattern.compile("\"value\":\"(iscsi://[^\"]+)\"").matcher(added);
        assertTrue(url.find(), added);
        assertTrue(url.group(1).endsWith("/5"), url.group(1));
        String cap = RealInitiators.run(TIMEOUT, "iscsi-readcapacity16", url.group(1)).ok().output();
        assertTrue(cap.contains("Total size:8388608"), cap);
        jolokia.exec(SERVER, "removeLun", "\"" + TARGET + "\"", "5");
        JolokiaClient.JolokiaException gone = assertThrows(JolokiaClient.JolokiaException.class, () -> jolokia.read(lunBean(5), "Capacity"));
        assertEquals(404, gone.status(), gone.getMessage());
    }

    @Test
    void thePolicyForbidsChangingBeansOutsideJtgt() {
        JolokiaClient.JolokiaException e = assertThrows(JolokiaClient.JolokiaException.class,
                () -> jolokia.exec("java.lang:type=Memory", "gc"));
        assertEquals(403, e.status(), e.getMessage());
    }
}
