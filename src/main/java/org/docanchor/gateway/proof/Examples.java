package org.docanchor.gateway.proof;

/** Example bodies for the OpenAPI document. */
final class Examples {

    static final String PROOF = """
            {"version": 2, "status": "ANCHORED",
             "digest": "0x2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
             "algorithm": "sha256", "department": "DEMO",
             "leafEncoding": ["bytes32", "string", "string"],
             "leaf": "0x4f6b0fd4d3b5b5b3e1f3a8a7b0f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9",
             "path": ["0x9c22ff5f21f0b81b113e63f7db6da94fedef11b2119b4088b89664fb9a3cb658"],
             "root": "0x1d8e7c05e0b0a5b2fe3ac36f2c0c8c1c7c9e3f2d4b5a69788776655443322110",
             "batchId": 42, "chainId": 1337, "registry": "0x5fbdb2315678afecb367f032d93f642f64180aa3",
             "txHash": "0x8e2b8a1f4f1f3e3c9b7f5c3a1e2d4c6b8a0f1e3d5c7b9a1f3e5d7c9b1a3f5e7d",
             "blockNumber": 1234, "blockHash": "0x3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a5c",
             "blockTime": "2026-11-23T10:15:34Z", "consensus": "ibft2",
             "blockHeader": "0xf90265a0…(the header RLP)",
             "anchorProof": {"accountProof": ["0xf90211a0…"], "storageProof": ["0xf8b1a0…"]}}""";

    static final String BATCH_PROOFS = """
            {"batchId": 42, "status": "ANCHORED",
             "root": "0x1d8e7c05e0b0a5b2fe3ac36f2c0c8c1c7c9e3f2d4b5a69788776655443322110", "department": "DEMO",
             "proofs": [""" + PROOF + """
            ], "count": 1}""";

    static final String VALID = """
            {"result": "VALID", "code": "valid",
             "reasons": ["proof format version 2", "leaf 0x4f6b…a8b9 commits to digest, algorithm and department DEMO",
               "the path leads from the leaf to root 0x1d8e…2110", "…",
               "the registry records no revocation of this document"],
             "checks": [
               {"name": "version", "outcome": "passed", "where": "offline", "code": "v2", "detail": "proof format version 2"},
               {"name": "seals", "outcome": "passed", "where": "offline", "code": "quorum",
                "detail": "3 of 4 trusted validators sealed block 1234"},
               {"name": "revocation", "outcome": "passed", "where": "chain", "code": "not-revoked",
                "detail": "the registry records no revocation of this document"}],
             "document": {"digest": "0x2c26…e7ae", "algorithm": "sha256", "department": "DEMO", "leaf": "0x4f6b…a8b9"},
             "anchor": {"chainId": 1337, "registry": "0x5fbd…0aa3", "batchId": 42, "blockNumber": 1234,
               "blockHash": "0x3a5c…3a5c", "blockTime": "2026-11-23T10:15:34Z", "txHash": "0x8e2b…5e7d"}}""";

    private Examples() {
    }
}
