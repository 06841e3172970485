package org.jtgt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.logging.log4j.Level;
import org.jtgt.iscsi.EngineContext;
import org.jtgt.iscsi.Limits;
import org.jtgt.login.KeyValue;
import org.jtgt.pdu.Bhs;
import org.jtgt.pdu.Opcode;
import org.jtgt.server.JtgtServer;
import org.jtgt.testing.InitiatorPdus;
import org.jtgt.testing.LogCapture;
import org.jtgt.testing.RealInitiators;
import org.jtgt.testing.TestCdbs;
import org.jtgt.testing.TestInitiator;
import org.jtgt.testing.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of hostile connections against one server while real initiators use it: garbage,
 * truncated PDUs, valid opcodes in the wrong phase, oversized lengths, slow dribbles, silent
 * sockets, resets mid-PDU and a peer that stops reading. Each attack checks the target's answer
 * (the connection is closed, or a Reject and the session goes on); meanwhile qemu-io sessions
 * write and verify their data, and afterwards no connection, session, buffer or thread is left
 * over and nothing was logged at ERROR.
 */
class HostileClientsTest {

    private static final String TARGET = "iqn.2026-11.org.jtgt.it:hostile";
    private static final int PER_KIND = 32;
    private static final int LOGIN_TIMEOUT_MS = 2000;
    private static final int NOP_IN_MS = 1000;
    private static final int NOP_TIMEOUT_MS = 2000;
    /** The target checks its timers once a second: a timeout fires up to this much late. */
    private static final int TIMER_SLACK_MS = 2500;
    private static final long POOL_IDLE_BYTES = 32L << 20;

    enum Attack {
        GARBAGE, TRUNCATED_LOGIN, WRONG_PHASE, OVERSIZED_LOGIN, SLOW_DRIBBLE, SILENT, RESET_MID_PDU,
        FFP_BAD_OPCODES, FFP_LOGIN_AGAIN, FFP_OVERSIZED, FFP_TRUNCATED_WRITE, STUCK_READER
    }

    private InetSocketAddress portal;
    private final AtomicInteger initiators = new AtomicInteger();

    @Test
    void theTargetSurvivesAndOthersKeepTheirData(@TempDir Path dir) throws Exception {
        JtgtServer.Builder builder = JtgtServer.builder().name("hostile").threads(2).bufferPoolBytes(POOL_IDLE_BYTES)
                .timers(new EngineContext.ConnectionTimers(NOP_IN_MS, NOP_TIMEOUT_MS, LOGIN_TIMEOUT_MS))
                .limits(new Limits(1024, 1024, 4096, 64, 16 << 20, 64L << 20))
                .shutdownGrace(Duration.ZERO)
                .target(TARGET, t -> t.lun(0, "memory:64M"));
        try (JtgtServer server = builder.start(); LogCapture errors = new LogCapture(Level.ERROR)) {
            portal = server.portals().get(0);
            String url = server.url(TARGET, 0);
            for (int mb = 0; mb < 32; mb += 4) {     // the store allocates its memory for every region used below
                verifyWithQemuIo(url, mb, 0x5a, dir.resolve("warmup-" + mb + ".log"));
            }
            awaitIdle(server);
            Set<Long> threadsBefore = liveThreadIds();
            long directBefore = directMemoryAfterGc();

            AtomicBoolean attacking = new AtomicBoolean(true);
            AtomicInteger verified = new AtomicInteger();
            ExecutorService legit = Executors.newSingleThreadExecutor(r -> new Thread(r, "legit-initiator"));
            Future<?> legitRuns = legit.submit(() -> {
                for (int i = 1; attacking.get() || i <= 3; i++) {
                    verifyWithQemuIo(url, (i % 8) * 4, 0x10 + i % 200, dir.resolve("legit-" + i + ".log"));
                    verified.incrementAndGet();
                }
                return null;
            });

            Map<Attack, AtomicLong> failures = new EnumMap<>(Attack.class);
            List<String> firstFailures = Collections.synchronizedList(new ArrayList<>());
            ExecutorService attackers = Executors.newFixedThreadPool(64, r -> new Thread(r, "attacker"));
            List<Future<?>> attacks = new ArrayList<>();
            for (int i = 0; i < PER_KIND; i++) {
                for (Attack a : Attack.values()) {
                    failures.putIfAbsent(a, new AtomicLong());
                    long seed = i * 131L + a.ordinal();
                    attacks.add(attackers.submit(() -> {
                        try {
                            if (!attack(a, new Random(seed))) {
                                failures.get(a).incrementAndGet();
                                firstFailures.add(a + " #" + seed + ": the target did not answer as it should");
                            }
                        } catch (IOException | RuntimeException e) {
                            failures.get(a).incrementAndGet();
                            firstFailures.add(a + " #" + seed + ": " + e);
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : attacks) {
                f.get(120, TimeUnit.SECONDS);
            }
            attacking.set(false);
            attackers.shutdown();
            assertTrue(attackers.awaitTermination(10, TimeUnit.SECONDS));
            legitRuns.get(180, TimeUnit.SECONDS);
            legit.shutdown();
            assertTrue(legit.awaitTermination(10, TimeUnit.SECONDS));

            long failed = failures.values().stream().mapToLong(AtomicLong::get).sum();
            assertEquals(0, failed, "every attack met the right answer: " + failures + " " + firstFailures.stream().limit(8).toList());
            assertTrue(verified.get() >= 3, "qemu-io sessions verified their data throughout: " + verified.get());

            verifyWithQemuIo(url, 28, 0x77, dir.resolve("after.log"));
            awaitIdle(server);
            assertEquals(0, server.buffers().bytesInUse(), "every data buffer came back");
            assertTrue(server.buffers().idleBytes() <= POOL_IDLE_BYTES);
            Set<String> newThreads = newThreadNames(threadsBefore);
            assertTrue(newThreads.isEmpty(), "threads back to the baseline, new: " + newThreads);
            long directAfter = directMemoryAfterGc();
            assertTrue(directAfter <= directBefore + POOL_IDLE_BYTES + (8 << 20),
                    "direct memory back to the baseline: before " + directBefore + ", after " + directAfter);
            assertTrue(errors.messages().isEmpty(), "nothing logged at ERROR: " + errors.messages().stream().limit(5).toList());
        }
    }

    /** Runs one attack; true when the target answered as it must. */
    private boolean attack(Attack kind, Random random) throws IOException {
        try (TestInitiator ini = TestInitiator.connect(portal)) {
            switch (kind) {
                case GARBAGE: {
                    byte[] junk = new byte[1 + random.nextInt(4096)];
                    random.nextBytes(junk);
                    sendQuietly(ini, junk);
                    return ini.closedByTarget(LOGIN_TIMEOUT_MS + TIMER_SLACK_MS);
                }
                case TRUNCATED_LOGIN: {
                    byte[] login = loginBytes(random);
                    sendQuietly(ini, java.util.Arrays.copyOf(login, 1 + random.nextInt(login.length - 1)));
                    ini.shutdownOutput();
                    return ini.closedByTarget(3000);
                }
                case WRONG_PHASE: {
                    byte[][] early = {
                        Wire.bytes(InitiatorPdus.scsiCommand(1, 0, TestCdbs.read10(0, 8), 4096, true, false, true, 1, 0, null)),
                        Wire.bytes(InitiatorPdus.dataOut(1, 0, Bhs.RESERVED_TAG, 0, 0, true, 0, ByteBuffer.wrap(new byte[512]))),
                        Wire.bytes(InitiatorPdus.nopOut(1, Bhs.RESERVED_TAG, true, 1, 0, null)),
                        Wire.bytes(InitiatorPdus.text(1, Bhs.RESERVED_TAG, true, false, 1, 0, List.of(new KeyValue("SendTargets", "All")))),
                        Wire.bytes(InitiatorPdus.logout(1, 0, 0, true, 1, 0)),
                        Wire.bytes(InitiatorPdus.taskManagement(1, 1, 0, 5, 1, 1, 0)),
                    };
                    sendQuietly(ini, early[random.nextInt(early.length)]);
                    return ini.closedByTarget(3000);
                }
                case OVERSIZED_LOGIN: {
                    byte[] login = loginBytes(random);
                    login[5] = login[6] = login[7] = (byte) 0xFF;     // DataSegmentLength 16 MiB - 1
                    sendQuietly(ini, login);
                    return ini.closedByTarget(3000);
                }
                case SLOW_DRIBBLE: {
                    byte[] login = loginBytes(random);
                    long stop = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LOGIN_TIMEOUT_MS + TIMER_SLACK_MS);
                    for (int i = 0; i < login.length && System.nanoTime() < stop; i++) {
                        if (!sendQuietly(ini, new byte[] {login[i]})) {
                            return true;
                        }
                        sleep(100);
                    }
                    return ini.closedByTarget(1000);
                }
                case SILENT:
                    return ini.closedByTarget(LOGIN_TIMEOUT_MS + TIMER_SLACK_MS);
                case RESET_MID_PDU: {
                    byte[] login = loginBytes(random);
                    sendQuietly(ini, java.util.Arrays.copyOf(login, Bhs.LENGTH + random.nextInt(login.length - Bhs.LENGTH)));
                    ini.abort();
                    return true;
                }
                case FFP_BAD_OPCODES: {
                    login(ini, Map.of());
                    byte[] undefined = new byte[Bhs.LENGTH];
                    undefined[0] = (byte) (0x07 + random.nextInt(8));    // 0x07..0x0e: no such initiator opcode
                    undefined[16] = 0x12;
                    ini.sendRaw(undefined);
                    TestInitiator.Received r = ini.receiveAnsweringPings();
                    if (r.opcode() != Opcode.REJECT) {
                        return false;
                    }
                    // the session goes on after a Reject
                    TestInitiator.Response tur = ini.command(0, TestCdbs.testUnitReady(), 0, null, false);
                    return (tur.status() == 0 || tur.status() == 2) && ini.logout() == 0;
                }
                case FFP_LOGIN_AGAIN: {
                    login(ini, Map.of());
                    ini.send(InitiatorPdus.login(true, false, 1, 3, 0x400000000001L, 0, 77, 0, 1, 1,
                            List.of(new KeyValue("InitiatorName", "iqn.2026-11.org.jtgt.it:again"))));
                    TestInitiator.Received r = ini.receiveAnsweringPings();
                    return r.opcode() == Opcode.REJECT && ini.closedByTarget(3000);
                }
                case FFP_OVERSIZED: {
                    login(ini, Map.of());
                    int targetMax = Integer.parseInt(ini.negotiated().getOrDefault("MaxRecvDataSegmentLength", "8192"));
                    byte[] write = Wire.bytes(InitiatorPdus.scsiCommand(ini.nextItt(), 0, TestCdbs.write10(0, 1), 512, false, true, true,
                            ini.nextCmdSN(), 1, null));
                    int announced = targetMax + 1 + random.nextInt(0xFFFFFF - targetMax);
                    write[5] = (byte) (announced >>> 16);
                    write[6] = (byte) (announced >>> 8);
                    write[7] = (byte) announced;
                    sendQuietly(ini, write);
                    return ini.closedByTarget(3000);
                }
                case FFP_TRUNCATED_WRITE: {
                    login(ini, Map.of("ImmediateData", "Yes", "FirstBurstLength", "65536", "MaxRecvDataSegmentLength", "65536"));
                    byte[] data = new byte[8192];
                    random.nextBytes(data);
                    byte[] write = Wire.bytes(InitiatorPdus.scsiCommand(ini.nextItt(), 0, TestCdbs.write10(100_000, 64), 32768, false, true,
                            false, ini.nextCmdSN(), 1, ByteBuffer.wrap(data)));
                    sendQuietly(ini, java.util.Arrays.copyOf(write, Bhs.LENGTH + 1 + random.nextInt(write.length - Bhs.LENGTH - 1)));
                    ini.abort();
                    return true;
                }
                case STUCK_READER: {
                    login(ini, Map.of("MaxRecvDataSegmentLength", "262144"));
                    for (int i = 0; i < 32; i++) {
                        ini.send(InitiatorPdus.scsiCommand(ini.nextItt(), 0, TestCdbs.read10(i * 2048L, 2048), 1 << 20, true, false, true,
                                ini.nextCmdSN(), 1, null));
                    }
                    sleep(NOP_IN_MS + NOP_TIMEOUT_MS + TIMER_SLACK_MS);    // reading nothing, answering no ping
                    return ini.closedByTarget(5000);
                }
                default:
                    throw new AssertionError(kind);
            }
        }
    }

    private void login(TestInitiator ini, Map<String, String> keys) throws IOException {
        int status = ini.login("iqn.2026-11.org.jtgt.it:hostile-" + initiators.incrementAndGet(), TARGET, keys);
        if (status != 0) {
            throw new IOException("login failed with status 0x" + Integer.toHexString(status));
        }
    }

    private static byte[] loginBytes(Random random) {
        List<KeyValue> keys = List.of(new KeyValue("InitiatorName", "iqn.2026-11.org.jtgt.it:raw-" + random.nextInt(1000)),
                new KeyValue("SessionType", "Normal"), new KeyValue("TargetName", TARGET),
                new KeyValue("HeaderDigest", "None"), new KeyValue("DataDigest", "None"));
        return Wire.bytes(InitiatorPdus.login(true, false, 1, 3, 0x400000000000L | random.nextInt(1 << 16), 0, 1, 0, 1, 0, keys));
    }

    /** Sends, and reports false if the target has already closed the connection. */
    private static boolean sendQuietly(TestInitiator ini, byte[] bytes) {
        try {
            ini.sendRaw(bytes);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** qemu-io writes a pattern to 4 MiB at {@code offsetMb} and reads it back verified. */
    private static void verifyWithQemuIo(String url, int offsetMb, int pattern, Path log) throws IOException, InterruptedException {
        String region = offsetMb + "M 4M";
        Process p = RealInitiators.start(log, "qemu-io", "-f", "raw", "-c", "write -P " + pattern + " " + region,
                "-c", "read -P " + pattern + " " + region, url);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "qemu-io finished");
        String out = RealInitiators.text(log);
        assertEquals(0, p.exitValue(), out);
        assertFalse(out.toLowerCase().contains("fail"), out);
        assertTrue(out.contains("read 4194304/4194304"), out);
    }

    private static void awaitIdle(JtgtServer server) throws InterruptedException {
        BooleanSupplier idle = () -> server.workerPool().connections().isEmpty() && server.sessions().size() == 0
                && server.buffers().bytesInUse() == 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!idle.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of(), server.workerPool().connections().stream().map(Object::toString).toList(), "no connection left");
        assertEquals(0, server.sessions().size(), "no session left");
    }

    private static Set<Long> liveThreadIds() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toCollection(ConcurrentHashMap::newKeySet));
    }

    /**
     * Threads alive now that were not before, leaving out the JDK's process reaper (qemu-io
     * runs) and the server's store threads (a fixed-size pool that may grow to its size).
     */
    private static Set<String> newThreadNames(Set<Long> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t.getId()))
                .map(Thread::getName)
                .filter(n -> !n.startsWith("process reaper") && !n.startsWith("hostile-store-"))
                .collect(Collectors.toSet());
    }

    private static long directMemoryAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }
}
