package org.docanchor.gateway.web;

import java.text.MessageFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * A text of a problem document: a key of the message bundle {@code problems} (English in
 * {@code problems.properties}, Simplified Chinese in {@code problems_zh.properties}) and its arguments, rendered in
 * the caller's language only when the answer is written. A {@linkplain #verbatim verbatim} text (a value the caller
 * sent, a message of the offline verifier) is the same in every language.
 *
 * <p>Arguments are kept as strings, so that numbers read the same in every language ({@code 10000}, not
 * {@code 10,000}), or as messages, rendered in the same language.
 */
public record Message(String key, List<Object> args) {

    static final String BUNDLE = "org.docanchor.gateway.web.problems";
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Message.class);
    private static final String VERBATIM = "";
    private static final String JOINED = "list.separator";
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    /**
     * The text {@code key} of the bundle with {@code args} in its placeholders. A key the bundle lacks is a
     * programming error (ProblemMessagesTest reads every key from the source): it is logged, and the key itself is
     * the text, so that the caller still gets the answer meant for it rather than a 500.
     */
    public static Message of(String key, Object... args) {
        try {
            bundle(Locale.ROOT).getString(key);
        } catch (MissingResourceException e) {
            LOG.errorf("The problem bundle has no text '%s'", key);
            return verbatim(key);
        }
        return new Message(key, Arrays.stream(args)
                .map(arg -> arg instanceof Message message ? message : (Object) String.valueOf(arg)).toList());
    }

    /** {@code text} as it is, in every language. */
    public static Message verbatim(String text) {
        return new Message(VERBATIM, List.of(text == null ? "" : text));
    }

    /** {@code messages} one after the other, separated as the language separates clauses. */
    public static Message joined(List<Message> messages) {
        return new Message(JOINED, List.copyOf(messages));
    }

    /** This text in {@code locale}'s language, English when the bundles have none for it. */
    public String in(Locale locale) {
        if (key.equals(VERBATIM)) {
            return (String) args.get(0);
        }
        if (key.equals(JOINED)) {
            String separator = bundle(locale).getString(JOINED);
            return String.join(separator, args.stream().map(arg -> ((Message) arg).in(locale)).toList());
        }
        MessageFormat format = new MessageFormat(bundle(locale).getString(key), locale);
        return format.format(args.stream().map(arg -> arg instanceof Message message ? message.in(locale) : arg)
                .toArray());
    }

    /** The English text. */
    @Override
    public String toString() {
        return in(Locale.ROOT);
    }

    static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle(BUNDLE, locale, Message.class.getClassLoader(), NO_FALLBACK);
    }
}
