package org.jtgt.examples.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.jtgt.journal.IoJournal;
import org.jtgt.journal.JournalQuery;
import org.jtgt.junit.JtgtExtension;
import org.jtgt.junit.TestTarget;
import org.jtgt.testing.RealInitiators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Example 4: the I/O journal answers what a black-box client did to a disk: which blocks it
 * wrote, whether it flushed before it finished, whether it strayed beyond its area. The
 * client here is qemu-img writing a 2 MiB image, and the journal shows something easy to
 * miss: with its default cache mode for the output (unsafe), qemu-img never flushes.
 */
class WhatTheClientWroteTest {

    @RegisterExtension
    static JtgtExtension jtgt = JtgtExtension.builder().lun(0, "memory:64M").build();

    @Test
    void qemuImgWroteItsImageFlushedAndStayedInside(TestTarget target, @TempDir Path dir) throws Exception {
        IoJournal journal = target.server().journal(target.iqn(), 0);
        journal.setEnabled(true);
        byte[] image = new byte[2 << 20];
        new Random(4).nextBytes(image);
        Path file = Files.write(dir.resolve("image.raw"), image);

        // qemu-img convert writes its output with cache=unsafe unless told otherwise: no flush
        convert(file, target.url(0), "unsafe");
        JournalQuery unsafe = journal.snapshot();
        unsafe.writes().assertBlocksExactly(0, 4095);    // 2 MiB of 512-byte blocks, every one of them
        unsafe.assertNothingBeyond(4095);                 // no read or write past the image
        assertThrows(AssertionError.class, unsafe::assertFlushAfterLastWrite, "the journal sees the missing flush");

        journal.clear();
        convert(file, target.url(0), "writeback");
        JournalQuery q = journal.snapshot();
        q.writes().assertBlocksExactly(0, 4095);
        q.assertFlushAfterLastWrite();                    // now the image is durable before qemu-img returns
        assertEquals(0, q.writes().failed().count(), "no write failed");

        // and a wrong belief about the client fails with the entries that contradict it
        AssertionError wrong = assertThrows(AssertionError.class, () -> q.writes().assertBlocksExactly(0, 2047));
        System.out.println(wrong.getMessage());
    }

    private static void convert(Path image, String url, String cache) {
        RealInitiators.run(Duration.ofSeconds(60), "qemu-img", "convert", "-n", "-t", cache, "-f", "raw", "-O", "raw", image.toString(), url)
                .ok();
    }
}
