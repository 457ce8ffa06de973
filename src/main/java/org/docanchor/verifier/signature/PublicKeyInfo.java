package org.docanchor.verifier.signature;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A checked SubjectPublicKeyInfo of an accepted algorithm, in canonical form: named curve OID and
 * uncompressed point for EC keys, no parameters for Ed25519. Two encodings of the same key (compressed or
 * not, from a PEM or from a certificate) have the same canonical DER, hence the same fingerprint.
 */
record PublicKeyInfo(KeyAlgorithm algorithm, byte[] canonicalDer) {

    // RFC 8410; Bouncy Castle keeps its constants for these in an internal package.
    private static final ASN1ObjectIdentifier ID_X25519 = new ASN1ObjectIdentifier("1.3.101.110");
    private static final ASN1ObjectIdentifier ID_X448 = new ASN1ObjectIdentifier("1.3.101.111");
    private static final ASN1ObjectIdentifier ID_Ed25519 = new ASN1ObjectIdentifier("1.3.101.112");
    private static final ASN1ObjectIdentifier ID_Ed448 = new ASN1ObjectIdentifier("1.3.101.113");

    private static final Map<ASN1ObjectIdentifier, String> REFUSED_ALGORITHMS = Map.of(
            PKCSObjectIdentifiers.rsaEncryption, "RSA keys are not accepted",
            PKCSObjectIdentifiers.id_RSASSA_PSS, "RSA-PSS keys are not accepted",
            X9ObjectIdentifiers.id_dsa, "DSA keys are not accepted",
            ID_Ed448, "Ed448 keys are not accepted",
            ID_X25519, "X25519 is a key agreement key, not a signature key",
            ID_X448, "X448 is a key agreement key, not a signature key",
            GMObjectIdentifiers.sm2p256v1,
            "SM2 keys must use the algorithm id-ecPublicKey with the curve sm2p256v1 as its parameter");

    private static final String ACCEPTED = "; accepted: ecdsa-p256 (EC on P-256), ed25519, sm2 (EC on sm2p256v1)";

    /** Parses and checks one DER SubjectPublicKeyInfo, with nothing after it. */
    static PublicKeyInfo parse(byte[] der) {
        SubjectPublicKeyInfo spki;
        byte[] reencoded;
        try {
            ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
            spki = SubjectPublicKeyInfo.getInstance(primitive);
            reencoded = spki.getEncoded(ASN1Encoding.DER);
        } catch (IOException | RuntimeException e) {
            // Bouncy Castle reports trailing bytes as "Extra data detected in stream".
            throw new InvalidDepartmentKeyException("the public key is not a DER SubjectPublicKeyInfo"
                    + (e.getMessage() != null && e.getMessage().contains("Extra data") ? " (data after its end)" : ""));
        }
        if (!Arrays.equals(reencoded, der)) {
            throw new InvalidDepartmentKeyException("the public key is BER, not DER-encoded");
        }
        return of(spki);
    }

    static PublicKeyInfo of(SubjectPublicKeyInfo spki) {
        AlgorithmIdentifier algorithm = spki.getAlgorithm();
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        byte[] keyBytes;
        try {
            keyBytes = spki.getPublicKeyData().getOctets();
        } catch (IllegalStateException e) {
            throw new InvalidDepartmentKeyException("the public key bit string has unused bits");
        }
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return ec(algorithm.getParameters(), keyBytes);
        }
        if (oid.equals(ID_Ed25519)) {
            if (algorithm.getParameters() != null) {
                throw new InvalidDepartmentKeyException("an Ed25519 key must have no algorithm parameters");
            }
            if (keyBytes.length != 32) {
                throw new InvalidDepartmentKeyException("an Ed25519 key is 32 bytes, got " + keyBytes.length);
            }
            return new PublicKeyInfo(KeyAlgorithm.ED25519, der(new SubjectPublicKeyInfo(
                    new AlgorithmIdentifier(ID_Ed25519), keyBytes)));
        }
        String refused = REFUSED_ALGORITHMS.get(oid);
        throw new InvalidDepartmentKeyException(
                (refused != null ? refused : "public key algorithm " + oid.getId() + " is not accepted") + ACCEPTED);
    }

    private static PublicKeyInfo ec(ASN1Encodable parameters, byte[] point) {
        if (!(parameters instanceof ASN1ObjectIdentifier curve)) {
            throw new InvalidDepartmentKeyException(parameters instanceof ASN1Sequence
                    ? "EC keys with explicit curve parameters are not accepted, use a named curve" + ACCEPTED
                    : "the EC key names no curve" + ACCEPTED);
        }
        KeyAlgorithm algorithm;
        if (curve.equals(SECObjectIdentifiers.secp256r1)) {
            algorithm = KeyAlgorithm.ECDSA_P256;
        } else if (curve.equals(GMObjectIdentifiers.sm2p256v1)) {
            algorithm = KeyAlgorithm.SM2;
        } else {
            String name = ECNamedCurveTable.getName(curve);
            throw new InvalidDepartmentKeyException("EC curve " + (name != null ? name + " (" + curve.getId() + ")"
                    : curve.getId()) + " is not accepted" + ACCEPTED);
        }
        X9ECParameters curveParameters = ECNamedCurveTable.getByOID(curve);
        if (point.length == 0 || point[0] < 2 || point[0] > 4) {
            throw new InvalidDepartmentKeyException("the EC point must be compressed (02, 03) or uncompressed (04)");
        }
        ECPoint decoded;
        try {
            decoded = curveParameters.getCurve().decodePoint(point);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new InvalidDepartmentKeyException("the EC point is not on the curve " + algorithm.id());
        }
        if (decoded.isInfinity() || !decoded.isValid()) {
            throw new InvalidDepartmentKeyException("the EC point is not a valid point of " + algorithm.id());
        }
        return new PublicKeyInfo(algorithm, der(new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), decoded.getEncoded(false))));
    }

    /** The JCA key (Bouncy Castle) for the canonical encoding. */
    PublicKey toPublicKey() {
        try {
            String keyFactory = algorithm == KeyAlgorithm.ED25519 ? "Ed25519" : "EC";
            return KeyFactory.getInstance(keyFactory, BouncyCastle.PROVIDER)
                    .generatePublic(new X509EncodedKeySpec(canonicalDer));
        } catch (GeneralSecurityException e) {
            throw new InvalidDepartmentKeyException("the " + algorithm.id() + " key cannot be loaded", e);
        }
    }

    @Override
    public byte[] canonicalDer() {
        return canonicalDer.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicKeyInfo p && algorithm == p.algorithm && Arrays.equals(canonicalDer, p.canonicalDer);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + Arrays.hashCode(canonicalDer);
    }

    private static byte[] der(SubjectPublicKeyInfo spki) {
        try {
            return spki.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a SubjectPublicKeyInfo", e);
        }
    }
}
