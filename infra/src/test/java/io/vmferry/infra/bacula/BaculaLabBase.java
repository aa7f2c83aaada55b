package io.vmferry.infra.bacula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.bridge.bacula.Bconsole;
import io.vmferry.bridge.bacula.JobStatus;
import io.vmferry.testkit.qemu.LabVm;
import io.vmferry.testkit.qemu.QemuLab;
import io.vmferry.testkit.qemu.QemuLabExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the real-pipeline Bacula ITs share: a QEMU lab, a private Bacula started before the subclass's own
 * {@code @BeforeAll} and stopped after the class, backups that record a raw copy of each disk after the job (the
 * oracle a restore of that job must equal), and job logs for assertion messages.
 */
@ExtendWith(QemuLabExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BaculaLabBase {
    static final long M = 1 << 20;
    static final Duration JOB = Duration.ofSeconds(180);
    QemuLab lab;
    LabBacula bacula;
    Bconsole bconsole;

    @BeforeAll
    void startBacula(QemuLab lab) throws Exception {
        this.lab = lab;
        bacula = LabBacula.start(lab.root().resolve("bacula"));
        bconsole = bacula.bconsole();
    }

    @AfterAll
    void stopBacula() throws Exception {
        LabVmferry.stopAgents(lab);
        if (bacula != null) {
            bacula.close();
        }
    }

    /** Runs a backup job that must succeed at {@code expectedLevel}; copies each disk; returns the JobId. */
    long backup(String job, String level, char expectedLevel, LabVm vm, List<String> disks) throws Exception {
        JobStatus s = bconsole.await(bconsole.run(job, level), JOB);
        assertTrue(s.succeeded(), s.describe() + "\n" + log(s));
        assertEquals(expectedLevel, s.level(), s.describe());
        for (String disk : disks) {
            vm.copyDiskAsRaw(disk, expected(s.jobId(), disk));
        }
        return s.jobId();
    }

    /** The raw copy of {@code disk} taken right after job {@code jobId}. */
    Path expected(long jobId, String disk) {
        return lab.root().resolve("expected-" + jobId + "-" + disk + ".raw");
    }

    /** The job log, one message a line. */
    String log(JobStatus s) {
        return String.join("\n", bconsole.jobLog(s.jobId()));
    }
}
