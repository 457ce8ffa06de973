package org.docanchor.gateway.intake;

import org.docanchor.gateway.merkle.Hash32;

/** A submitted document after validation. */
record ValidDocument(Hash32 digest, DigestAlgorithm algorithm, String reference, byte[] signature) {
}
