package io.vmferry.bridge.bacula.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link PrivateBacula} per test class (under {@code target/bacula-it/}) and stops it after the
 * class; inject it as a parameter of {@code @BeforeAll}, {@code @Test} or a constructor.
 */
public final class PrivateBaculaExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PrivateBaculaExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path base = Path.of("target", "bacula-it").toAbsolutePath();
        Files.createDirectories(base);
        Path dir = Files.createTempDirectory(base, context.getRequiredTestClass().getSimpleName() + "-");
        context.getStore(NS).put(PrivateBacula.class, PrivateBacula.start(dir));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        PrivateBacula bacula = context.getStore(NS).remove(PrivateBacula.class, PrivateBacula.class);
        if (bacula != null) {
            bacula.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PrivateBacula.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return find(context);
    }

    private static PrivateBacula find(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            PrivateBacula b = c.getStore(NS).get(PrivateBacula.class, PrivateBacula.class);
            if (b != null) {
                return b;
            }
        }
        throw new IllegalStateException("no PrivateBacula started for " + context.getDisplayName());
    }
}
