package org.docanchor.gateway.proof;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.docanchor.gateway.batching.Batch;
import org.docanchor.gateway.batching.BatchConfig;
import org.docanchor.gateway.chain.ChainClient;
import org.docanchor.gateway.chain.ChainConfig;
import org.docanchor.gateway.intake.Document;
import org.docanchor.gateway.web.ProblemException;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.LeafEncoding;

/** Assembles proof documents (format version 2) from the database; never rebuilds a tree. */
@ApplicationScoped
public class ProofService {

    static final int MAX_PATH = 64;

    private final ChainClient chain;
    private final ChainConfig chainConfig;
    private final BatchConfig batchConfig;

    public ProofService(ChainClient chain, ChainConfig chainConfig, BatchConfig batchConfig) {
        this.chain = chain;
        this.chainConfig = chainConfig;
        this.batchConfig = batchConfig;
    }

    @Transactional
    public ProofDocument proofFor(String digestHex, Optional<String> department) {
        Document document = find(digestHex, department);
        ProofDocument.Signature signature = signature(document);
        Batch batch = document.batch;
        Hash32 digest = new Hash32(document.digest);
        Hash32 leaf = LeafEncoding.leafHash(digest, document.algorithm, document.department.code);
        if (batch == null || batch.status != Batch.Status.ANCHORED) {
            Instant expected = document.receivedAt.plus(batchConfig.maxDelay())
                    .plus(chainConfig.blockPeriod().multipliedBy(2));
            return new ProofDocument(ProofDocument.VERSION, "PENDING", digest.toHex(), document.algorithm,
                    document.department.code, null, leaf.toHex(), null, null, null, chain.chainId(),
                    chain.registryAddress(), null, null, null, null, null, null, null, document.receivedAt, expected,
                    signature, null);
        }
        List<String> path = new ArrayList<>();
        for (int i = 0; i < document.proof.length; i += 32) {
            path.add("0x" + HexFormat.of().formatHex(document.proof, i, i + 32));
        }
        ProofDocument.Revocation revocation = recordedRevocation(document);
        return new ProofDocument(ProofDocument.VERSION, revocation == null ? "ANCHORED" : "REVOKED", digest.toHex(),
                document.algorithm, document.department.code, LeafEncoding.TYPES, leaf.toHex(), path,
                new Hash32(batch.root).toHex(), batch.id, batch.chainId, batch.registry,
                batch.tx == null ? null : batch.tx.hashHex(), batch.blockNumber,
                new Hash32(batch.blockHash).toHex(), batch.blockTime,
                batch.blockHeader == null ? null : chainConfig.consensus(),
                batch.blockHeader == null ? null : "0x" + HexFormat.of().formatHex(batch.blockHeader),
                batch.blockHeader == null || batch.anchorProof == null ? null : anchorProof(batch.anchorProof),
                null, null, signature, revocation);
    }

    /** A registered document's digest and department, for links to it. */
    public record Registration(String digest, String department) {
    }

    /** The digest and department of a registered document (404 unknown, 409 ambiguous, as for proofs). */
    @Transactional
    public Registration registration(String digestHex, Optional<String> department) {
        Document document = find(digestHex, department);
        return new Registration(new Hash32(document.digest).toHex(), document.department.code);
    }

    private static Document find(String digestHex, Optional<String> department) {
        Hash32 digest = org.docanchor.gateway.web.DigestParam.parse(digestHex);
        List<Document> matches = department
                .map(code -> Document.<Document>list("digest = ?1 and department.code = ?2", digest.bytes(), code))
                .orElseGet(() -> Document.list("digest", digest.bytes()));
        if (matches.isEmpty()) {
            throw ProblemException.notFound("unknown-digest", "Unknown digest", "no document with digest " + digest
                    + department.map(code -> " registered by " + code).orElse("") + " is known to this gateway");
        }
        if (matches.size() > 1) {
            throw ProblemException.conflict("ambiguous-digest", "Digest registered by several departments",
                    "digest " + digest + " is registered by " + matches.stream().map(d -> d.department.code).sorted()
                            .toList() + "; ask again with ?department=<code>");
        }
        return matches.get(0);
    }

    /** The revocation as the registry recorded it; null while it is on its way (the chain decides, not we). */
    private static ProofDocument.Revocation recordedRevocation(Document document) {
        org.docanchor.gateway.revocation.Revocation r =
                org.docanchor.gateway.revocation.Revocation.findById(document.id);
        if (r == null || r.status != org.docanchor.gateway.revocation.Revocation.Status.RECORDED) {
            return null;
        }
        Document replacement = r.replacement;
        return new ProofDocument.Revocation(r.reason, r.recordedAt, r.blockNumber,
                replacement == null ? null : LeafEncoding.leafHash(new Hash32(replacement.digest),
                        replacement.algorithm, replacement.department.code).toHex(),
                replacement == null ? null : new ProofDocument.Replacement(new Hash32(replacement.digest).toHex(),
                        replacement.algorithm));
    }

    private static ProofDocument.AnchorProof anchorProof(String json) {
        try {
            com.fasterxml.jackson.databind.JsonNode node = EVIDENCE.readTree(json);
            List<String> account = new ArrayList<>();
            List<String> storage = new ArrayList<>();
            node.path("accountProof").forEach(n -> account.add(n.asText()));
            node.path("storageProof").forEach(n -> storage.add(n.asText()));
            return new ProofDocument.AnchorProof(account, storage);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored anchor proof is not JSON", e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper EVIDENCE =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private static ProofDocument.Signature signature(Document document) {
        if (document.signature == null || document.signatureKey == null) {
            return null;
        }
        return new ProofDocument.Signature(document.signatureKey.algorithm, document.signatureKey.fingerprint,
                document.signatureKey.pem, java.util.Base64.getEncoder().encodeToString(document.signature));
    }
}
