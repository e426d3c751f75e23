package org.thor.overlay.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The service provider's CA ({@code thor ca}), kept in one directory:
 *
 * <pre>
 * ca.crt              CA certificate (PEM), the trust anchor every member is given
 * ca.key              CA private key (PKCS#8 PEM, mode 0600)
 * ca.properties       network domain and the last CRL number
 * crl.pem             the current CRL, re-signed on every revocation
 * index.tsv           every certificate issued: serial, name, notAfter, revokedAt, roles, addresses
 * members/NAME.crt    member certificate (PEM)
 * members/NAME.key    member private key (PKCS#8 PEM, mode 0600)
 * </pre>
 *
 * Keys are EC P-256, signatures ECDSA with SHA-256. Member certificates follow
 * {@link CertificateProfile}. One process at a time may change a CA directory.
 */
public final class CertificateAuthority {

    /** Validity of the CA certificate. */
    public static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /** Default validity of a member certificate. */
    public static final int DEFAULT_MEMBER_DAYS = 365;
    /** A CRL is valid this long after it is signed; {@code thor ca crl} re-signs it before then. */
    public static final Duration CRL_VALIDITY = Duration.ofDays(365);

    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final Clock clock;
    private final String domain;
    private final X509Certificate caCertificate;
    private final PrivateKey caKey;

    private CertificateAuthority(Path dir, Clock clock, String domain, X509Certificate caCertificate, PrivateKey caKey) {
        this.dir = dir;
        this.clock = clock;
        this.domain = domain;
        this.caCertificate = caCertificate;
        this.caKey = caKey;
    }

    /** Creates a new CA in {@code dir} (which must not hold one yet) for the network {@code domain}. */
    public static CertificateAuthority init(Path dir, String domain, Clock clock) {
        String checkedDomain = CertificateProfile.requireDomain(domain);
        if (Files.exists(dir.resolve("ca.key")) || Files.exists(dir.resolve("ca.crt"))) {
            throw new CertificateAuthorityException(dir + ": already holds a CA (ca.crt / ca.key); refusing to overwrite it");
        }
        try {
            Files.createDirectories(dir.resolve("members"));
            KeyPair keys = newKeyPair();
            Instant now = clock.instant();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.CN, "Thor CA " + checkedDomain).addRDN(BCStyle.O, checkedDomain).build();
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, newSerial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(CA_VALIDITY)), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = convert(builder.build(signer(keys.getPrivate())));
            PemFiles.writePrivateKey(dir.resolve("ca.key"), keys.getPrivate());
            PemFiles.writePublic(dir.resolve("ca.crt"), certificate);
            Files.writeString(dir.resolve("index.tsv"), "", StandardCharsets.UTF_8);
            CertificateAuthority ca = new CertificateAuthority(dir, clock, checkedDomain, certificate, keys.getPrivate());
            ca.writeProperties(0);
            ca.writeCrl();
            return ca;
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new CertificateAuthorityException(dir + ": cannot create the CA: " + e.getMessage(), e);
        }
    }

    /** Opens the CA created earlier in {@code dir}. */
    public static CertificateAuthority open(Path dir, Clock clock) {
        Path properties = dir.resolve("ca.properties");
        if (!Files.exists(properties)) {
            throw new CertificateAuthorityException(dir + ": no CA here (ca.properties is missing); run 'thor ca init' first");
        }
        try {
            Properties p = readProperties(dir);
            String domain = p.getProperty("domain");
            if (domain == null) {
                throw new CertificateAuthorityException(properties + ": domain: missing");
            }
            return new CertificateAuthority(dir, clock, CertificateProfile.requireDomain(domain),
                    PemFiles.readCertificate(dir.resolve("ca.crt")), PemFiles.readPrivateKey(dir.resolve("ca.key")));
        } catch (IOException | GeneralSecurityException e) {
            throw new CertificateAuthorityException(dir + ": cannot open the CA: " + e.getMessage(), e);
        }
    }

    public String domain() {
        return domain;
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    public Path caCertificateFile() {
        return dir.resolve("ca.crt");
    }

    public Path crlFile() {
        return dir.resolve("crl.pem");
    }

    public Path certificateFile(String name) {
        return dir.resolve("members").resolve(CertificateProfile.requireName(name) + ".crt");
    }

    public Path keyFile(String name) {
        return dir.resolve("members").resolve(CertificateProfile.requireName(name) + ".key");
    }

    /** The files a member named {@code name} runs with. */
    public TlsFiles tlsFiles(String name) {
        return new TlsFiles(certificateFile(name), keyFile(name), caCertificateFile(), crlFile());
    }

    /** Issues a certificate valid for {@code days} days from now. */
    public IssuedCertificate issue(String name, List<String> ipAddresses, List<String> dnsNames, Set<String> roles,
                                   int days, boolean renew) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1, got " + days);
        }
        Instant now = clock.instant();
        return issue(name, ipAddresses, dnsNames, roles, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(days)), renew);
    }

    /**
     * Issues a member certificate with explicit validity dates (tests use a notAfter in the past),
     * writes {@code members/NAME.crt} and {@code members/NAME.key} and records it in the index.
     * Without {@code renew}, a name that still has a valid certificate is refused.
     */
    public IssuedCertificate issue(String name, List<String> ipAddresses, List<String> dnsNames, Set<String> roles,
                                   Instant notBefore, Instant notAfter, boolean renew) {
        CertificateProfile.requireName(name);
        if (ipAddresses.isEmpty()) {
            throw new IllegalArgumentException("at least one IP address is required");
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("at least one role is required");
        }
        roles.forEach(CertificateProfile::requireRole);
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " must be after notBefore " + notBefore);
        }
        List<IssuedCertificate> index = list();
        Instant now = clock.instant();
        if (!renew && index.stream().anyMatch(c -> c.name().equals(name) && c.status(now).equals("valid"))) {
            throw new CertificateAuthorityException(dir + ": " + name + " already has a valid certificate; "
                    + "use --renew to issue another or revoke it first");
        }
        List<GeneralName> sans = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (String ip : ipAddresses) {
            sans.add(new GeneralName(GeneralName.iPAddress, requireIp(ip)));
            addresses.add(ip);
        }
        for (String dns : dnsNames) {
            sans.add(new GeneralName(GeneralName.dNSName, CertificateProfile.requireDomain(dns)));
            addresses.add(dns);
        }
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).addRDN(BCStyle.O, domain);
        new TreeSet<>(roles).forEach(role -> subject.addRDN(BCStyle.OU, role));
        try {
            KeyPair keys = newKeyPair();
            BigInteger serial = newSerial();
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, serial,
                    Date.from(notBefore), Date.from(notAfter), subject.build(), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(caCertificate))
                    .addExtension(CertificateProfile.MEMBER_EXTENSION, false,
                            CertificateProfile.encodeMemberExtension(domain, roles));
            X509Certificate certificate = convert(builder.build(signer(caKey)));
            PemFiles.writePrivateKey(keyFile(name), keys.getPrivate());
            PemFiles.writePublic(certificateFile(name), certificate);
            IssuedCertificate issued = new IssuedCertificate(serial, name, notAfter, null, roles, addresses);
            Files.writeString(dir.resolve("index.tsv"), issued.toLine() + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
            return issued;
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new CertificateAuthorityException(dir + ": cannot issue a certificate for " + name + ": " + e.getMessage(), e);
        }
    }

    /** Revokes every unrevoked certificate of {@code name} and re-signs the CRL. */
    public List<IssuedCertificate> revoke(String name) {
        List<IssuedCertificate> index = list();
        Instant now = clock.instant();
        List<IssuedCertificate> revoked = new ArrayList<>();
        List<IssuedCertificate> updated = new ArrayList<>();
        for (IssuedCertificate c : index) {
            if (c.name().equals(name) && !c.revoked()) {
                c = new IssuedCertificate(c.serial(), c.name(), c.notAfter(), now, c.roles(), c.addresses());
                revoked.add(c);
            }
            updated.add(c);
        }
        if (revoked.isEmpty()) {
            throw new CertificateAuthorityException(dir + ": no unrevoked certificate named '" + name + "'");
        }
        StringBuilder text = new StringBuilder();
        updated.forEach(c -> text.append(c.toLine()).append('\n'));
        try {
            PemFiles.writeAtomically(dir.resolve("index.tsv"), text.toString(), false);
            writeCrl();
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new CertificateAuthorityException(dir + ": cannot revoke " + name + ": " + e.getMessage(), e);
        }
        return revoked;
    }

    /** Re-signs the CRL with the current revocations (run before the CRL's next update date). */
    public void refreshCrl() {
        try {
            writeCrl();
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new CertificateAuthorityException(crlFile() + ": cannot sign the CRL: " + e.getMessage(), e);
        }
    }

    /** Every certificate issued, oldest first. */
    public List<IssuedCertificate> list() {
        Path file = dir.resolve("index.tsv");
        try {
            List<IssuedCertificate> result = new ArrayList<>();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                try {
                    result.add(IssuedCertificate.parse(lines.get(i)));
                } catch (RuntimeException e) {
                    throw new CertificateAuthorityException(file + ": line " + (i + 1) + ": " + e.getMessage(), e);
                }
            }
            return result;
        } catch (IOException e) {
            throw new CertificateAuthorityException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private void writeCrl() throws IOException, GeneralSecurityException, OperatorCreationException {
        Properties p = readProperties(dir);
        long number = Long.parseLong(p.getProperty("crl_number", "0")) + 1;
        Instant now = clock.instant();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(
                X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded()),
                Date.from(now.minus(Duration.ofMinutes(1))));
        builder.setNextUpdate(Date.from(now.plus(CRL_VALIDITY)));
        for (IssuedCertificate c : list()) {
            if (c.revoked()) {
                builder.addCRLEntry(c.serial(), Date.from(c.revokedAt()), CRLReason.unspecified);
            }
        }
        builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCertificate));
        PemFiles.writePublic(crlFile(), new JcaX509CRLConverter().getCRL(builder.build(signer(caKey))));
        writeProperties(number);
    }

    private void writeProperties(long crlNumber) throws IOException {
        PemFiles.writeAtomically(dir.resolve("ca.properties"),
                "# thor ca: network domain and last CRL number\ndomain=" + domain + "\ncrl_number=" + crlNumber + "\n", false);
    }

    private static Properties readProperties(Path dir) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(dir.resolve("ca.properties"), StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    private static String requireIp(String ip) {
        if (ip == null || !(ip.matches("[0-9.]+") || ip.contains(":"))) {
            throw new IllegalArgumentException("'" + ip + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(ip).getHostAddress();
        } catch (IOException e) {
            throw new IllegalArgumentException("'" + ip + "' is not an IP address", e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger newSerial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
        return new JcaContentSignerBuilder(SIGNATURE).build(key);
    }

    private static X509Certificate convert(X509CertificateHolder holder) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }
}
