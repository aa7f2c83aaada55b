package io.vmferry.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code vmferry --version}. */
public final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"vmferry " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
    }
}
