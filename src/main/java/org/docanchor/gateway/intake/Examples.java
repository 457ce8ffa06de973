package org.docanchor.gateway.intake;

/** Example bodies for the OpenAPI document. */
final class Examples {

    static final String RECEIPT = """
            {"id": "0b9c6d1e-4a53-4c1e-9d0e-3c1f1f1f1f1f",
             "digest": "0x2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
             "algorithm": "sha256", "department": "DEMO", "reference": "licence 2026/0042",
             "status": "PENDING", "receivedAt": "2026-11-23T10:15:30.123456Z"}""";

    static final String INVALID = """
            {"type": "urn:anchor-gateway:problem:invalid-request", "title": "The request is invalid",
             "status": 400, "detail": "/digest: must be 64 hex digits (32 bytes), got 62",
             "instance": "/api/v1/documents",
             "errors": [{"pointer": "/digest", "detail": "must be 64 hex digits (32 bytes), got 62"}]}""";

    private Examples() {
    }
}
