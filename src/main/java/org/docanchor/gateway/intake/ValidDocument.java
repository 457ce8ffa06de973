package org.docanchor.gateway.intake;

import org.docanchor.verifier.DigestAlgorithm;
import org.docanchor.verifier.merkle.Hash32;

/** A submitted document after validation (also what the time-stamping authority registers). */
public record ValidDocument(Hash32 digest, DigestAlgorithm algorithm, String reference, byte[] signature) {
}
