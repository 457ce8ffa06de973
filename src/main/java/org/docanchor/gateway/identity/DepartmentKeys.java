package org.docanchor.gateway.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.docanchor.verifier.signature.CertificateValidationException;
import org.docanchor.verifier.signature.CertificateValidator;
import org.docanchor.verifier.signature.DepartmentKey;
import org.docanchor.verifier.signature.InvalidDepartmentKeyException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The public keys departments sign with. A bare key is taken as the administrator registers it; a certificate
 * chain must lead to one of the trusted government roots in {@code anchor.identity.trusted-roots-file}, be valid
 * now and allow signing.
 */
@ApplicationScoped
public class DepartmentKeys {

    private final Optional<CertificateValidator> validator;

    public DepartmentKeys(@ConfigProperty(name = "anchor.identity.trusted-roots-file") Optional<Path> roots) {
        this.validator = roots.map(path -> {
            try {
                return CertificateValidator.fromPem(Files.readString(path));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read anchor.identity.trusted-roots-file " + path, e);
            }
        });
    }

    /** Registers a key (PEM public key, or PEM certificate chain leaf first) for the department. */
    @Transactional
    public RegisteredKey register(Department department, String pem) {
        DepartmentKey key;
        boolean certificate = pem.contains("BEGIN CERTIFICATE");
        if (certificate) {
            CertificateValidator roots = validator.orElseThrow(() -> new InvalidDepartmentKeyException(
                    "certificates need trusted roots: the operator sets anchor.identity.trusted-roots-file"));
            try {
                key = roots.validate(CertificateValidator.parseChain(pem), Instant.now()).key();
            } catch (CertificateValidationException e) {
                throw new InvalidDepartmentKeyException("the certificate chain is not accepted: " + e.getMessage());
            }
        } else {
            key = DepartmentKey.parse(pem);
        }
        RegisteredKey existing = RegisteredKey.find("department = ?1 and fingerprint = ?2", department, key.fingerprint())
                .firstResult();
        if (existing != null) {
            existing.revokedAt = null;
            return existing;
        }
        RegisteredKey row = new RegisteredKey();
        row.department = department;
        row.algorithm = key.algorithm().id();
        row.fingerprint = key.fingerprint();
        row.pem = certificate ? pem.strip() : key.toPem();
        row.certificate = certificate;
        row.persist();
        return row;
    }

    /** The department's keys that are not revoked. */
    @Transactional
    public List<RegisteredKey> active(long departmentId) {
        return RegisteredKey.list("department.id = ?1 and revokedAt is null", departmentId);
    }

    /** Revokes a key; true when it existed. */
    @Transactional
    public boolean revoke(Department department, String fingerprint) {
        RegisteredKey key = RegisteredKey.find("department = ?1 and fingerprint = ?2", department, fingerprint)
                .firstResult();
        if (key == null) {
            return false;
        }
        if (key.revokedAt == null) {
            key.revokedAt = Instant.now();
        }
        return true;
    }
}
