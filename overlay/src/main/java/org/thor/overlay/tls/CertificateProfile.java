package org.thor.overlay.tls;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;

/**
 * What a Thor member certificate carries, so that a member needs nothing but its certificate, key
 * and the CA to join (as in SIP Thor).
 *
 * <ul>
 *   <li>Subject {@code CN=<name>, O=<domain>, OU=<role>...}: the member name, the network domain and
 *       one OU per role. These are for people reading the certificate ({@code openssl x509 -text}).</li>
 *   <li>A non-critical extension {@value #MEMBER_EXTENSION_OID} (an OID under {@code 2.25}, the
 *       UUID arc of ITU-T X.667, which needs no registration) holding
 *       {@code SEQUENCE { domain UTF8String, roles SEQUENCE OF UTF8String }}. <b>The extension is
 *       authoritative</b>: a certificate without it is not a member certificate, and the OU entries
 *       are never read for authorization.</li>
 *   <li>Subject alternative names: the member's IP addresses and optional DNS names.</li>
 *   <li>Extended key usage serverAuth and clientAuth: every member both listens and connects.</li>
 * </ul>
 */
public final class CertificateProfile {

    /** OID of the Thor member extension (domain and roles). */
    public static final String MEMBER_EXTENSION_OID = "2.25.101005490753154206954536429032494921533";
    static final ASN1ObjectIdentifier MEMBER_EXTENSION = new ASN1ObjectIdentifier(MEMBER_EXTENSION_OID);

    /** Role of the managers: only they may publish the network status ({@code Thor.Members}). */
    public static final String MANAGER_ROLE = "thor_manager";
    /** Role an event server's certificate must carry; clients refuse a server without it. */
    public static final String EVENT_SERVER_ROLE = "thor_eventserver";
    /** Role of the members that may publish where the central database is ({@code Thor.Database}). */
    public static final String DATABASE_ROLE = "thor_database";
    /** Operators' certificates: may order managers to disable or enable a node. */
    public static final String ADMIN_ROLE = "thor_admin";

    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)*"
            + "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private CertificateProfile() {
    }

    /** Fails with a message naming the bad role unless it is lower case letters, digits and '_'. */
    public static String requireRole(String role) {
        if (role == null || !ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("role '" + role + "' must be lower case letters, digits and '_', starting with a letter");
        }
        return role;
    }

    /** Member names become file names and ring ids: letters, digits, '.', '_' and '-'. */
    public static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name '" + name + "' must be 1..63 letters, digits, '.', '_' or '-'");
        }
        return name;
    }

    public static String requireDomain(String domain) {
        if (domain == null || !DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("domain '" + domain + "' is not a valid DNS name");
        }
        return domain.toLowerCase(java.util.Locale.ROOT);
    }

    static DERSequence encodeMemberExtension(String domain, Set<String> roles) {
        ASN1Encodable[] roleValues = new TreeSet<>(roles).stream().map(DERUTF8String::new).toArray(ASN1Encodable[]::new);
        return new DERSequence(new ASN1Encodable[] {new DERUTF8String(domain), new DERSequence(roleValues)});
    }

    /** Domain and roles from the DER value of the extension (the OCTET STRING as returned by getExtensionValue). */
    static MemberClaims decodeMemberExtension(byte[] extensionValue) {
        try {
            ASN1Primitive inner = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(extensionValue).getOctets());
            ASN1Sequence seq = ASN1Sequence.getInstance(inner);
            if (seq.size() != 2) {
                throw new IllegalArgumentException("expected 2 elements, got " + seq.size());
            }
            String domain = ((ASN1String) seq.getObjectAt(0)).getString();
            List<String> roles = new ArrayList<>();
            for (ASN1Encodable role : ASN1Sequence.getInstance(seq.getObjectAt(1))) {
                roles.add(requireRole(((ASN1String) role).getString()));
            }
            return new MemberClaims(requireDomain(domain), Set.copyOf(roles));
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed Thor member extension: " + e.getMessage(), e);
        }
    }

    record MemberClaims(String domain, Set<String> roles) {
    }
}
