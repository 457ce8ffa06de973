package org.docanchor.gateway.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Locale;

/**
 * An RFC 9457 problem, before it is written in the caller's language ({@link #in}). {@code type} is stable per kind
 * of error ({@code urn:anchor-gateway:problem:<slug>}, listed in docs/api.md) and the same in every language; the
 * title is the bundle's {@code <slug>.title} unless {@linkplain #titled given}; {@code errors} points at each
 * offending field of the request body (RFC 6901 pointers).
 */
public record Problem(int status, String slug, Message title, Message detail, String instance,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:anchor-gateway:problem:";

    /** A problem of kind {@code slug}, its detail the bundle's text {@code detailKey} with {@code args}. */
    public static Problem of(int status, String slug, String detailKey, Object... args) {
        return new Problem(status, slug, Message.of(slug + ".title"), Message.of(detailKey, args), null, List.of());
    }

    public String type() {
        return TYPE_PREFIX + slug;
    }

    /** This problem with the bundle's title {@code titleKey} instead of its kind's. */
    public Problem titled(String titleKey, Object... args) {
        return new Problem(status, slug, Message.of(titleKey, args), detail, instance, errors);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(status, slug, title, detail, instance, fieldErrors);
    }

    public Problem at(String path) {
        return new Problem(status, slug, title, detail, path, errors);
    }

    /** The problem document in {@code locale}'s language, as written on the wire. */
    public Document in(Locale locale) {
        return new Document(type(), title.in(locale), status, detail.in(locale), instance,
                errors.stream().map(error -> new Document.Field(error.pointer(), error.detail().in(locale))).toList());
    }

    /** One offending field: its JSON pointer in the request body and what is wrong with it. */
    public record FieldError(String pointer, Message detail) {

        /** A field error whose text is the bundle's {@code key} with {@code args}. */
        public static FieldError of(String pointer, String key, Object... args) {
            return new FieldError(pointer, Message.of(key, args));
        }
    }

    /** What the caller reads: RFC 9457 members in one language. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Document(String type, String title, int status, String detail, String instance,
            List<Field> errors) {

        /** An entry of {@code errors}. */
        public record Field(String pointer, String detail) {
        }
    }
}
