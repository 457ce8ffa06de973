package org.docanchor.gateway.identity;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.docanchor.gateway.web.Problem.FieldError;
import org.docanchor.gateway.web.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Departments and credentials, for administrators. Every change is in the audit log. */
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

    /** A new department. */
    public record DepartmentRequest(String code, String name) {
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

    /** A department with its keys. */
    public record DepartmentView(String code, String name, String status, Instant createdAt, List<KeyView> keys) {
    }

    /** A key just issued: the only time {@code key} is shown. */
    public record IssuedKeyView(String key, KeyView details) {
    }

    /** A department public key to register: a PEM public key, or a PEM certificate chain (leaf first). */
    public record PublicKeyRequest(String pem) {
    }

    /** A registered department public key. */
    public record PublicKeyView(String fingerprint, String algorithm, boolean certificate, Instant createdAt,
            Instant revokedAt) {
        static PublicKeyView of(RegisteredKey key) {
            return new PublicKeyView(key.fingerprint, key.algorithm, key.certificate, key.createdAt, key.revokedAt);
        }
    }

    private final ApiKeys apiKeys;
    private final DepartmentKeys departmentKeys;
    private final AuditLog audit;

    public AdminResource(ApiKeys apiKeys, DepartmentKeys departmentKeys, AuditLog audit) {
        this.apiKeys = apiKeys;
        this.departmentKeys = departmentKeys;
        this.audit = audit;
    }

    @POST
    @Path("/departments/{code}/public-keys")
    @Transactional
    @Operation(summary = "Register a department's signing key (ECDSA P-256, Ed25519 or SM2; key or certificate)",
            description = "While a department has an active key, each of its submissions must carry a signature "
                    + "over 'anchor-gateway/v1' LF department LF algorithm LF digest (docs/proof-format.md).")
    @APIResponse(responseCode = "201", description = "Registered")
    @APIResponse(responseCode = "400", description = "Not a supported key, or a certificate chain that is not accepted")
    @APIResponse(responseCode = "404", description = "No such department")
    public Response registerPublicKey(@PathParam("code") String code, PublicKeyRequest request) {
        Department department = find(code);
        if (request == null || request.pem() == null || request.pem().length() > 32_768) {
            throw ProblemException.invalid(List.of(new FieldError("/pem", "a PEM public key or certificate chain, "
                    + "at most 32 KiB")));
        }
        RegisteredKey key;
        try {
            key = departmentKeys.register(department, request.pem());
        } catch (org.docanchor.verifier.signature.InvalidDepartmentKeyException e) {
            throw ProblemException.invalid(List.of(new FieldError("/pem", e.getMessage())));
        }
        audit.record("public-key.register", code, key.fingerprint + " " + key.algorithm);
        return Response.status(201).entity(PublicKeyView.of(key)).build();
    }

    @GET
    @Path("/departments/{code}/public-keys")
    @Transactional
    @Operation(summary = "A department's signing keys")
    @APIResponse(responseCode = "200", description = "The keys")
    @APIResponse(responseCode = "404", description = "No such department")
    public List<PublicKeyView> publicKeys(@PathParam("code") String code) {
        return RegisteredKey.<RegisteredKey>list("department", find(code)).stream().map(PublicKeyView::of).toList();
    }

    @DELETE
    @Path("/departments/{code}/public-keys/{fingerprint}")
    @Transactional
    @Operation(summary = "Revoke a department's signing key; submissions signed with it are refused from now on")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "No such department or key")
    public Response revokePublicKey(@PathParam("code") String code, @PathParam("fingerprint") String fingerprint) {
        if (!FINGERPRINT.matcher(fingerprint).matches() || !departmentKeys.revoke(find(code), fingerprint)) {
            throw ProblemException.notFound("unknown-key", "Unknown key", "no key " + fingerprint + " for " + code);
        }
        audit.record("public-key.revoke", code, fingerprint);
        return Response.noContent().build();
    }

    @POST
    @Path("/departments")
    @Transactional
    @Operation(summary = "Create a department")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Invalid code or name")
    @APIResponse(responseCode = "409", description = "The code exists")
    public Response createDepartment(DepartmentRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null || request.code() == null || !CODE.matcher(request.code()).matches()) {
            errors.add(new FieldError("/code", "2 to 32 characters: capital letters, digits and '-', not first"));
        }
        if (request == null || request.name() == null || request.name().isBlank() || request.name().length() > 200
                || !org.docanchor.gateway.web.Text.clean(request.name())) {
            errors.add(new FieldError("/name", "1 to 200 characters without control characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        if (Department.findByCode(request.code()) != null) {
            throw ProblemException.conflict("department-exists", "Department exists",
                    "a department with code " + request.code() + " exists");
        }
        Department department = apiKeys.createDepartment(request.code(), request.name().strip());
        audit.record("department.create", department.code, department.name);
        return Response.status(201).entity(view(department)).build();
    }

    @GET
    @Path("/departments")
    @Transactional
    @Operation(summary = "List departments with their keys")
    @APIResponse(responseCode = "200", description = "Departments")
    public List<DepartmentView> departments() {
        return Department.<Department>listAll().stream().sorted(Comparator.comparing(d -> d.code))
                .map(AdminResource::view).toList();
    }

    @GET
    @Path("/departments/{code}")
    @Transactional
    @Operation(summary = "One department with its keys")
    @APIResponse(responseCode = "200", description = "The department")
    @APIResponse(responseCode = "404", description = "No such department")
    public DepartmentView department(@PathParam("code") String code) {
        return view(find(code));
    }

    @POST
    @Path("/departments/{code}/suspend")
    @Consumes(MediaType.WILDCARD)
    @Transactional
    @Operation(summary = "Suspend a department: its keys stop working at the next request")
    @APIResponse(responseCode = "200", description = "Suspended")
    @APIResponse(responseCode = "404", description = "No such department")
    public DepartmentView suspend(@PathParam("code") String code) {
        return setStatus(code, Department.Status.SUSPENDED, "department.suspend");
    }

    @POST
    @Path("/departments/{code}/activate")
    @Consumes(MediaType.WILDCARD)
    @Transactional
    @Operation(summary = "Reactivate a suspended department")
    @APIResponse(responseCode = "200", description = "Active")
    @APIResponse(responseCode = "404", description = "No such department")
    public DepartmentView activate(@PathParam("code") String code) {
        return setStatus(code, Department.Status.ACTIVE, "department.activate");
    }

    private DepartmentView setStatus(String code, Department.Status status, String action) {
        Department department = find(code);
        department.status = status;
        audit.record(action, code, null);
        return view(department);
    }

    @POST
    @Path("/departments/{code}/keys")
    @Transactional
    @Operation(summary = "Issue a department key (shown once); at most two active keys, for rotation")
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
    @Operation(summary = "Issue an operator key (admin or auditor; shown once)")
    @APIResponse(responseCode = "201", description = "Issued")
    @APIResponse(responseCode = "400", description = "Unknown or department roles")
    public Response issueOperatorKey(KeyRequest request) {
        return issue(null, request, Roles.OPERATOR);
    }

    @DELETE
    @Path("/keys/{prefix}")
    @Transactional
    @Operation(summary = "Revoke a key; it fails from the next request on. Revoking twice is harmless")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "No key with this prefix")
    public Response revoke(@PathParam("prefix") String prefix) {
        if (!PREFIX.matcher(prefix).matches() || !apiKeys.revoke(prefix)) {
            throw ProblemException.notFound("unknown-key", "Unknown key", "no key with prefix " + prefix);
        }
        audit.record("key.revoke", prefix, null);
        return Response.noContent().build();
    }

    private Response issue(String code, KeyRequest request, List<String> allowed) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null || request.roles() == null || request.roles().isEmpty()
                || !allowed.containsAll(request.roles())) {
            errors.add(new FieldError("/roles", "one or more of " + allowed));
        }
        if (request != null && request.expiresAt() != null && !request.expiresAt().isAfter(Instant.now())) {
            errors.add(new FieldError("/expiresAt", "must be in the future"));
        }
        if (request != null && request.label() != null && (request.label().length() > 100
                || !org.docanchor.gateway.web.Text.clean(request.label()))) {
            errors.add(new FieldError("/label", "at most 100 characters without control characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        ApiKeys.IssuedKey issued;
        try {
            issued = apiKeys.issue(code, request.roles(), request.expiresAt(), request.label());
        } catch (IllegalStateException e) {
            throw ProblemException.conflict("too-many-keys", "Too many active keys", e.getMessage());
        }
        ApiKey key = ApiKey.find("prefix", issued.prefix()).firstResult();
        audit.record("key.issue", issued.prefix(), (code == null ? "operator" : code) + " " + List.of(key.roles));
        return Response.status(201).entity(new IssuedKeyView(issued.key(), KeyView.of(key))).build();
    }

    private static Department find(String code) {
        // Validate before the database sees it: a NUL byte in a path parameter is a PostgreSQL error otherwise.
        Department department = code == null || !CODE.matcher(code).matches() ? null : Department.findByCode(code);
        if (department == null) {
            throw ProblemException.notFound("unknown-department", "Unknown department", "no department " + code);
        }
        return department;
    }

    private static DepartmentView view(Department department) {
        List<KeyView> keys = ApiKey.<ApiKey>list("department", department).stream()
                .sorted(Comparator.comparing(k -> k.createdAt)).map(KeyView::of).toList();
        return new DepartmentView(department.code, department.name, department.status.name(), department.createdAt,
                keys);
    }
}
