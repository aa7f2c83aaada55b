package io.vmferry.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The private directory a target is written in: owner-only, unique, gone after commit or close. */
class TargetFileTest {
    @TempDir
    Path dir;

    @Test
    void writesInAPrivateDirectoryAndPublishesOnCommit() throws Exception {
        Path target = dir.resolve("disk.qcow2");
        Path first;
        try (TargetFile a = TargetFile.create(target, false); TargetFile b = TargetFile.create(target, false)) {
            first = a.path().getParent();
            assertNotEquals(first, b.path().getParent());
            assertTrue(first.getFileName().toString().startsWith(".disk.qcow2.vmferry-"), first.toString());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first)));
            assertEquals(target.getFileName(), a.path().getFileName());
            Files.write(a.path(), new byte[] {1});
            a.commit();
        }
        assertTrue(Files.exists(target));
        assertFalse(Files.exists(first));
        TestStreams.assertNoLeftovers(dir, "disk.qcow2");
    }
}
