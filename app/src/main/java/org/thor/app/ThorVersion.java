package org.thor.app;

import picocli.CommandLine.IVersionProvider;

/** {@code thor --version}: the version Maven wrote into the jar's manifest. */
public final class ThorVersion implements IVersionProvider {

    public static String version() {
        String v = ThorVersion.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"thor " + version(), "Java " + System.getProperty("java.version")};
    }
}
