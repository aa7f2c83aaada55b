package io.vmferry.testkit.qemu;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a {@link QemuLab} parameter; tests are skipped when QEMU is not installed.
 * <pre>{@code
 * @ExtendWith(QemuLabExtension.class)
 * class SnapshotIT {
 *     @Test
 *     void fullBackup(QemuLab lab) {
 *         LabVm vm = lab.vm(201).disk("scsi0", "64M").start();
 *         ...
 *     }
 * }
 * }</pre>
 * A parameter of a test method gets a lab for that test; one of a {@code @BeforeAll} method (or of the constructor
 * with {@code PER_CLASS} lifecycle) gets a lab shared by the class. Either is closed (processes killed, directory
 * removed) when its scope ends.
 */
public final class QemuLabExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(QemuLabExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == QemuLab.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Assumptions.assumeTrue(QemuLab.isAvailable(), "QEMU (qemu-system-x86_64, qemu-img, qemu-io) not installed");
        return context.getStore(NAMESPACE).getOrComputeIfAbsent("lab", k -> QemuLab.create(), QemuLab.class);
    }
}
