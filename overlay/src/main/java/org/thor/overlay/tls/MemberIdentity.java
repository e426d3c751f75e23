package org.thor.overlay.tls;

import java.math.BigInteger;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Who a peer is, read from its (already validated) certificate: the name from the subject CN, and
 * the domain and roles from the Thor member extension (see {@link CertificateProfile}).
 *
 * @param name        member name (subject CN)
 * @param domain      network domain
 * @param roles       roles the member may announce
 * @param ipAddresses IP addresses from the subject alternative names
 * @param serial      certificate serial number, as a CRL names it
 * @param notAfter    end of validity
 */
public record MemberIdentity(String name, String domain, Set<String> roles, List<String> ipAddresses,
                             BigInteger serial, Instant notAfter) {

    public MemberIdentity {
        roles = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(roles)); // sorted: stable output
        ipAddresses = List.copyOf(ipAddresses);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean isManager() {
        return hasRole(CertificateProfile.MANAGER_ROLE);
    }

    /**
     * Reads the identity of a member certificate.
     *
     * @throws IllegalArgumentException when the certificate is not a Thor member certificate
     */
    public static MemberIdentity of(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(CertificateProfile.MEMBER_EXTENSION_OID);
        if (extension == null) {
            throw new IllegalArgumentException("certificate " + certificate.getSubjectX500Principal().getName()
                    + " has no Thor member extension " + CertificateProfile.MEMBER_EXTENSION_OID);
        }
        CertificateProfile.MemberClaims claims = CertificateProfile.decodeMemberExtension(extension);
        String name = commonName(certificate);
        List<String> ips = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(7).equals(san.get(0))) {
                        ips.add((String) san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("bad subject alternative names: " + e.getMessage(), e);
        }
        return new MemberIdentity(name, claims.domain(), claims.roles(), ips, certificate.getSerialNumber(),
                certificate.getNotAfter().toInstant());
    }

    private static String commonName(X509Certificate certificate) {
        String dn = certificate.getSubjectX500Principal().getName();
        try {
            for (Rdn rdn : new LdapName(dn).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return CertificateProfile.requireName(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException("bad subject '" + dn + "': " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("certificate subject '" + dn + "' has no CN");
    }
}
