package org.docanchor.gateway.tsa;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.docanchor.gateway.identity.AuditLog;
import org.docanchor.gateway.intake.DocumentService;
import org.docanchor.gateway.intake.ValidDocument;
import org.docanchor.gateway.web.Problem;
import org.docanchor.gateway.web.ProblemException;
import org.docanchor.verifier.DigestAlgorithm;
import org.docanchor.verifier.merkle.Hash32;
import org.jboss.logging.Logger;

/**
 * Issues time-stamp tokens and registers each one's digests like any submitted document, before the token is
 * answered: the SHA-256 of the token's DER TSTInfo always, and the message imprint itself when it is a 32-byte
 * digest the gateway anchors (SHA-256, SM3); both with the reference {@code tsa:<serial in hex>}. Start-up fails
 * when the TSA is enabled and its key, certificate or policy is missing or unfit.
 */
@Startup
@ApplicationScoped
public class TsaService {

    private static final Logger LOG = Logger.getLogger(TsaService.class);

    /** The reference of the documents a token registers: {@code tsa:} and its serial number in lower-case hex. */
    public static final String REFERENCE_PREFIX = "tsa:";

    private final Optional<TimeStampAuthority> authority;
    private final Optional<TsaKeys.Credentials> credentials;
    private final DocumentService documents;
    private final MeterRegistry registry;

    public TsaService(TsaConfig config, DocumentService documents, MeterRegistry registry) {
        this.documents = documents;
        this.registry = registry;
        if (!config.enabled()) {
            LOG.info("The time-stamping authority is off (anchor.tsa.enabled=false): POST /api/v1/tsa answers 404");
            this.credentials = Optional.empty();
            this.authority = Optional.empty();
            return;
        }
        TsaKeys.Credentials loaded = load(config);
        this.credentials = Optional.of(loaded);
        this.authority = Optional.of(new TimeStampAuthority(loaded, TsaKeys.policy(config.policy()),
                config.accuracy()));
        LOG.infof("Time-stamping authority on: policy %s, certificate %s, valid until %s", config.policy().get(),
                loaded.certificate().getSubjectX500Principal().getName(),
                loaded.certificate().getNotAfter().toInstant());
    }

    static TsaKeys.Credentials load(TsaConfig config) {
        Optional<Path> keyFile = config.keyFile();
        Optional<Path> certificateFile = config.certificateFile();
        if (config.generate() && config.key().isEmpty() && config.certificate().isEmpty()) {
            if (keyFile.isEmpty() || certificateFile.isEmpty()) {
                try {
                    Path dir = Files.createTempDirectory("anchor-tsa-");
                    keyFile = Optional.of(dir.resolve("tsa.key"));
                    certificateFile = Optional.of(dir.resolve("tsa.pem"));
                    // Removed at exit, in the reverse order: the files, then the folder.
                    dir.toFile().deleteOnExit();
                    keyFile.get().toFile().deleteOnExit();
                    certificateFile.get().toFile().deleteOnExit();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create a folder for the development TSA key", e);
                }
            }
            if (!Files.exists(keyFile.get()) || !Files.exists(certificateFile.get())) {
                LOG.infof("Generating a development TSA key and certificate into %s and %s (a throw-away CA "
                        + "issued it; trusted nowhere)", keyFile.get(), certificateFile.get());
                TsaKeys.generate(keyFile.get(), certificateFile.get());
            }
        }
        String[] key = pem(config.key(), keyFile, "anchor.tsa.key", "anchor.tsa.key-file", "private key");
        String[] certificate = pem(config.certificate(), certificateFile, "anchor.tsa.certificate",
                "anchor.tsa.certificate-file", "certificate");
        return TsaKeys.load(key[0], key[1], certificate[0], certificate[1]);
    }

    /** The PEM text and where it came from (never the text itself in a message). */
    private static String[] pem(Optional<String> text, Optional<Path> file, String textProperty,
            String fileProperty, String what) {
        if (text.isPresent()) {
            return new String[] {text.get(), textProperty};
        }
        if (file.isPresent()) {
            Path path = file.get().toAbsolutePath();
            if (!Files.isReadable(path)) {
                throw new IllegalStateException("anchor.tsa: the TSA " + what + " file " + path + " (" + fileProperty
                        + ") does not exist or cannot be read");
            }
            try {
                return new String[] {Files.readString(path), fileProperty + " " + path};
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
        throw new IllegalStateException("the time-stamping authority (POST /api/v1/tsa) needs its " + what + ": set "
                + fileProperty + " (PEM) or " + textProperty + " (PEM text, from a Secret), or set "
                + "anchor.tsa.enabled=false to run without a TSA (docs/api.md, \"Time-stamping authority\")");
    }

    /** Whether this gateway runs the TSA. */
    public boolean enabled() {
        return authority.isPresent();
    }

    /** The TSA certificate, then its issuers as configured. */
    public List<java.security.cert.X509Certificate> chain() {
        return credentials.map(TsaKeys.Credentials::chain).orElseThrow(TsaService::disabled);
    }

    /** The outcome of a request: the DER TimeStampResp, and when granted the SHA-256 of its TSTInfo as registered. */
    public record Outcome(byte[] response, Optional<Hash32> registered) {
    }

    /**
     * Answers a DER TimeStampReq for {@code department}. A granted token is answered only once its digests are
     * stored (committed, as any submission); a request the TSA refuses is answered with a rejection and stores
     * nothing.
     */
    public Outcome timestamp(long departmentId, String department, byte[] request, AuditLog audit) {
        TimeStampAuthority tsa = authority.orElseThrow(TsaService::disabled);
        TimeStampAuthority.Answer answer = tsa.answer(request);
        if (answer instanceof TimeStampAuthority.Rejected rejected) {
            count("rejected", failure(rejected.failInfo()));
            return new Outcome(rejected.response(), Optional.empty());
        }
        TimeStampAuthority.Granted granted = (TimeStampAuthority.Granted) answer;
        String reference = REFERENCE_PREFIX + granted.serial().toString(16);
        Hash32 tstInfo = new Hash32(granted.tstInfoDigest());
        List<ValidDocument> registered = new ArrayList<>();
        registered.add(new ValidDocument(tstInfo, DigestAlgorithm.SHA256, reference, null));
        granted.imprintAlgorithm().ifPresent(algorithm -> registered.add(
                new ValidDocument(new Hash32(granted.imprint()), algorithm, reference, null)));
        try {
            documents.submit(departmentId, department, registered, audit);
        } catch (ProblemException e) {
            if (isAlgorithmMismatch(e) && registered.size() > 1) {
                // The department registered these 32 bytes as another algorithm's digest: the token is still
                // anchored through its TSTInfo, which names the imprint and its algorithm.
                documents.submit(departmentId, department, registered.subList(0, 1), audit);
            } else if (isSignatureRequired(e)) {
                count("refused", "signed-submissions-required");
                throw new ProblemException(Problem.of(409, "signed-submissions-required",
                        "signed-submissions-required.tsa", department));
            } else {
                throw e;
            }
        }
        count("granted", "none");
        return new Outcome(granted.response(), Optional.of(tstInfo));
    }

    private static boolean isAlgorithmMismatch(ProblemException e) {
        return e.problem().type().endsWith(":algorithm-mismatch");
    }

    private static boolean isSignatureRequired(ProblemException e) {
        return e.problem().type().endsWith(":no-signing-key") || (e.problem().errors() != null
                && e.problem().errors().stream().anyMatch(error -> error.pointer().endsWith("/signature")));
    }

    private void count(String outcome, String failInfo) {
        registry.counter("anchor.tsa.requests", "outcome", outcome, "reason", failInfo).increment();
    }

    private static String failure(int failInfo) {
        return switch (failInfo) {
            case org.bouncycastle.asn1.cmp.PKIFailureInfo.badAlg -> "badAlg";
            case org.bouncycastle.asn1.cmp.PKIFailureInfo.badRequest -> "badRequest";
            case org.bouncycastle.asn1.cmp.PKIFailureInfo.badDataFormat -> "badDataFormat";
            case org.bouncycastle.asn1.cmp.PKIFailureInfo.unacceptedPolicy -> "unacceptedPolicy";
            case org.bouncycastle.asn1.cmp.PKIFailureInfo.unacceptedExtension -> "unacceptedExtension";
            case org.bouncycastle.asn1.cmp.PKIFailureInfo.systemFailure -> "systemFailure";
            default -> "other";
        };
    }

    private static ProblemException disabled() {
        return ProblemException.notFound("tsa-disabled", "tsa-disabled.off");
    }
}
