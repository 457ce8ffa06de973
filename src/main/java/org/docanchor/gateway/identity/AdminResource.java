package org.docanchor.gateway.identity;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.Optional;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.docanchor.gateway.issuer.IssuerAdmin;
import org.docanchor.gateway.issuer.IssuerDepartment;
import org.docanchor.gateway.issuer.IssuerKey;
import org.docanchor.gateway.web.Message;
import org.docanchor.gateway.web.Problem.FieldError;
import org.docanchor.gateway.web.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Departments and credentials, for administrators. Every change is in the audit log. Departments, their names,
 * status and signing keys live on the issuer registry: a change here becomes an issuer registry transaction (sent
 * with the gateway's issuer-admin key, or prepared unsigned for the accrediting body, 202), and the answer comes
 * from the database once the issuer follower has applied its event.
 */
@Path("/api/v1/admin")
@Tag(name = "Administration", description = "Departments and credentials (role: admin)")
@SecurityRequirement(name = "apiKey")
@Consumes(MediaType.APPLICATION_JSON)
@Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
@RolesAllowed(Roles.ADMIN)
public class AdminResource {

    private static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,31}");
    private static final Pattern PREFIX = Pattern.compile("agk_[A-Za-z0-9]{8}");
    private static final Pattern FINGERPRINT = Pattern.compile("sha256:[0-9a-f]{64}");

    /**
     * A new department: its code and names. {@code name} is the English name when {@code nameEn} is absent; the
     * Chinese name defaults to the English one.
     */
    public record DepartmentRequest(String code, String name, String nameZh, String nameEn) {
    }

    /** New names of a department. */
    public record NamesRequest(String nameZh, String nameEn) {
    }

    /** A new key: roles (submitter, revoker for a department; admin, auditor for operators), optional expiry. */
    public record KeyRequest(List<String> roles, Instant expiresAt, String label) {
    }

    /** A key as administrators see it: never the secret. */
    public record KeyView(String prefix, List<String> roles, String label, Instant createdAt, Instant expiresAt,
            Instant revokedAt, boolean active) {
        static KeyView of(ApiKey key) {
            return new KeyView(key.prefix, List.of(key.roles), key.label, key.createdAt, key.expiresAt, key.revokedAt,
                    key.activeAt(Instant.now()));
        }
    }

    /**
     * A department with its API keys; {@code onChain} with the issuer registry's record (names, registration,
     * status history), absent for a department the issuer registry does not know.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record DepartmentView(String code, String name, String nameZh, String status, Instant createdAt,
            boolean signaturesRequired, OnChainView onChain, List<KeyView> keys) {
    }

    /**
     * Whether the department's submissions must be signed. It turns on by itself with the department's first
     * signing key and stays on when its keys are revoked; turning it off lets the department's API keys submit
     * unsigned documents again.
     */
    public record SignaturePolicyRequest(Boolean signaturesRequired) {
    }

    /** What the issuer registry records about a department. */
    public record OnChainView(String nameZh, String nameEn, Instant registeredAt, long blockNumber,
            List<StatusEntry> statusHistory) {
    }

    /** One entry of a department's status history: active or suspended from a time. */
    public record StatusEntry(boolean active, Instant from) {
    }

    /**
     * A change to the issuer registry that is not in the database yet: {@code pending} (sent by the gateway, its
     * event not applied yet; {@code txHash}) or {@code prepared} (for the accrediting body to sign and send:
     * {@code transactions}, in order).
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record ChainChangeView(String status, String txHash,
            List<org.docanchor.gateway.issuer.IssuerAdmin.PreparedTransaction> transactions) {
    }

    /** A key just issued: the only time {@code key} is shown. */
    public record IssuedKeyView(String key, KeyView details) {
    }

    /**
     * A department public key to register: a PEM public key, or a PEM certificate chain (leaf first) that names the
     * department; {@code validFrom} defaults to the earliest time the chain accepts (a few seconds ahead).
     */
    public record PublicKeyRequest(String pem, Instant validFrom) {
    }

    /** A key revocation: superseded (from now or later) or compromised (from any time since the key was valid). */
    public record KeyRevocationRequest(String reason, Instant effectiveAt) {
    }

    /** A department public key as the issuer registry records it. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record PublicKeyView(String fingerprint, String algorithm, boolean certificate, Instant createdAt,
            Instant validFrom, Instant revokedAt, String revocationReason) {
        static PublicKeyView of(RegisteredKey key) {
            return new PublicKeyView(key.fingerprint, key.algorithm, key.certificate, key.createdAt, key.validFrom,
                    key.revokedAt, key.revocationReason);
        }
    }

    /** A rotation: the new key, and the old one superseded from the new key's validFrom. */
    public record RotationView(PublicKeyView newKey, PublicKeyView oldKey) {
    }

    private final ApiKeys apiKeys;
    private final DepartmentKeys departmentKeys;
    private final AuditLog audit;
    private final IssuerAdmin issuer;

    public AdminResource(ApiKeys apiKeys, DepartmentKeys departmentKeys, AuditLog audit, IssuerAdmin issuer) {
        this.apiKeys = apiKeys;
        this.departmentKeys = departmentKeys;
        this.audit = audit;
        this.issuer = issuer;
    }

    @POST
    @Path("/departments")
    @Operation(operationId = "registerDepartment", summary = "Register a department on the issuer registry",
            description = "Sends registerDepartment(code, nameZh, nameEn) with the gateway's issuer-admin key and "
                    + "answers 201 once the event is in the database; without that key (production default) "
                    + "answers 202 with the unsigned transaction for the accrediting body (docs/operations.md).")
    @APIResponse(responseCode = "201", description = "Registered on chain and applied")
    @APIResponse(responseCode = "202", description = "Pending (sent, not applied yet) or prepared (unsigned)")
    @APIResponse(responseCode = "400", description = "Invalid code or names")
    @APIResponse(responseCode = "409", description = "The code is registered, or the issuer registry refused")
    public Response createDepartment(DepartmentRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null || request.code() == null || !CODE.matcher(request.code()).matches()) {
            errors.add(FieldError.of("/code", "admin.code"));
        }
        String nameEn = request == null ? null : request.nameEn() != null ? request.nameEn() : request.name();
        String nameZh = request == null ? null : request.nameZh() != null ? request.nameZh() : nameEn;
        checkName(errors, request != null && request.nameEn() == null ? "/name" : "/nameEn", nameEn);
        if (request != null && request.nameZh() != null) {
            checkName(errors, "/nameZh", nameZh);
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        String code = request.code();
        if (QuarkusTransaction.requiringNew().call(() -> IssuerDepartment.findById(code)) != null) {
            throw ProblemException.conflict("department-exists", "department-exists.code", code);
        }
        IssuerAdmin.Outcome outcome = issuer.submit(chain -> chain.registerDepartment(code, nameZh.strip(),
                nameEn.strip()));
        return answer("department.register", code, nameEn.strip(), outcome, 201,
                () -> view(findDepartment(code)));
    }

    @POST
    @Path("/departments/{code}/names")
    @Operation(operationId = "renameDepartment", summary = "Rename a department on the issuer registry")
    @APIResponse(responseCode = "200", description = "Renamed on chain and applied")
    @APIResponse(responseCode = "202", description = "Pending or prepared")
    @APIResponse(responseCode = "400", description = "Invalid names")
    @APIResponse(responseCode = "404", description = "No such department on the issuer registry")
    @APIResponse(responseCode = "409", description = "The issuer registry refused")
    public Response rename(@PathParam("code") String code, NamesRequest request) {
        List<FieldError> errors = new ArrayList<>();
        checkName(errors, "/nameZh", request == null ? null : request.nameZh());
        checkName(errors, "/nameEn", request == null ? null : request.nameEn());
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        onChain(code);
        IssuerAdmin.Outcome outcome = issuer.submit(chain -> chain.renameDepartment(code, request.nameZh().strip(),
                request.nameEn().strip()));
        return answer("department.rename", code, request.nameEn().strip(), outcome, 200,
                () -> view(findDepartment(code)));
    }

    @GET
    @Path("/departments")
    @Transactional
    @Operation(operationId = "listDepartments", summary = "List departments with their keys")
    @APIResponse(responseCode = "200", description = "Departments")
    @APIResponse(responseCode = "401", description = "No API key, or an unknown, expired or revoked one")
    @APIResponse(responseCode = "403", description = "Not an admin key")
    public List<DepartmentView> departments() {
        return Department.<Department>listAll().stream().sorted(Comparator.comparing(d -> d.code))
                .map(AdminResource::view).toList();
    }

    @GET
    @Path("/departments/{code}")
    @Transactional
    @Operation(operationId = "getDepartment", summary = "One department with its keys")
    @APIResponse(responseCode = "200", description = "The department")
    @APIResponse(responseCode = "404", description = "No such department")
    public DepartmentView department(@PathParam("code") String code) {
        return view(find(code));
    }

    @PUT
    @Path("/departments/{code}/signature-policy")
    @Transactional
    @Operation(operationId = "setSignaturePolicy", summary = "Require signed submissions, or stop requiring them",
            description = "A department's first signing key turns the requirement on; revoking its keys leaves it "
                    + "on, so that its API keys cannot submit unsigned documents. Turning it off is audited.")
    @APIResponse(responseCode = "200", description = "The department, with the policy in force")
    @APIResponse(responseCode = "400", description = "signaturesRequired is not a boolean")
    @APIResponse(responseCode = "404", description = "No such department")
    public DepartmentView signaturePolicy(@PathParam("code") String code, SignaturePolicyRequest request) {
        Department department = find(code);
        if (request == null || request.signaturesRequired() == null) {
            throw ProblemException.invalid(List.of(FieldError.of("/signaturesRequired", "admin.boolean")));
        }
        boolean required = request.signaturesRequired();
        if (department.signaturesRequired != required) {
            department.signaturesRequired = required;
            audit.record("department.signature-policy", code, required ? "signatures required"
                    : "signatures no longer required");
        }
        return view(department);
    }

    @POST
    @Path("/departments/{code}/suspend")
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "suspendDepartment",
            summary = "Suspend a department on the issuer registry: its API keys stop working once applied",
            description = "?from= (ISO-8601) dates the suspension, in the past (documents anchored since then "
                    + "verify INVALID) or the future; default now.")
    @APIResponse(responseCode = "200", description = "Suspended on chain and applied")
    @APIResponse(responseCode = "202", description = "Pending or prepared")
    @APIResponse(responseCode = "400", description = "from is not a time")
    @APIResponse(responseCode = "404", description = "No such department")
    @APIResponse(responseCode = "409", description = "Not on the issuer registry, or the registry refused")
    public Response suspend(@PathParam("code") String code, @QueryParam("from") String from) {
        find(code);
        Optional<Instant> given = time("from", from);
        onChain(code);
        // Never before the latest status entry (the contract refuses that); usually now.
        Instant latest = QuarkusTransaction.requiringNew().call(() -> (Instant) toInstant(
                io.quarkus.hibernate.orm.panache.Panache.getEntityManager().createNativeQuery("select max(from_at) "
                        + "from issuer_department_status where code = ?1").setParameter(1, code).getSingleResult()));
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant at = given.orElse(latest.isAfter(now) ? latest : now);
        IssuerAdmin.Outcome outcome = issuer.submit(chain -> chain.suspendDepartment(code, at));
        return answer("department.suspend", code, "from " + at, outcome, 200, () -> view(findDepartment(code)));
    }

    @POST
    @Path("/departments/{code}/activate")
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "activateDepartment", summary = "Reinstate a suspended department on the issuer registry",
            description = "?from= (ISO-8601, not before the recording block) dates the reinstatement; default the "
                    + "earliest time the chain accepts.")
    @APIResponse(responseCode = "200", description = "Reinstated on chain and applied")
    @APIResponse(responseCode = "202", description = "Pending or prepared")
    @APIResponse(responseCode = "400", description = "from is not a time")
    @APIResponse(responseCode = "404", description = "No such department")
    @APIResponse(responseCode = "409", description = "Not on the issuer registry, not suspended, or refused")
    public Response activate(@PathParam("code") String code, @QueryParam("from") String from) {
        find(code);
        Optional<Instant> given = time("from", from);
        onChain(code);
        Instant at = given.orElseGet(issuer::earliest);
        IssuerAdmin.Outcome outcome = issuer.submit(chain -> chain.reinstateDepartment(code, at));
        if (outcome instanceof IssuerAdmin.Applied && given.isEmpty()) {
            // The chain dates a reinstatement a few seconds ahead; answer once it is in force.
            issuer.awaitTime(at);
        }
        return answer("department.reinstate", code, "from " + at, outcome, 200, () -> view(findDepartment(code)));
    }

    @POST
    @Path("/departments/{code}/public-keys")
    @Operation(operationId = "registerSigningKey",
            summary = "Register a department's signing key on the issuer registry (ECDSA P-256, Ed25519 or SM2; "
            + "key or certificate)",
            description = "While a department has a key valid now, each of its submissions must carry a signature "
                    + "over 'anchor-gateway/v1' LF department LF algorithm LF digest (docs/proof-format.md). A "
                    + "certificate must name the department (docs/api.md).")
    @APIResponse(responseCode = "201", description = "Registered on chain and applied")
    @APIResponse(responseCode = "202", description = "Pending or prepared")
    @APIResponse(responseCode = "400", description = "Not a supported key, a certificate chain that is not accepted "
            + "or does not name the department, or a validFrom in the past")
    @APIResponse(responseCode = "404", description = "No such department")
    @APIResponse(responseCode = "409", description = "Not on the issuer registry, the key is registered, or refused")
    public Response registerPublicKey(@PathParam("code") String code, PublicKeyRequest request) {
        find(code);
        DepartmentKeys.CheckedKey key = checkKey(code, request == null ? null : request.pem());
        onChain(code);
        Instant earliest = issuer.earliest();
        Instant validFrom = request.validFrom() == null ? earliest : request.validFrom();
        if (validFrom.isBefore(earliest.minus(issuerSlack()))) {
            throw ProblemException.invalid(List.of(FieldError.of("/validFrom", "admin.valid-from", earliest)));
        }
        if (QuarkusTransaction.requiringNew().call(() -> IssuerKey.find(code, key.key().fingerprint())) != null) {
            throw ProblemException.conflict("key-exists", "key-exists.never-back", key.key().fingerprint(), code);
        }
        departmentKeys.keepMaterial(code, key.key().fingerprint(), key.pem(), key.certificate());
        IssuerAdmin.Outcome outcome = issuer.submit(chain -> chain.registerKey(code, algorithmCode(key),
                key.key().subjectPublicKeyInfo(), validFrom));
        return answer("public-key.register", code, key.key().fingerprint() + " " + key.key().algorithm().id()
                + " valid from " + validFrom, outcome, 201, () -> PublicKeyView.of(registered(code,
                key.key().fingerprint())));
    }

    @GET
    @Path("/departments/{code}/public-keys")
    @Transactional
    @Operation(operationId = "listSigningKeys",
            summary = "A department's signing keys, as the issuer registry records them")
    @APIResponse(responseCode = "200", description = "The keys")
    @APIResponse(responseCode = "404", description = "No such department")
    public List<PublicKeyView> publicKeys(@PathParam("code") String code) {
        return RegisteredKey.<RegisteredKey>list("department", find(code)).stream().map(PublicKeyView::of).toList();
    }

    @POST
    @Path("/departments/{code}/public-keys/{fingerprint}/revocation")
    @Operation(operationId = "revokeSigningKey", summary = "Revoke a department's signing key on the issuer registry",
            description = "reason superseded (effectiveAt not before the recording block; default the earliest "
                    + "such time) or compromised (effectiveAt any time since the key's validFrom; default now): "
                    + "documents anchored from effectiveAt on with a signature of this key verify INVALID.")
    @APIResponse(responseCode = "200", description = "Revoked on chain and applied")
    @APIResponse(responseCode = "202", description = "Pending or prepared")
    @APIResponse(responseCode = "400", description = "Unknown reason")
    @APIResponse(responseCode = "404", description = "No such department or key")
    @APIResponse(responseCode = "409", description = "The issuer registry refused (revoked already, backdated)")
    public Response revokePublicKey(@PathParam("code") String code, @PathParam("fingerprint") String fingerprint,
            KeyRevocationRequest request) {
        int reason = request == null || request.reason() == null ? -1 : switch (request.reason()) {
            case "superseded" -> 1;
            case "compromised" -> 2;
            default -> -1;
        };
        if (reason < 0) {
            throw ProblemException.invalid(List.of(FieldError.of("/reason", "admin.key-revocation-reason")));
        }
        return revokeKey(code, fingerprint, reason, request.effectiveAt());
    }

    @DELETE
    @Path("/departments/{code}/public-keys/{fingerprint}")
    @Operation(operationId = "retireSigningKey",
            summary = "Retire a department's signing key: superseded, from the earliest time the chain accepts")
    @APIResponse(responseCode = "200", description = "Revoked on chain and applied")
    @APIResponse(responseCode = "202", description = "Pending or prepared")
    @APIResponse(responseCode = "404", description = "No such department or key")
    @APIResponse(responseCode = "409", description = "The issuer registry refused (revoked already)")
    public Response retirePublicKey(@PathParam("code") String code, @PathParam("fingerprint") String fingerprint) {
        return revokeKey(code, fingerprint, 1, null);
    }

    @POST
    @Path("/departments/{code}/public-keys/{fingerprint}/rotation")
    @Operation(operationId = "rotateSigningKey",
            summary = "Rotate a department's signing key: register the new one, supersede the old one from the "
            + "new one's validFrom")
    @APIResponse(responseCode = "200", description = "Both changes on chain and applied")
    @APIResponse(responseCode = "202", description = "Pending or prepared (two transactions, in order)")
    @APIResponse(responseCode = "400", description = "Not a supported key or certificate")
    @APIResponse(responseCode = "404", description = "No such department or key")
    @APIResponse(responseCode = "409", description = "The new key is registered, the old one revoked, or refused")
    public Response rotatePublicKey(@PathParam("code") String code, @PathParam("fingerprint") String fingerprint,
            PublicKeyRequest request) {
        find(code);
        IssuerKey old = existingKey(code, fingerprint);
        DepartmentKeys.CheckedKey key = checkKey(code, request == null ? null : request.pem());
        if (old.revocationReason != null) {
            throw ProblemException.conflict("key-revoked", "key-revoked.already", fingerprint);
        }
        if (QuarkusTransaction.requiringNew().call(() -> IssuerKey.find(code, key.key().fingerprint())) != null) {
            throw ProblemException.conflict("key-exists", "key-exists.before", key.key().fingerprint(), code);
        }
        Instant validFrom = issuer.earliest();
        departmentKeys.keepMaterial(code, key.key().fingerprint(), key.pem(), key.certificate());
        IssuerAdmin.Outcome added = issuer.submit(chain -> chain.registerKey(code, algorithmCode(key),
                key.key().subjectPublicKeyInfo(), validFrom));
        IssuerAdmin.Outcome retired = issuer.submit(chain -> chain.revokeKey(code, fingerprintHash(fingerprint), 1,
                validFrom));
        String detail = fingerprint + " superseded by " + key.key().fingerprint() + " from " + validFrom;
        if (added instanceof IssuerAdmin.Applied && retired instanceof IssuerAdmin.Applied) {
            QuarkusTransaction.requiringNew().run(() -> audit.record("public-key.rotate", code, detail + ", tx "
                    + ((IssuerAdmin.Applied) added).txHash() + " " + ((IssuerAdmin.Applied) retired).txHash()));
            return Response.ok(QuarkusTransaction.requiringNew().call(() -> new RotationView(
                    PublicKeyView.of(registered(code, key.key().fingerprint())),
                    PublicKeyView.of(registered(code, fingerprint))))).build();
        }
        ChainChangeView change = merge(added, retired);
        QuarkusTransaction.requiringNew().run(() -> audit.record("public-key.rotate", code, detail + ", "
                + change.status() + (change.txHash() == null ? "" : " " + change.txHash())));
        return Response.accepted(change).build();
    }

    private Response revokeKey(String code, String fingerprint, int reason, Instant effectiveAt) {
        find(code);
        IssuerKey key = existingKey(code, fingerprint);
        Instant at = effectiveAt != null ? effectiveAt : reason == 2 ? Instant.now() : issuer.earliest();
        IssuerAdmin.Outcome outcome = issuer.submit(chain -> chain.revokeKey(code, fingerprintHash(fingerprint),
                reason, at));
        return answer("public-key.revoke", code, key.fingerprint + (reason == 1 ? " superseded" : " compromised")
                + " from " + at, outcome, 200, () -> PublicKeyView.of(registered(code, fingerprint)));
    }

    /**
     * The answer to an issuer registry change: {@code appliedStatus} with the view read from the database once the
     * event is applied, else 202 with what is pending or prepared. The audit line says which, with the transaction.
     */
    private Response answer(String action, String target, String detail, IssuerAdmin.Outcome outcome, int appliedStatus,
            java.util.function.Supplier<Object> view) {
        ChainChangeView change = merge(outcome);
        String how = switch (outcome) {
            case IssuerAdmin.Applied a -> "tx " + a.txHash() + " in block " + a.blockNumber();
            case IssuerAdmin.Pending p -> "pending tx " + p.txHash();
            case IssuerAdmin.Prepared p -> "prepared for the accrediting body";
        };
        QuarkusTransaction.requiringNew().run(() -> audit.record(action, target, detail + "; " + how));
        if (outcome instanceof IssuerAdmin.Applied) {
            return Response.status(appliedStatus).entity(QuarkusTransaction.requiringNew().call(view::get)).build();
        }
        return Response.accepted(change).build();
    }

    private static ChainChangeView merge(IssuerAdmin.Outcome... outcomes) {
        List<IssuerAdmin.PreparedTransaction> prepared = new ArrayList<>();
        String txHash = null;
        for (IssuerAdmin.Outcome outcome : outcomes) {
            if (outcome instanceof IssuerAdmin.Prepared p) {
                prepared.add(p.transaction());
            } else if (outcome instanceof IssuerAdmin.Pending p) {
                txHash = p.txHash();
            }
        }
        return prepared.isEmpty() ? new ChainChangeView(txHash == null ? "applied" : "pending", txHash, null)
                : new ChainChangeView("prepared", null, prepared);
    }

    private DepartmentKeys.CheckedKey checkKey(String code, String pem) {
        if (pem == null || pem.length() > 32_768) {
            throw ProblemException.invalid(List.of(FieldError.of("/pem", "admin.pem")));
        }
        try {
            return departmentKeys.check(code, pem);
        } catch (org.docanchor.verifier.signature.InvalidDepartmentKeyException e) {
            // The key parser's own words: they name what is wrong with the key (algorithm, curve, size, encoding).
            throw ProblemException.invalid(List.of(new FieldError("/pem", Message.verbatim(e.getMessage()))));
        }
    }

    private static int algorithmCode(DepartmentKeys.CheckedKey key) {
        return switch (key.key().algorithm()) {
            case ECDSA_P256 -> 1;
            case ED25519 -> 2;
            case SM2 -> 3;
        };
    }

    private static org.docanchor.verifier.merkle.Hash32 fingerprintHash(String fingerprint) {
        return org.docanchor.verifier.merkle.Hash32.fromHex("0x" + fingerprint.substring("sha256:".length()));
    }

    /** Clock differences between the gateway and the chain: a validFrom this much before the earliest is accepted. */
    private static java.time.Duration issuerSlack() {
        return java.time.Duration.ofSeconds(60);
    }

    private IssuerKey existingKey(String code, String fingerprint) {
        IssuerKey key = FINGERPRINT.matcher(fingerprint).matches()
                ? QuarkusTransaction.requiringNew().call(() -> IssuerKey.find(code, fingerprint)) : null;
        if (key == null) {
            throw ProblemException.notFound("unknown-key", "unknown-key.fingerprint", fingerprint, code);
        }
        return key;
    }

    private static RegisteredKey registered(String code, String fingerprint) {
        return RegisteredKey.find("department.code = ?1 and fingerprint = ?2", code, fingerprint).firstResult();
    }

    /** 409 unless the issuer registry knows the department (404 is for codes the gateway does not know at all). */
    private void onChain(String code) {
        issuer.registry();
        if (QuarkusTransaction.requiringNew().call(() -> IssuerDepartment.findById(code)) == null) {
            if (QuarkusTransaction.requiringNew().call(() -> Department.findByCode(code)) == null) {
                throw ProblemException.notFound("unknown-department", "unknown-department.code", code);
            }
            throw ProblemException.conflict("department-not-on-chain", "department-not-on-chain.register", code);
        }
    }

    private static void checkName(List<FieldError> errors, String pointer, String name) {
        if (name == null || name.isBlank() || name.strip().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 200
                || !org.docanchor.gateway.web.Text.clean(name)) {
            errors.add(FieldError.of(pointer, "admin.name"));
        }
    }

    private static Optional<Instant> time(String name, String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.invalid(List.of(FieldError.of("/" + name, "field.time")));
        }
    }

    @POST
    @Path("/departments/{code}/keys")
    @Transactional
    @Operation(operationId = "issueDepartmentKey",
            summary = "Issue a department key (shown once); at most two active keys, for rotation")
    @APIResponse(responseCode = "201", description = "Issued; the key is in the answer and nowhere else")
    @APIResponse(responseCode = "400", description = "Unknown or operator roles, or an expiry in the past")
    @APIResponse(responseCode = "404", description = "No such department")
    @APIResponse(responseCode = "409", description = "Two keys are active already: revoke one first")
    public Response issueDepartmentKey(@PathParam("code") String code, KeyRequest request) {
        find(code);
        return issue(code, request, Roles.DEPARTMENT);
    }

    @POST
    @Path("/keys")
    @Transactional
    @Operation(operationId = "issueOperatorKey", summary = "Issue an operator key (admin or auditor; shown once)")
    @APIResponse(responseCode = "201", description = "Issued")
    @APIResponse(responseCode = "400", description = "Unknown or department roles")
    public Response issueOperatorKey(KeyRequest request) {
        return issue(null, request, Roles.OPERATOR);
    }

    @GET
    @Path("/keys")
    @Transactional
    @Operation(operationId = "listOperatorKeys",
            summary = "List operator keys (admin, auditor), oldest first: prefixes, roles and state, never a "
            + "secret; department keys are listed with their department")
    @APIResponse(responseCode = "200", description = "Operator keys")
    @APIResponse(responseCode = "401", description = "No API key, or an unknown, expired or revoked one")
    @APIResponse(responseCode = "403", description = "Not an admin key")
    public List<KeyView> operatorKeys() {
        return ApiKey.<ApiKey>list("department is null").stream().sorted(Comparator.comparing(k -> k.createdAt))
                .map(KeyView::of).toList();
    }

    @DELETE
    @Path("/keys/{prefix}")
    @Transactional
    @Operation(operationId = "revokeApiKey",
            summary = "Revoke a key; it fails from the next request on. Revoking twice is harmless")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "No key with this prefix")
    public Response revoke(@PathParam("prefix") String prefix) {
        if (!PREFIX.matcher(prefix).matches() || !apiKeys.revoke(prefix)) {
            throw ProblemException.notFound("unknown-key", "unknown-key.prefix", prefix);
        }
        audit.record("key.revoke", prefix, null);
        return Response.noContent().build();
    }

    private Response issue(String code, KeyRequest request, List<String> allowed) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null || request.roles() == null || request.roles().isEmpty()
                || !allowed.containsAll(request.roles())) {
            errors.add(FieldError.of("/roles", "admin.roles", allowed));
        }
        if (request != null && request.expiresAt() != null && !request.expiresAt().isAfter(Instant.now())) {
            errors.add(FieldError.of("/expiresAt", "admin.future"));
        }
        if (request != null && request.label() != null && (request.label().length() > 100
                || !org.docanchor.gateway.web.Text.clean(request.label()))) {
            errors.add(FieldError.of("/label", "admin.label"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        ApiKeys.IssuedKey issued;
        try {
            issued = apiKeys.issue(code, request.roles(), request.expiresAt(), request.label());
        } catch (IllegalStateException e) {
            throw ProblemException.conflict("too-many-keys", "too-many-keys.revoke-one", code,
                    ApiKeys.MAX_ACTIVE_PER_DEPARTMENT);
        }
        ApiKey key = ApiKey.find("prefix", issued.prefix()).firstResult();
        audit.record("key.issue", issued.prefix(), (code == null ? "operator" : code) + " " + List.of(key.roles));
        return Response.status(201).entity(new IssuedKeyView(issued.key(), KeyView.of(key))).build();
    }

    private static Department find(String code) {
        return findDepartment(code);
    }

    private static Department findDepartment(String code) {
        // Validate before the database sees it: a NUL byte in a path parameter is a PostgreSQL error otherwise.
        Department department = code == null || !CODE.matcher(code).matches() ? null : Department.findByCode(code);
        if (department == null) {
            throw ProblemException.notFound("unknown-department", "unknown-department.code", code);
        }
        return department;
    }

    private static DepartmentView view(Department department) {
        List<KeyView> keys = ApiKey.<ApiKey>list("department", department).stream()
                .sorted(Comparator.comparing(k -> k.createdAt)).map(KeyView::of).toList();
        IssuerDepartment onChain = IssuerDepartment.findById(department.code);
        OnChainView chain = null;
        if (onChain != null) {
            List<StatusEntry> history = ((List<?>) io.quarkus.hibernate.orm.panache.Panache.getEntityManager()
                    .createNativeQuery("select active, from_at from issuer_department_status where code = ?1 "
                            + "order by position").setParameter(1, department.code).getResultList()).stream()
                    .map(row -> (Object[]) row)
                    .map(row -> new StatusEntry((Boolean) row[0], toInstant(row[1]))).toList();
            chain = new OnChainView(onChain.nameZh, onChain.nameEn, onChain.registeredAt, onChain.blockNumber, history);
        }
        return new DepartmentView(department.code, department.name, department.nameZh, department.status.name(),
                department.createdAt, department.signaturesRequired, chain, keys);
    }

    private static Instant toInstant(Object value) {
        return switch (value) {
            case Instant i -> i;
            case java.sql.Timestamp t -> t.toInstant();
            case java.time.OffsetDateTime o -> o.toInstant();
            default -> throw new IllegalStateException("unexpected time " + value.getClass());
        };
    }
}
