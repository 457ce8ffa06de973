package org.docanchor.gateway.proof;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * QR codes of verification links. ZXing encodes (error correction M, the standard quiet zone of 4 modules); this
 * class only draws its module matrix as SVG or PNG.
 */
final class QrCodes {

    /** Modules of white around the code, as ISO/IEC 18004 asks. */
    static final int QUIET_ZONE = 4;

    private QrCodes() {
    }

    static BitMatrix encode(String text) {
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.MARGIN, QUIET_ZONE,
                    EncodeHintType.CHARACTER_SET, "UTF-8"));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode a QR code of " + text.length() + " characters", e);
        }
    }

    /** A scalable SVG, one unit per module, with the link as its accessible title. */
    static String svg(BitMatrix matrix, String title) {
        int size = matrix.getWidth();
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (matrix.get(x, y)) {
                    path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
                + "\" width=\"" + size * 8 + "\" height=\"" + size * 8 + "\" shape-rendering=\"crispEdges\" "
                + "role=\"img\" aria-label=\"" + escape(title) + "\"><title>" + escape(title) + "</title>"
                + "<rect width=\"" + size + "\" height=\"" + size + "\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + path + "\"/></svg>\n";
    }

    /** A PNG of about {@code pixels} square (a whole number of pixels per module, at least one). */
    static byte[] png(BitMatrix matrix, int pixels) {
        int size = matrix.getWidth();
        int scale = Math.max(1, pixels / size);
        BufferedImage image = new BufferedImage(size * scale, size * scale, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < size * scale; y++) {
            for (int x = 0; x < size * scale; x++) {
                image.setRGB(x, y, matrix.get(x / scale, y / scale) ? 0xff000000 : 0xffffffff);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
