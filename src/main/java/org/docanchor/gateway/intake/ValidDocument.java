package org.docanchor.gateway.intake;

import org.docanchor.verifier.DigestAlgorithm;
import org.docanchor.verifier.merkle.Hash32;

/** A submitted document after validation. */
record ValidDocument(Hash32 digest, DigestAlgorithm algorithm, String reference, byte[] signature) {
}
