package org.docanchor.verifier.cli;

/**
 * The verifier jar's entry point, compiled for Java 8 so that any java can run it: on Java 21 or newer it hands
 * over to {@link VerifierCli}; on an older one it says so in plain words (exit 2, "could not run") instead of the
 * JVM's UnsupportedClassVersionError. Kept free of anything newer than Java 8.
 */
public final class Launcher {

    static final int REQUIRED = 21;

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        int feature = feature(System.getProperty("java.specification.version", "0"));
        if (feature < REQUIRED) {
            System.err.println("anchor-verifier: needs Java " + REQUIRED + " or newer; this is Java "
                    + System.getProperty("java.version") + " (" + System.getProperty("java.home") + "). Run it with "
                    + "a newer java, e.g. /path/to/jdk-21/bin/java -jar " + "anchor-verifier.jar --proof proof.json");
            System.exit(2);
        }
        try {
            Class.forName("org.docanchor.verifier.cli.VerifierCli").getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** "1.8" -> 8, "17" -> 17. */
    public static int feature(String specification) {
        String major = specification.startsWith("1.") ? specification.substring(2) : specification;
        int dot = major.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? major : major.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
