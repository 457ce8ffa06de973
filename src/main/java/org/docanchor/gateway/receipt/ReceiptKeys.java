package org.docanchor.gateway.receipt;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.docanchor.gateway.devstack.AtomicFiles;
import org.docanchor.gateway.tsa.TsaKeys;

/**
 * Reads the receipt signing key (a P-256 private key in PEM) and the retired public keys, and generates a
 * development key. Plain Java; no key material is ever put in a message.
 */
public final class ReceiptKeys {

    /** The signing key and its public half. */
    public record SigningKey(ECPrivateKey privateKey, ECPublicKey publicKey) {
    }

    private ReceiptKeys() {
    }

    /** Reads a P-256 private key; {@code IllegalStateException} naming {@code source} (never the key) otherwise. */
    public static SigningKey parseSigningKey(String pem, String source) {
        PrivateKey key = null;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                key = converter.getPrivateKey(pair.getPrivateKeyInfo());
            } else if (object instanceof PrivateKeyInfo info) {
                key = converter.getPrivateKey(info);
            }
        } catch (IOException | RuntimeException e) {
            // falls through to the message below, which never shows the key
        }
        if (!(key instanceof ECPrivateKey ec) || !isP256(ec.getParams())) {
            throw new IllegalStateException("anchor.receipts: " + source + " holds no PEM P-256 private key "
                    + "(PKCS#8 'PRIVATE KEY' or 'EC PRIVATE KEY' on prime256v1; an encrypted key is not supported)");
        }
        try {
            // The public point is d·G: a PKCS#8 key need not carry it.
            org.bouncycastle.math.ec.ECPoint q = org.bouncycastle.jce.ECNamedCurveTable.getParameterSpec("secp256r1")
                    .getG().multiply(ec.getS()).normalize();
            ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
            PublicKey publicKey = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, ec.getParams()));
            return new SigningKey(ec, (ECPublicKey) publicKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("anchor.receipts: cannot derive the public key of " + source, e);
        }
    }

    /** Reads every PEM public key of {@code pem}: each must be P-256. */
    public static List<ECPublicKey> parsePublicKeys(String pem, String source) {
        List<ECPublicKey> keys = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                PublicKey key = object instanceof SubjectPublicKeyInfo info ? converter.getPublicKey(info) : null;
                if (!(key instanceof ECPublicKey ec) || !isP256(ec.getParams())) {
                    throw new IllegalStateException("anchor.receipts: " + source + " holds something other than "
                            + "PEM P-256 public keys ('PUBLIC KEY')");
                }
                keys.add(ec);
            }
        } catch (IOException e) {
            throw new IllegalStateException("anchor.receipts: " + source + " is not PEM");
        }
        return keys;
    }

    /** Writes a new P-256 private key to {@code keyFile} (PKCS#8 PEM, mode 600). */
    public static void generate(Path keyFile) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            AtomicFiles.write(keyFile, TsaKeys.pem(pair.getPrivate()), true, true);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a development receipt key", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the development receipt key", e);
        }
    }

    private static boolean isP256(java.security.spec.ECParameterSpec params) {
        return params.getCurve().getField().getFieldSize() == 256
                && params.getOrder().toString(16).equals(
                        "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    }
}
