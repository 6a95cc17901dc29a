package io.taskgovernor.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throwaway certificates in PEM, made with the JDK's keytool (a small JVM start each, where
 * {@code elasticsearch-certutil} starts Elasticsearch's CLI launcher: seconds each on a loaded machine).
 */
public final class TestCertificates {
    private static final String STOREPASS = "changeit";
    private static final int VALIDITY_DAYS = 30;

    private TestCertificates() {}

    /** A self-signed CA certificate (RSA 2048, 2 days), its PEM text; keystore and PEM stay in {@code dir}. */
    public static String caPem(Path dir) {
        Path keystore = dir.resolve("ca.p12");
        Path pem = dir.resolve("ca.pem");
        run(List.of(keytool(), "-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=test-ca",
                "-ext", "bc:c", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", STOREPASS, "-keypass", STOREPASS));
        run(List.of(keytool(), "-exportcert", "-rfc", "-alias", "ca", "-keystore", keystore.toString(),
                "-storepass", STOREPASS, "-file", pem.toString()));
        try {
            return Files.readString(pem);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A CA and a server certificate it signed for {@code 127.0.0.1} and {@code localhost} (RSA 2048, 30 days),
     * laid out as an Elasticsearch node's TLS settings name them: {@code certs/ca/ca.crt},
     * {@code certs/node/node.crt} and {@code certs/node/node.key} (unencrypted PKCS#8) under {@code certs}.
     */
    public static void nodeCertificates(Path certs) {
        try {
            Files.createDirectories(certs.resolve("ca"));
            Files.createDirectories(certs.resolve("node"));
            Path ca = certs.resolve("ca.p12");
            Path node = certs.resolve("node.p12");
            Path request = certs.resolve("node.csr");
            run(List.of(keytool(), "-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048",
                    "-dname", "CN=governor-test-ca", "-ext", "bc:c", "-validity", String.valueOf(VALIDITY_DAYS),
                    "-storetype", "PKCS12", "-keystore", ca.toString(), "-storepass", STOREPASS));
            run(List.of(keytool(), "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", STOREPASS,
                    "-file", certs.resolve("ca/ca.crt").toString()));
            run(List.of(keytool(), "-genkeypair", "-alias", "node", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=node",
                    "-validity", String.valueOf(VALIDITY_DAYS), "-storetype", "PKCS12", "-keystore", node.toString(),
                    "-storepass", STOREPASS));
            run(List.of(keytool(), "-certreq", "-alias", "node", "-keystore", node.toString(), "-storepass", STOREPASS,
                    "-file", request.toString()));
            run(List.of(keytool(), "-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", STOREPASS,
                    "-infile", request.toString(), "-outfile", certs.resolve("node/node.crt").toString(),
                    "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", String.valueOf(VALIDITY_DAYS)));
            Files.writeString(certs.resolve("node/node.key"), privateKeyPem(node, "node"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String privateKeyPem(Path keystore, String alias) throws IOException {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, STOREPASS.toCharArray());
            PrivateKey key = (PrivateKey) store.getKey(alias, STOREPASS.toCharArray());
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
            return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the key of " + alias + " from " + keystore, e);
        }
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
