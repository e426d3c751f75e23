package org.thor.overlay.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts a peer only if its certificate is a Thor member certificate of our network: PKIX path
 * validation (RFC 5280) to the CA as the single trust anchor, revocation checked against the CA's
 * CRL only (no OCSP, no fetching: {@code PREFER_CRLS, NO_FALLBACK, ONLY_END_ENTITY}), and the
 * member extension naming the same domain as ours. Host names are not checked: members are
 * identified by their certificate, not by the address they were reached at.
 */
final class MemberTrustManager extends X509ExtendedTrustManager {

    private final X509Certificate ca;
    private final X509CRL crl;
    private final String domain;
    private final Clock clock;

    MemberTrustManager(X509Certificate ca, X509CRL crl, String domain, Clock clock) {
        this.ca = ca;
        this.crl = crl;
        this.domain = domain;
        this.clock = clock;
    }

    /** Validates {@code chain} (leaf first) and returns the member it names. */
    MemberIdentity validate(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("peer sent no certificate");
        }
        X509Certificate leaf = chain[0];
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            CertPath path = factory.generateCertPath(List.of(leaf));
            CertPathValidator validator = CertPathValidator.getInstance("PKIX");
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
            parameters.setDate(Date.from(clock.instant()));
            if (crl != null) {
                parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(crl))));
                PKIXRevocationChecker revocation = (PKIXRevocationChecker) validator.getRevocationChecker();
                revocation.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS,
                        PKIXRevocationChecker.Option.NO_FALLBACK, PKIXRevocationChecker.Option.ONLY_END_ENTITY));
                parameters.setRevocationEnabled(true);
                parameters.addCertPathChecker(revocation);
            } else {
                parameters.setRevocationEnabled(false);
            }
            validator.validate(path, parameters);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("certificate " + leaf.getSubjectX500Principal().getName() + " (serial "
                    + leaf.getSerialNumber().toString(16) + ") refused: " + reason(e), e);
        }
        MemberIdentity identity;
        try {
            identity = MemberIdentity.of(leaf);
        } catch (IllegalArgumentException e) {
            throw new CertificateException(e.getMessage(), e);
        }
        if (!identity.domain().equals(domain)) {
            throw new CertificateException("member " + identity.name() + " belongs to domain " + identity.domain()
                    + ", not " + domain);
        }
        return identity;
    }

    private static String reason(Throwable e) {
        StringBuilder reason = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            reason.append(": ");
            if (cause instanceof java.security.cert.CertificateExpiredException) {
                reason.append("certificate expired, ");
            } else if (cause instanceof java.security.cert.CertificateNotYetValidException) {
                reason.append("certificate not yet valid, ");
            }
            reason.append(cause.getMessage());
        }
        return reason.toString();
    }

    /** True when the CRL this trust manager checks against lists {@code certificate}. */
    boolean isRevoked(X509Certificate certificate) {
        return crl != null && crl.isRevoked(certificate);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        validate(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        validate(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        validate(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        validate(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        validate(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        validate(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[] {ca};
    }
}
