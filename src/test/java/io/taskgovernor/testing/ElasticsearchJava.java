package io.taskgovernor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDK a test Elasticsearch runs on ({@code ES_JAVA_HOME}): the integ-test-zip bundles none.
 * Elasticsearch 8.x runs on Java 17+, 9.x needs Java 21+, while the tests themselves run on 17.
 *
 * <p>Candidates, first that is new enough wins: system property {@code es.java.home}, environment
 * {@code ES_JAVA_HOME}, the test JVM's own {@code java.home}, environment {@code JAVA_HOME}, then
 * every JDK under {@code /usr/lib/jvm}, newest first. A JDK's version is read from its
 * {@code release} file ({@code JAVA_VERSION="25.0.3"}).
 */
final class ElasticsearchJava {
    private static final Pattern RELEASE_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)(?:\\.[^\"]*)?\"");
    private static final Pattern LIB_JAR = Pattern.compile("elasticsearch-(\\d+)\\.(\\d+)\\.(\\d+)\\.jar");
    private static final Path SYSTEM_JDKS = Path.of("/usr/lib/jvm");

    private ElasticsearchJava() {}

    /**
     * A JDK home for the distribution unpacked at {@code home}.
     *
     * @throws IllegalStateException naming the version needed, every candidate tried, and what to install
     */
    static Path homeFor(Path home) {
        Map<String, Path> candidates = new LinkedHashMap<>();
        put(candidates, "es.java.home", System.getProperty("es.java.home"));
        put(candidates, "ES_JAVA_HOME", System.getenv("ES_JAVA_HOME"));
        put(candidates, "java.home", System.getProperty("java.home"));
        put(candidates, "JAVA_HOME", System.getenv("JAVA_HOME"));
        for (Path jdk : systemJdks()) {
            candidates.putIfAbsent(jdk.toString(), jdk);
        }
        return homeFor(home, candidates);
    }

    /** The first of {@code candidates} (where each was found, in order → JDK home) new enough for the distribution. */
    static Path homeFor(Path home, Map<String, Path> candidates) {
        String version = version(home);
        int needed = Integer.parseInt(version.substring(0, version.indexOf('.'))) >= 9 ? 21 : 17;
        List<String> tried = new ArrayList<>();
        for (Map.Entry<String, Path> candidate : candidates.entrySet()) {
            Optional<Integer> major = major(candidate.getValue());
            if (major.isPresent() && major.get() >= needed && Files.isExecutable(candidate.getValue().resolve("bin/java"))) {
                return candidate.getValue();
            }
            tried.add(candidate.getKey() + "=" + candidate.getValue() + major.map(m -> " (Java " + m + ")").orElse(" (no JDK)"));
        }
        throw new IllegalStateException("Elasticsearch " + version + " needs Java " + needed + " or newer to run, and"
                + " none was found (tried: " + (tried.isEmpty() ? "nothing" : String.join(", ", tried)) + "). Install a JDK "
                + needed + "+ (e.g. temurin-" + needed + "-jdk from https://packages.adoptium.net/artifactory/deb, as .ci/run"
                + " does) or name one with -Des.java.home=/path/to/jdk.");
    }

    /** The distribution's version, from its {@code lib/elasticsearch-X.Y.Z.jar}, e.g. {@code "9.5.0"}. */
    static String version(Path home) {
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            return lib.map(p -> LIB_JAR.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> m.group(1) + "." + m.group(2) + "." + m.group(3))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no lib/elasticsearch-X.Y.Z.jar in " + home));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Elasticsearch distribution at " + home, e);
        }
    }

    private static void put(Map<String, Path> candidates, String source, String value) {
        if (value != null && !value.isBlank()) {
            candidates.put(source, Path.of(value));
        }
    }

    private static List<Path> systemJdks() {
        if (!Files.isDirectory(SYSTEM_JDKS)) {
            return List.of();
        }
        try (Stream<Path> jdks = Files.list(SYSTEM_JDKS)) {
            return jdks.filter(p -> major(p).isPresent())
                    .sorted(Comparator.comparing((Path p) -> major(p).orElse(0)).reversed().thenComparing(Path::toString))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Optional<Integer> major(Path jdk) {
        try {
            Matcher m = RELEASE_VERSION.matcher(Files.readString(jdk.resolve("release")));
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
