package org.thor.overlay.tls;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One line of the CA's {@code index.tsv}: a certificate the CA issued and whether it is revoked.
 *
 * @param serial    serial number
 * @param name      member name (subject CN)
 * @param notAfter  end of validity
 * @param revokedAt when it was revoked, or null
 * @param roles     roles in the certificate
 * @param addresses IP addresses and DNS names in the certificate
 */
public record IssuedCertificate(BigInteger serial, String name, Instant notAfter, Instant revokedAt,
                                Set<String> roles, List<String> addresses) {

    public IssuedCertificate {
        roles = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(roles)); // sorted: stable output
        addresses = List.copyOf(addresses);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** {@code valid}, {@code expired} or {@code revoked} at {@code now}. */
    public String status(Instant now) {
        if (revoked()) {
            return "revoked";
        }
        return now.isAfter(notAfter) ? "expired" : "valid";
    }

    String toLine() {
        return serial.toString(16) + '\t' + name + '\t' + notAfter + '\t' + (revokedAt == null ? "-" : revokedAt.toString())
                + '\t' + String.join(",", new TreeSet<>(roles)) + '\t' + String.join(",", addresses);
    }

    static IssuedCertificate parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 6) {
            throw new IllegalArgumentException("expected 6 tab-separated fields, got " + f.length);
        }
        return new IssuedCertificate(new BigInteger(f[0], 16), f[1], Instant.parse(f[2]),
                f[3].equals("-") ? null : Instant.parse(f[3]),
                f[4].isEmpty() ? Set.of() : Set.of(f[4].split(",")),
                f[5].isEmpty() ? List.of() : List.of(f[5].split(",")));
    }
}
