package org.docanchor.gateway.receipt;

/** Example bodies for the OpenAPI document. */
final class Examples {

    static final String JWKS = """
            {"keys": [{"kty": "EC", "crv": "P-256", "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
              "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0", "kid": "4sbGPMaXSNlf-4OLIB2MHsjcU6uG9RDLdAjB1XHhRq4",
              "alg": "ES256", "use": "sig"}]}""";

    static final String VALID = """
            {"result": "VALID", "code": "receipt-valid",
             "detail": "receipt 0b9c6d1e-4a53-4c1e-9d0e-3c1f1f1f1f1f signed with key 4sbGPMaXSNlf-4OLIB2MHsjcU6uG9RDLdAjB1XHhRq4: anchor-gateway accepted digest 0x2c26…e7ae (sha256) from department DEMO at 2026-11-23T10:15:30.123456Z",
             "kid": "4sbGPMaXSNlf-4OLIB2MHsjcU6uG9RDLdAjB1XHhRq4",
             "receipt": {"version": 1, "id": "0b9c6d1e-4a53-4c1e-9d0e-3c1f1f1f1f1f",
               "digest": "0x2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", "algorithm": "sha256",
               "department": "DEMO", "leaf": "0x4f6b…a8b9", "receivedAt": "2026-11-23T10:15:30.123456Z",
               "chainId": 1337, "registry": "0x5fbdb2315678afecb367f032d93f642f64180aa3", "iss": "anchor-gateway"}}""";

    private Examples() {
    }
}
