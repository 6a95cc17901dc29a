package io.taskgovernor.elasticsearch;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds an SSLContext that trusts exactly the CA certificates of a PEM bundle. */
public final class TrustedCertificates {
    private TrustedCertificates() {}

    /**
     * Whether a client could trust this PEM bundle: it holds at least one X.509 certificate that
     * parses. Checked before a connection is handed to a client, whose construction would otherwise fail.
     */
    public static boolean usable(String caPem) {
        try {
            sslContextTrusting(caPem);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static SSLContext sslContextTrusting(String caPem) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            Collection<? extends Certificate> certificates =
                    factory.generateCertificates(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("the CA bundle holds no PEM certificate");
            }
            KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
            trustStore.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                trustStore.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            // The message of a parse failure never contains key material, only what was wrong.
            throw new IllegalArgumentException("the CA bundle is not valid PEM: " + e.getMessage(), e);
        }
    }
}
