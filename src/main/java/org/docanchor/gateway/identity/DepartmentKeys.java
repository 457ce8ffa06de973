package org.docanchor.gateway.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.docanchor.gateway.web.Message;
import org.docanchor.verifier.signature.CertificateValidationException;
import org.docanchor.verifier.signature.CertificateValidator;
import org.docanchor.verifier.signature.DepartmentKey;
import org.docanchor.verifier.signature.InvalidDepartmentKeyException;
import org.docanchor.verifier.signature.ValidatedChain;
import io.quarkus.hibernate.orm.panache.Panache;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The public keys departments sign with. A bare key is taken as the administrator gives it; a certificate chain
 * must lead to one of the trusted government roots in {@code anchor.identity.trusted-roots-file}, be valid now,
 * allow signing and name the department. Keys are registered on the issuer registry; which of them sign now is
 * what the chain says.
 */
@ApplicationScoped
public class DepartmentKeys {

    private final Optional<CertificateValidator> validator;

    public DepartmentKeys(@ConfigProperty(name = "anchor.identity.trusted-roots-file") Optional<Path> roots) {
        // A file that does not exist is no roots (certificates are refused, bare keys still work): in Kubernetes
        // the roots come from an optional ConfigMap, absent where no department registers certificates.
        this.validator = roots.filter(Files::exists).map(path -> {
            try {
                return CertificateValidator.fromPem(Files.readString(path));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read anchor.identity.trusted-roots-file " + path, e);
            }
        });
    }

    /** A key an administrator gave for a department, checked: what goes on chain, and the PEM kept for proofs. */
    public record CheckedKey(DepartmentKey key, String pem, boolean certificate) {
    }

    /** The SAN URI that names a department in a certificate, followed by the department code. */
    public static final String DEPARTMENT_URI_PREFIX = "urn:anchor-gateway:department:";

    /**
     * Parses a PEM public key, or a PEM certificate chain (leaf first) that must lead to a trusted root, be valid now,
     * allow signing, and name {@code departmentCode} (see {@link #namesDepartment}).
     */
    public CheckedKey check(String departmentCode, String pem) {
        boolean certificate = pem.contains("BEGIN CERTIFICATE");
        if (!certificate) {
            DepartmentKey key = DepartmentKey.parse(pem);
            return new CheckedKey(key, key.toPem(), false);
        }
        CertificateValidator roots = validator.orElseThrow(() -> new InvalidDepartmentKeyException(
                "certificates need trusted roots: the operator sets anchor.identity.trusted-roots-file"));
        ValidatedChain chain;
        try {
            chain = roots.validate(CertificateValidator.parseChain(pem), Instant.now());
        } catch (CertificateValidationException e) {
            throw new InvalidDepartmentKeyException("the certificate chain is not accepted: " + e.getMessage());
        }
        if (!namesDepartment(chain.leaf(), departmentCode)) {
            throw new InvalidDepartmentKeyException("the certificate does not name department " + departmentCode
                    + ": its subject's O or OU must be " + departmentCode + ", or a subjectAltName URI "
                    + DEPARTMENT_URI_PREFIX + departmentCode);
        }
        return new CheckedKey(chain.key(), pem.strip(), true);
    }

    /**
     * Whether a certificate names the department: an O or OU attribute of its subject equal to the code, or a
     * subjectAltName URI {@code urn:anchor-gateway:department:<CODE>}; exact, case-sensitive comparisons.
     */
    public static boolean namesDepartment(X509Certificate leaf, String code) {
        X500Name subject = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded());
        for (ASN1ObjectIdentifier type : List.of(BCStyle.O, BCStyle.OU)) {
            for (RDN rdn : subject.getRDNs(type)) {
                for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                    if (value.getType().equals(type) && code.equals(IETFUtils.valueToString(value.getValue()))) {
                        return true;
                    }
                }
            }
        }
        try {
            Collection<List<?>> names = leaf.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    if (Integer.valueOf(6).equals(name.get(0)) && (DEPARTMENT_URI_PREFIX + code).equals(name.get(1))) {
                        return true;
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        return false;
    }

    /** Keeps the PEM an administrator registered a key with, to be shown in proofs once the chain has the key. */
    @Transactional
    public void keepMaterial(String departmentCode, String fingerprint, String pem, boolean certificate) {
        Panache.getEntityManager().createNativeQuery("insert into issuer_key_material (code, fingerprint, pem, "
                + "certificate) values (?1, ?2, ?3, ?4) on conflict (code, fingerprint) do update set pem = excluded.pem, "
                + "certificate = excluded.certificate").setParameter(1, departmentCode).setParameter(2, fingerprint)
                .setParameter(3, pem).setParameter(4, certificate).executeUpdate();
    }

    /**
     * The keys a submission may be signed with now: {@link #active} keys, where a certificate chain must also still
     * be valid now under the trusted roots configured now (it was checked at registration, but certificates expire
     * and roots are withdrawn). {@code refused} says, per key left out, why.
     */
    public record SigningKeys(Map<RegisteredKey, DepartmentKey> usable, List<Message> refused) {
    }

    /** See {@link SigningKeys}. */
    public SigningKeys signing(long departmentId) {
        Map<RegisteredKey, DepartmentKey> usable = new LinkedHashMap<>();
        List<Message> refused = new ArrayList<>();
        Instant now = Instant.now();
        for (RegisteredKey registered : active(departmentId)) {
            if (!registered.certificate) {
                usable.put(registered, registered.key());
                continue;
            }
            if (validator.isEmpty()) {
                refused.add(Message.of("signing.no-trusted-root", registered.fingerprint));
                continue;
            }
            try {
                ValidatedChain chain = validator.get().validate(CertificateValidator.parseChain(registered.pem), now);
                usable.put(registered, chain.key());
            } catch (CertificateValidationException e) {
                refused.add(Message.of("signing.chain-invalid", registered.fingerprint, e.getMessage()));
            }
        }
        return new SigningKeys(usable, refused);
    }

    /**
     * The department's keys that sign for it now, as the issuer registry says (the follower keeps these rows):
     * valid from a time that has come, and not revoked by now. A key registered only in the database, before the
     * issuer registry, does not count.
     */
    @Transactional
    public List<RegisteredKey> active(long departmentId) {
        Instant now = Instant.now();
        return RegisteredKey.list("department.id = ?1 and validFrom is not null and validFrom <= ?2 "
                + "and (revokedAt is null or revokedAt > ?2)", departmentId, now);
    }
}
