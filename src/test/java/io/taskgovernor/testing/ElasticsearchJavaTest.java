package io.taskgovernor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which JDK a test node gets, on fake distributions and JDKs laid out as the real ones are. */
class ElasticsearchJavaTest {
    @TempDir
    Path dir;

    private Path distribution(String version) throws IOException {
        Path home = dir.resolve("elasticsearch-" + version);
        Files.createDirectories(home.resolve("lib"));
        Files.createFile(home.resolve("lib/elasticsearch-" + version + ".jar"));
        Files.createFile(home.resolve("lib/elasticsearch-x-content-" + version + ".jar"));
        return home;
    }

    private Path jdk(String name, String javaVersion) throws IOException {
        Path jdk = dir.resolve(name);
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + javaVersion + "\"\n");
        Files.createFile(jdk.resolve("bin/java"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        return jdk;
    }

    @Test
    void readsTheVersionFromTheServerJar() throws IOException {
        assertThat(ElasticsearchJava.version(distribution("9.5.0"))).isEqualTo("9.5.0");
        assertThat(ElasticsearchJava.version(distribution("8.19.21"))).isEqualTo("8.19.21");
    }

    @Test
    void elasticsearch9SkipsAJava17ForTheFirstJava21OrNewer() throws IOException {
        Map<String, Path> candidates = new LinkedHashMap<>();
        candidates.put("java.home", jdk("jdk-17", "17.0.15"));
        candidates.put("/usr/lib/jvm/temurin-25", jdk("jdk-25", "25.0.3"));
        candidates.put("/usr/lib/jvm/temurin-21", jdk("jdk-21", "21"));

        assertThat(ElasticsearchJava.homeFor(distribution("9.5.0"), candidates)).isEqualTo(dir.resolve("jdk-25"));
        assertThat(ElasticsearchJava.homeFor(distribution("8.19.21"), candidates)).isEqualTo(dir.resolve("jdk-17"));
    }

    @Test
    void withoutJava21TheMessageNamesWhatIsNeededWhatWasTriedAndWhatToInstall() throws IOException {
        Map<String, Path> candidates = new LinkedHashMap<>();
        candidates.put("java.home", jdk("jdk-17", "17.0.15"));
        candidates.put("JAVA_HOME", dir.resolve("not-a-jdk"));

        assertThatThrownBy(() -> ElasticsearchJava.homeFor(distribution("9.5.0"), candidates))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Elasticsearch 9.5.0 needs Java 21 or newer")
                .hasMessageContaining("java.home=" + dir.resolve("jdk-17") + " (Java 17)")
                .hasMessageContaining("JAVA_HOME=" + dir.resolve("not-a-jdk") + " (no JDK)")
                .hasMessageContaining("temurin-21-jdk")
                .hasMessageContaining("-Des.java.home=");
    }
}
