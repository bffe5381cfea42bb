package io.profilestream.localstack.fleet;

/** Build-time facts the launcher needs to find the runnable jars. */
public final class Versions {

    /** The project version, filtered in from the POM (see version.properties). */
    public static final String PROJECT = load();

    private Versions() {
    }

    private static String load() {
        try (var in = Versions.class.getResourceAsStream("/io/profilestream/localstack/version.properties")) {
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("version.properties missing from the local-stack jar", e);
        }
    }
}
