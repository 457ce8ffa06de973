package org.docanchor.gateway.tsa;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIFreeText;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.cmp.PKIStatusInfo;
import org.bouncycastle.asn1.tsp.TimeStampReq;
import org.bouncycastle.asn1.tsp.TimeStampResp;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TSPValidationException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.docanchor.verifier.DigestAlgorithm;

/**
 * An RFC 3161 time-stamping authority profiled after ETSI EN 319 422, built on Bouncy Castle's TSP classes: one
 * policy (from configuration), the nonce echoed, the accuracy stated, the certificate included only when the request
 * asks ({@code certReq}), ESSCertIDv2 naming it, a random 127-bit serial number. Requests it cannot honour get a
 * {@code TimeStampResp} with status rejection and the RFC's failure reason. Plain Java: no CDI, no storage.
 */
public final class TimeStampAuthority {

    /** Hash algorithms of the message imprint accepted, and the gateway's name for the 32-byte ones it anchors. */
    static final Map<ASN1ObjectIdentifier, Optional<DigestAlgorithm>> ACCEPTED = Map.of(
            TSPAlgorithms.SHA256, Optional.of(DigestAlgorithm.SHA256),
            TSPAlgorithms.SHA384, Optional.empty(),
            TSPAlgorithms.SHA512, Optional.empty(),
            TSPAlgorithms.SM3, Optional.of(DigestAlgorithm.SM3));

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(TimeStampAuthority.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TsaKeys.Credentials credentials;
    private final ASN1ObjectIdentifier policy;
    private final Duration accuracy;

    /** A time-stamp request the TSA answered: the DER {@code TimeStampResp}, and the token when one was granted. */
    public sealed interface Answer {
        byte[] response();
    }

    /** Refused: a {@code TimeStampResp} with status rejection and this {@code PKIFailureInfo} bit. */
    public record Rejected(byte[] response, int failInfo, String reason) implements Answer {
    }

    /**
     * Granted. {@code tstInfo} is the DER {@code TSTInfo} the TSA signed (the token's eContent); the token's serial,
     * and the imprint under the gateway's algorithm name when the imprint is a 32-byte digest the gateway anchors.
     */
    public record Granted(byte[] response, TimeStampToken token, byte[] tstInfo, BigInteger serial,
            Optional<DigestAlgorithm> imprintAlgorithm, byte[] imprint) implements Answer {

        /** SHA-256 of the DER TSTInfo: binds imprint, time, serial number, policy and nonce. */
        public byte[] tstInfoDigest() {
            try {
                return MessageDigest.getInstance("SHA-256").digest(tstInfo);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public TimeStampAuthority(TsaKeys.Credentials credentials, ASN1ObjectIdentifier policy, Duration accuracy) {
        if (accuracy.toMillis() <= 0) {
            throw new IllegalStateException("anchor.tsa.accuracy must be positive, got " + accuracy);
        }
        this.credentials = credentials;
        this.policy = policy;
        this.accuracy = accuracy;
        tokenGenerator(); // fails at start-up, not at the first request, when the key or certificate does not fit
    }

    /**
     * A generator for one token: Bouncy Castle's signer holds a {@code Signature} and a stream, which concurrent
     * requests must not share.
     */
    private TimeStampTokenGenerator tokenGenerator() {
        try {
            DigestCalculator certIdDigest = new JcaDigestCalculatorProviderBuilder().build()
                    .get(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                            org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256));
            SignerInfoGenerator signer = new JcaSimpleSignerInfoGeneratorBuilder()
                    .build(TsaKeys.signatureAlgorithm(credentials.key()), credentials.key(), credentials.certificate());
            // A SHA-256 digest calculator makes Bouncy Castle add signing-certificate-v2 (ESSCertIDv2).
            TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(signer, certIdDigest, policy, true);
            // Put in the token only when the request sets certReq (Bouncy Castle honours it).
            tokens.addCertificates(new JcaCertStore(java.util.List.of(credentials.certificate())));
            tokens.setTSA(new GeneralName(X500Name.getInstance(
                    credentials.certificate().getSubjectX500Principal().getEncoded())));
            long millis = accuracy.toMillis();
            tokens.setAccuracySeconds((int) (millis / 1000));
            if (millis % 1000 != 0) {
                tokens.setAccuracyMillis((int) (millis % 1000));
            }
            return tokens;
        } catch (OperatorCreationException | java.security.cert.CertificateEncodingException | TSPException
                | IllegalArgumentException e) {
            throw new IllegalStateException("anchor.tsa: cannot build the time-stamping authority: " + e.getMessage(),
                    e);
        }
    }

    /** The policy OID every token names. */
    public ASN1ObjectIdentifier policy() {
        return policy;
    }

    /** Answers one DER {@code TimeStampReq} (possibly empty or garbage) with a {@code TimeStampResp}. */
    public Answer answer(byte[] der) {
        TimeStampRequest request;
        try {
            if (der == null || der.length == 0) {
                return reject(PKIFailureInfo.badDataFormat, "empty request: send a DER TimeStampReq (RFC 3161)");
            }
            try (ASN1InputStream in = new ASN1InputStream(der)) {
                ASN1Primitive first = in.readObject();
                // Bytes after the first object are no part of a TimeStampReq.
                if (first == null || in.readObject() != null) {
                    return reject(PKIFailureInfo.badDataFormat, "the request is not exactly one DER TimeStampReq");
                }
                request = new TimeStampRequest(TimeStampReq.getInstance(first));
            }
        } catch (IOException | RuntimeException e) {
            return reject(PKIFailureInfo.badDataFormat, "the request is not a DER TimeStampReq (RFC 3161)");
        }
        if (request.getVersion() != 1) {
            return reject(PKIFailureInfo.badDataFormat, "TimeStampReq version " + request.getVersion()
                    + " is not 1");
        }
        ASN1ObjectIdentifier algorithm = request.getMessageImprintAlgOID();
        if (!ACCEPTED.containsKey(algorithm)) {
            return reject(PKIFailureInfo.badAlg, "hash algorithm " + algorithm + " is not accepted: SHA-256, "
                    + "SHA-384, SHA-512 or SM3");
        }
        try {
            request.validate(ACCEPTED.keySet(), Set.of(policy), Set.of());
        } catch (TSPValidationException e) {
            return reject(e.getFailureCode(), e.getMessage());
        } catch (TSPException | RuntimeException e) {
            return reject(PKIFailureInfo.badRequest, "the request cannot be honoured");
        }
        BigInteger serial = new BigInteger(127, RANDOM).setBit(126);
        try {
            // Whole seconds, as the stated accuracy is; RFC 3161 genTime is UTC.
            Date genTime = Date.from(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            TimeStampToken token = tokenGenerator().generate(request, serial, genTime);
            byte[] tstInfo = (byte[]) token.toCMSSignedData().getSignedContent().getContent();
            byte[] response = new TimeStampResp(new PKIStatusInfo(PKIStatus.granted),
                    token.toCMSSignedData().toASN1Structure()).getEncoded(ASN1Encoding.DER);
            return new Granted(response, token, tstInfo, serial, ACCEPTED.get(algorithm),
                    request.getMessageImprintDigest());
        } catch (TSPException | IOException | RuntimeException e) {
            // The TSA's own failure, not the request's: logged, and answered as RFC 3161 says (systemFailure).
            LOG.errorf(e, "The time-stamping authority could not sign a token (serial %s)", serial.toString(16));
            return reject(PKIFailureInfo.systemFailure, "the TSA could not sign the token");
        }
    }

    /** A {@code TimeStampResp} of status rejection with one failure reason (a {@code PKIFailureInfo} bit). */
    public Rejected reject(int failInfo, String reason) {
        try {
            byte[] response = new TimeStampResp(new PKIStatusInfo(PKIStatus.rejection, new PKIFreeText(reason),
                    new PKIFailureInfo(failInfo)), null).getEncoded(ASN1Encoding.DER);
            return new Rejected(response, failInfo, reason);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a TimeStampResp rejection", e);
        }
    }
}
