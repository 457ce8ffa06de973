package org.docanchor.gateway.web;

import java.util.List;
import java.util.Locale;

/**
 * The language of problem documents, from the request's {@code Accept-Language} (RFC 9110 §12.5.4): Simplified
 * Chinese when the caller prefers any {@code zh} to English, English otherwise, and for a header that does not parse.
 */
public final class Languages {

    public static final Locale CHINESE = Locale.forLanguageTag("zh");
    private static final List<String> SUPPORTED = List.of("en", "zh");
    /** Longer headers are not parsed: nobody sends that many languages, and parsing costs. */
    private static final int MAX_HEADER = 1_000;

    private Languages() {
    }

    /** {@link #CHINESE} or {@link Locale#ROOT} (English) for an {@code Accept-Language} value, null when absent. */
    public static Locale of(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank() || acceptLanguage.length() > MAX_HEADER) {
            return Locale.ROOT;
        }
        String tag;
        try {
            tag = Locale.lookupTag(Locale.LanguageRange.parse(acceptLanguage), SUPPORTED);
        } catch (IllegalArgumentException e) {
            return Locale.ROOT;
        }
        return "zh".equals(tag) ? CHINESE : Locale.ROOT;
    }

    /** The {@code Content-Language} of an answer in {@code locale}. */
    public static String tag(Locale locale) {
        return CHINESE.equals(locale) ? "zh-Hans" : "en";
    }
}
