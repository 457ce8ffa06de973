package org.docanchor.gateway.tsa;

/** Example bodies for the OpenAPI document. */
final class Examples {

    static final String UNSUPPORTED = """
            {"type": "urn:anchor-gateway:problem:unsupported-media-type", "title": "Unsupported media type",
             "status": 415, "detail": "send the body as 'Content-Type: application/timestamp-query': a DER \
            TimeStampReq (RFC 3161)", "instance": "/api/v1/tsa"}""";

    static final String SIGNED_REQUIRED = """
            {"type": "urn:anchor-gateway:problem:signed-submissions-required",
             "title": "Department submissions must be signed", "status": 409,
             "detail": "department DEMO requires signed submissions; a time-stamp request carries no department \
            signature, so the gateway issues no token for it. Register the digest with POST /api/v1/documents and a \
            signature", "instance": "/api/v1/tsa"}""";

    static final String CERTIFICATE = """
            -----BEGIN CERTIFICATE-----
            MIIB5jCCAYygAwIBAgIQ...(the TSA certificate)
            -----END CERTIFICATE-----
            -----BEGIN CERTIFICATE-----
            MIIBxTCCAWygAwIBAgIQ...(its issuer)
            -----END CERTIFICATE-----
            """;

    private Examples() {
    }
}
