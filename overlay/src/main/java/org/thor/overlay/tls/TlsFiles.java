package org.thor.overlay.tls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The four files a member's TLS runs on.
 *
 * @param certificate   this member's certificate (PEM)
 * @param privateKey    its private key (unencrypted PKCS#8 PEM)
 * @param caCertificate the CA certificate, the only trust anchor
 * @param crl           the CA's CRL (PEM); null turns revocation checking off
 */
public record TlsFiles(Path certificate, Path privateKey, Path caCertificate, Path crl) {

    public TlsFiles {
        if (certificate == null || privateKey == null || caCertificate == null) {
            throw new IllegalArgumentException("TLS needs a certificate, a private key and a CA certificate");
        }
    }

    /** The files, in a fixed order, that are watched for changes. */
    List<Path> all() {
        List<Path> files = new ArrayList<>(List.of(certificate, privateKey, caCertificate));
        if (crl != null) {
            files.add(crl);
        }
        return files;
    }
}
