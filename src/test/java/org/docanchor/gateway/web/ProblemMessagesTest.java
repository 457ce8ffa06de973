package org.docanchor.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The problem bundles: the same keys in English and Chinese, the same placeholders, Chinese words in every Chinese
 * text, and every key the source names present. The keys are read from the source, so a new message cannot be
 * forgotten.
 */
class ProblemMessagesTest {

    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");
    /** Where a call names keys: the argument holding a slug (its key is its title) and the one holding a key. */
    private record KeyArguments(int slug, int key) {
    }

    private static final java.util.Map<String, KeyArguments> KEY_CALLS = java.util.Map.of(
            "Problem.of(", new KeyArguments(1, 2),
            "ProblemException.badRequest(", new KeyArguments(0, 1),
            "ProblemException.notFound(", new KeyArguments(0, 1),
            "ProblemException.conflict(", new KeyArguments(0, 1),
            "FieldError.of(", new KeyArguments(-1, 1),
            "Message.of(", new KeyArguments(-1, 0),
            "CredentialRefused.because(", new KeyArguments(-1, 0),
            ".titled(", new KeyArguments(-1, 0));
    private static final Pattern LITERAL = Pattern.compile("\"([^\"\\\\]*)\"");
    /** A string literal shaped like a key of a problem kind: {@code <slug>.<name>}. */
    private static final Pattern KEY_SHAPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9.-]+");

    static Properties bundle(String name) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ProblemMessagesTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }

    @Test
    void bothLanguagesHaveTheSameKeysAndPlaceholders_andEveryChineseTextIsChinese() throws IOException {
        Properties english = bundle("problems.properties");
        Properties chinese = bundle("problems_zh.properties");

        assertThat(chinese.stringPropertyNames()).isEqualTo(english.stringPropertyNames());
        List<String> wrong = new ArrayList<>();
        for (String key : english.stringPropertyNames()) {
            String en = english.getProperty(key);
            String zh = chinese.getProperty(key);
            new MessageFormat(en, Locale.ROOT);
            new MessageFormat(zh, Locale.ROOT);
            if (!placeholders(en).equals(placeholders(zh))) {
                wrong.add(key + ": placeholders " + placeholders(en) + " in English, " + placeholders(zh) + " in Chinese");
            }
            boolean wordless = en.replaceAll("\\{\\d+}", "").replaceAll("[\\p{Punct}\\s]", "").isEmpty();
            if (!wordless && !HAN.matcher(zh).find()) {
                wrong.add(key + ": no Chinese in '" + zh + "'");
            }
            if (key.endsWith(".title") && !HAN.matcher(zh).find()) {
                wrong.add(key + ": a title without Chinese");
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyKeyTheSourceNamesIsInTheBundle() throws IOException {
        Properties english = bundle("problems.properties");
        Set<String> named = keysNamedInSource();

        assertThat(named).as("keys read from the source (is the pattern still finding them?)").hasSizeGreaterThan(100);
        Set<String> missing = new TreeSet<>(named);
        missing.removeAll(english.stringPropertyNames());
        assertThat(missing).isEmpty();
    }

    @Property(tries = 200)
    void everyKeyRendersInBothLanguages_withTheArgumentsInPlace(@ForAll("keys") String key, @ForAll int argument)
            throws IOException {
        int count = placeholders(bundle("problems.properties").getProperty(key)).size();
        Object[] args = new Object[count];
        java.util.Arrays.fill(args, argument);
        Message message = Message.of(key, args);

        for (Locale locale : List.of(Locale.ROOT, Languages.CHINESE)) {
            String text = message.in(locale);
            if (count > 0) {
                assertThat(text).contains(Integer.toString(argument));
            }
            assertThat(text).doesNotContain("{0}");
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> keys() throws IOException {
        return net.jqwik.api.Arbitraries.of(bundle("problems.properties").stringPropertyNames().stream()
                .filter(key -> !key.equals("list.separator")).toList());
    }

    @Test
    void aKeyTheBundleLacksIsItsOwnText_notAnError() {
        assertThat(Message.of("no-such.key", 1).in(Languages.CHINESE)).isEqualTo("no-such.key");
    }

    @Test
    void acceptLanguage_choosesChineseOnlyWhenPreferred() {
        assertThat(Languages.of(null)).isEqualTo(Locale.ROOT);
        assertThat(Languages.of("zh")).isEqualTo(Languages.CHINESE);
        assertThat(Languages.of("zh-CN")).isEqualTo(Languages.CHINESE);
        assertThat(Languages.of("zh-Hans-CN, en;q=0.8")).isEqualTo(Languages.CHINESE);
        assertThat(Languages.of("en-GB, zh;q=0.5")).isEqualTo(Locale.ROOT);
        assertThat(Languages.of("fr, zh;q=0.5")).isEqualTo(Languages.CHINESE);
        assertThat(Languages.of("fr")).isEqualTo(Locale.ROOT);
        assertThat(Languages.of("*")).isEqualTo(Locale.ROOT);
        assertThat(Languages.of("zh;q=0")).isEqualTo(Locale.ROOT);
        assertThat(Languages.of(";;;=, q=x")).isEqualTo(Locale.ROOT);
        assertThat(Languages.of("zh;q=2")).isEqualTo(Locale.ROOT);
        assertThat(Languages.of("zh, ".repeat(1_000))).isEqualTo(Locale.ROOT);
    }

    @Property(tries = 300)
    void acceptLanguage_neverThrows(@ForAll String header) {
        assertThat(Languages.of(header)).isIn(Locale.ROOT, Languages.CHINESE);
    }

    @Test
    void aProblemIsWrittenInTheAskedLanguage_typeUnchanged() {
        Problem problem = Problem.of(404, "unknown-batch", "unknown-batch.id", 7).at("/api/v1/batches/7");

        Problem.Document english = problem.in(Locale.ROOT);
        Problem.Document chinese = problem.in(Languages.CHINESE);

        assertThat(english).isEqualTo(new Problem.Document("urn:anchor-gateway:problem:unknown-batch", "Unknown batch",
                404, "no batch 7", "/api/v1/batches/7", List.of()));
        assertThat(chinese.type()).isEqualTo(english.type());
        assertThat(chinese.title()).isEqualTo("未知批次");
        assertThat(chinese.detail()).isEqualTo("没有批次 7");
    }

    @Test
    void numbersAreWrittenAsGiven_notGrouped() {
        assertThat(Message.of("submission.bulk-size", 10_000, 10_001).in(Locale.ROOT))
                .isEqualTo("must hold 1 to 10000 documents, got 10001");
    }

    private static Set<String> placeholders(String pattern) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(pattern);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /**
     * The keys the source names: the key arguments of the calls in {@link #KEY_CALLS} (a slug stands for its
     * title), and any other literal shaped {@code <slug>.<name>} for a slug those calls use (keys chosen in a
     * conditional before the call).
     */
    private static Set<String> keysNamedInSource() throws IOException {
        Set<String> keys = new TreeSet<>();
        List<String> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                // A quote as a character literal would pair with the next string's quote.
                sources.add(Files.readString(file).replace("'\"'", "'.'"));
            }
        }
        Set<String> slugs = new TreeSet<>();
        for (String source : sources) {
            for (var call : KEY_CALLS.entrySet()) {
                for (int at = source.indexOf(call.getKey()); at >= 0; at = source.indexOf(call.getKey(), at + 1)) {
                    List<String> args = arguments(source, at + call.getKey().length());
                    KeyArguments named = call.getValue();
                    if (named.slug() >= 0 && named.slug() < args.size()) {
                        for (String slug : literals(args.get(named.slug()))) {
                            slugs.add(slug);
                            keys.add(slug + ".title");
                        }
                    }
                    if (named.key() < args.size()) {
                        // Whole keys only: Problem.of's own {@code slug + ".title"} is not one.
                        literals(args.get(named.key())).stream().filter(key -> KEY_SHAPE.matcher(key).matches())
                                .forEach(keys::add);
                    }
                }
            }
        }
        for (String source : sources) {
            Matcher literal = LITERAL.matcher(source);
            while (literal.find()) {
                String text = literal.group(1);
                if (KEY_SHAPE.matcher(text).matches() && slugs.contains(text.substring(0, text.indexOf('.')))) {
                    keys.add(text);
                }
            }
        }
        return keys;
    }

    private static List<String> literals(String code) {
        List<String> found = new ArrayList<>();
        Matcher literal = LITERAL.matcher(code);
        while (literal.find()) {
            found.add(literal.group(1));
        }
        return found;
    }

    /** The top-level arguments of the call whose argument list starts at {@code from}, as source text. */
    private static List<String> arguments(String source, int from) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '"') {
                i++;
                while (source.charAt(i) != '"') {
                    i += source.charAt(i) == '\\' ? 2 : 1;
                }
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                depth--;
            } else if (c == ')' || (c == ',' && depth == 0)) {
                args.add(source.substring(start, i).strip());
                start = i + 1;
                if (c == ')') {
                    return args;
                }
            }
        }
        return args;
    }
}
