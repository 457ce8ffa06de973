package org.docanchor.gateway.proof;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.docanchor.gateway.chain.ChainClient;
import org.docanchor.gateway.chain.ChainConfig;
import org.docanchor.gateway.identity.Department;
import org.docanchor.gateway.identity.RegisteredKey;
import org.docanchor.gateway.web.Message;
import org.docanchor.gateway.web.Problem.FieldError;
import org.docanchor.gateway.web.ProblemException;
import org.docanchor.verifier.DepartmentKeyList;
import org.docanchor.verifier.MalformedProofException;
import org.docanchor.verifier.ProofDocument;
import org.docanchor.verifier.ProofParser;
import org.docanchor.verifier.ProofVerifier;
import org.docanchor.verifier.TrustedValidators;
import org.docanchor.verifier.VerificationOptions;
import org.docanchor.verifier.VerificationResult;
import org.docanchor.verifier.bft.BftConsensus;
import org.docanchor.verifier.chain.ChainReader;
import org.docanchor.verifier.chain.JsonRpcChainReader;

/**
 * {@code POST /api/v1/verify}: the pure verification core (docs/verification.md) with what this gateway knows as
 * trust inputs: its own registry, its node, the configured validator set and, for the departments it serves, the
 * signing keys on record. The same code as the command-line verifier; nothing here decides a verdict.
 */
@ApplicationScoped
@Startup // so that its chain-read metrics exist before the first verification
public class VerificationService {

    private final ChainClient chain;
    private final Optional<TrustedValidators> validators;
    private final JsonRpcChainReader node;
    private final ChainReader reader;

    public VerificationService(ChainClient chain, ChainConfig config, VerificationConfig verification,
            MeterRegistry registry) {
        this.chain = chain;
        this.validators = config.validators().filter(v -> !v.isEmpty() && !config.consensus().equals("none"))
                .map(v -> new TrustedValidators(config.consensus().equals("qbft") ? BftConsensus.QBFT
                        : BftConsensus.IBFT2, v));
        this.node = new JsonRpcChainReader(URI.create(config.rpcUrl()), config.requestTimeout(),
                config.requestTimeout());
        this.reader = new CachingChainReader(node, config.confirmations(), verification.chainCacheSize(), registry);
    }

    void close(@Observes ShutdownEvent event) {
        node.close();
    }

    /** Verifies a proof document given as UTF-8 bytes (invalid UTF-8 is malformed, never replaced). */
    public VerificationResult verify(byte[] body) {
        ProofDocument proof;
        try {
            proof = ProofParser.parse(body);
        } catch (MalformedProofException e) {
            List<FieldError> errors = new ArrayList<>();
            // The offline verifier's words (English in every language): it is plain Java shared with the CLI.
            e.problems().forEach(p -> errors.add(new FieldError(p.pointer(), Message.verbatim(p.message()))));
            throw ProblemException.invalid(errors);
        }
        VerificationOptions options = VerificationOptions.none()
                .withChain(reader)
                .withTrustedRegistry(chain.registryAddress());
        if (validators.isPresent()) {
            options = options.withTrustedValidators(validators.get());
        }
        // With an issuer registry the chain ties keys to departments at the anchoring time (check 15); the
        // database's key list is a copy of the chain's current state and would only blur that. A registry that
        // names none has only the gateway's records.
        Optional<DepartmentKeyList> keys = chain.issuerRegistryAddress().isPresent() ? Optional.empty()
                : departmentKeys(proof.department());
        if (keys.isPresent()) {
            options = options.withDepartmentKeys(keys.get());
        }
        return ProofVerifier.verify(proof, options);
    }

    /**
     * The signing keys this gateway has on record for the department (used only when the registry names no issuer
     * registry), when it serves that department: a
     * signature under any other key is then INVALID. For a department the gateway does not know, nothing:
     * the signature is reported as not tied to the department.
     */
    static Optional<DepartmentKeyList> departmentKeys(String code) {
        if (code == null) {
            return Optional.empty();
        }
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> {
            Department department = Department.find("code", code).firstResult();
            if (department == null) {
                return Optional.<DepartmentKeyList>empty();
            }
            Set<String> fingerprints = RegisteredKey.<RegisteredKey>list("department", department).stream()
                    .map(k -> k.fingerprint).collect(Collectors.toSet());
            return Optional.of(new DepartmentKeyList(Map.of(code, fingerprints)));
        });
    }
}
