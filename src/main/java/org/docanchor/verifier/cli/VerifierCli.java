package org.docanchor.verifier.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.docanchor.verifier.DepartmentKeyList;
import org.docanchor.verifier.MalformedProofException;
import org.docanchor.verifier.ProofDocument;
import org.docanchor.verifier.ProofParser;
import org.docanchor.verifier.ProofVerifier;
import org.docanchor.verifier.TrustedValidators;
import org.docanchor.verifier.VerificationOptions;
import org.docanchor.verifier.VerificationResult;
import org.docanchor.verifier.chain.JsonRpcChainReader;
import org.docanchor.verifier.receipt.MalformedReceiptException;
import org.docanchor.verifier.receipt.ReceiptExpectations;
import org.docanchor.verifier.receipt.ReceiptJws;
import org.docanchor.verifier.receipt.ReceiptKeySet;
import org.docanchor.verifier.receipt.ReceiptVerification;

/**
 * The Java command-line verifier (docs/verification.md, "Command-line verifiers"): verifies one proof document with
 * the pure core and prints the verdict and every check, or with {@code --json} the answer JSON of
 * {@code POST /api/v1/verify}. Exit codes: 0 VALID, 1 INVALID, 2 could not run, 3 UNDETERMINED, 4 REVOKED,
 * 5 PENDING.
 */
public final class VerifierCli {

    static final int EXIT_VALID = 0;
    static final int EXIT_INVALID = 1;
    static final int EXIT_CANNOT_RUN = 2;
    static final int EXIT_UNDETERMINED = 3;
    static final int EXIT_REVOKED = 4;
    static final int EXIT_PENDING = 5;

    static final String USAGE = """
            usage: java -jar anchor-verifier.jar --proof FILE|- [--file DOCUMENT] [--rpc URL] [--registry 0x…]
                   [--validators FILE] [--department-keys FILE] [--receipt FILE --jwks FILE] [--json]
                   java -jar anchor-verifier.jar --receipt FILE|- --jwks FILE [--file DOCUMENT] [--json]

              --proof FILE|-          the proof document (JSON); - reads standard input
              --file DOCUMENT|-       the document itself: hashed locally, never sent anywhere
              --rpc URL               a JSON-RPC node of the proof's chain (http or https)
              --registry 0x…          the registry address you trust (published by the operator)
              --validators FILE       the validator set you trust: {"consensus": "ibft2"|"qbft", "validators": ["0x…"]}
              --department-keys FILE  the keys you trust departments to hold: {"DEPT": ["sha256:…"]}
              --receipt FILE|-        the signed receipt the gateway answered at acceptance (compact JWS): checked
                                      on its own, or with the proof, which must name it
              --jwks FILE             the receipt keys you trust: the gateway's GET /.well-known/jwks.json
              --json                  print the answer as JSON (the answer of POST /api/v1/verify)
              --help                  print this help

            exit codes: 0 VALID, 1 INVALID, 2 could not run (usage, unreadable or malformed proof or receipt),
                        3 UNDETERMINED, 4 REVOKED, 5 PENDING""";

    private static final Set<String> VALUE_OPTIONS =
            Set.of("--proof", "--file", "--rpc", "--registry", "--validators", "--department-keys", "--receipt",
                    "--jwks");

    /** Bytes read at most from a proof or trust file; ProofParser refuses more characters anyway. */
    private static final int MAX_PROOF_BYTES = 4 * ProofParser.MAX_CHARS;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Problems of a malformed proof printed on its one line of stderr. */
    private static final int MAX_PROBLEMS_SHOWN = 4;

    private VerifierCli() {
    }

    public static void main(String[] args) {
        // The schema library logs through SLF4J, and the jar carries no SLF4J provider on purpose (nothing to log):
        // without this, every run would start with three lines of "No SLF4J providers were found" on stderr.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code;
        try {
            code = run(args, System.in, out, err);
        } catch (RuntimeException | Error e) {
            // Exit 1 would read as INVALID; an internal error is "could not run", on one line.
            err.println("anchor-verifier: internal error: " + oneLine(String.valueOf(e)));
            code = EXIT_CANNOT_RUN;
        }
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the verifier with the given streams and returns the exit code. */
    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        Map<String, String> options = new LinkedHashMap<>();
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                out.println(USAGE);
                return EXIT_VALID;
            }
            if (arg.equals("--json")) {
                json = true;
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (!VALUE_OPTIONS.contains(name)) {
                return usage(err, arg.startsWith("-") && !arg.equals("-") ? "unknown option " + arg
                        : "unexpected argument " + arg + " (the proof is given with --proof)");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    return usage(err, name + " needs a value");
                }
                value = args[++i];
            }
            if (options.put(name, value) != null) {
                return usage(err, name + " is given twice");
            }
        }
        if (!options.containsKey("--proof") && !options.containsKey("--receipt")) {
            return usage(err, "no proof given: --proof FILE, or --proof - for standard input");
        }
        if (options.containsKey("--receipt") != options.containsKey("--jwks")) {
            return usage(err, "--receipt and --jwks go together: the receipt, and the keys you trust for it");
        }
        List<String> fromStdin = options.entrySet().stream().filter(e -> e.getValue().equals("-")
                && !e.getKey().equals("--rpc") && !e.getKey().equals("--registry")).map(Map.Entry::getKey).toList();
        if (fromStdin.size() > 1) {
            return usage(err, String.join(" and ", fromStdin) + " cannot both come from standard input");
        }
        Input input = new Input(stdin);

        VerificationOptions verification = VerificationOptions.none();
        try {
            if (options.containsKey("--registry")) {
                verification = verification.withTrustedRegistry(options.get("--registry"));
            }
            if (options.containsKey("--validators")) {
                verification = verification.withTrustedValidators(
                        TrustedValidators.parse(input.text(options.get("--validators"), "--validators")));
            }
            if (options.containsKey("--department-keys")) {
                verification = verification.withDepartmentKeys(
                        DepartmentKeyList.parse(input.text(options.get("--department-keys"), "--department-keys")));
            }
            if (options.containsKey("--file")) {
                verification = verification.withDocument(input.bytes(options.get("--file"), "--file"));
            }
            if (options.containsKey("--receipt")) {
                // A file ends with a newline; the receipt itself has no white space.
                verification = verification.withReceipt(input.text(options.get("--receipt"), "--receipt").strip(),
                        ReceiptKeySet.parse(input.text(options.get("--jwks"), "--jwks")));
            }
        } catch (IllegalArgumentException | CannotRead e) {
            return cannotRun(err, e.getMessage());
        } catch (MalformedReceiptException e) {
            return cannotRun(err, "--jwks: " + e.getMessage());
        }
        if (!options.containsKey("--proof")) {
            if (options.keySet().stream().anyMatch(o -> Set.of("--rpc", "--registry", "--validators",
                    "--department-keys").contains(o))) {
                return usage(err, "a receipt on its own is checked offline: --rpc, --registry, --validators and "
                        + "--department-keys need --proof");
            }
            return receiptOnly(verification, json, out, err);
        }

        ProofDocument proof;
        try {
            proof = ProofParser.parse(input.bytes(options.get("--proof"), "--proof"));
        } catch (CannotRead e) {
            return cannotRun(err, e.getMessage());
        } catch (MalformedProofException e) {
            if (json) {
                out.println(malformedJson(e));
            }
            return cannotRun(err, malformedLine(e, json));
        }

        JsonRpcChainReader chain = null;
        if (options.containsKey("--rpc")) {
            try {
                chain = new JsonRpcChainReader(uri(options.get("--rpc")));
            } catch (IllegalArgumentException e) {
                return usage(err, "--rpc: " + e.getMessage());
            }
            verification = verification.withChain(chain);
        }
        try {
            VerificationResult result = ProofVerifier.verify(proof, verification);
            if (json) {
                out.println(JSON.writeValueAsString(result));
            } else {
                print(result, out);
            }
            return exitCode(result.result());
        } catch (IOException e) {
            return cannotRun(err, "cannot write the answer: " + e.getMessage());
        } finally {
            if (chain != null) {
                chain.close();
            }
        }
    }

    /** A receipt on its own, against the document when given: exit 0 VALID, 1 INVALID, 2 not a receipt. */
    private static int receiptOnly(VerificationOptions given, boolean json, PrintStream out, PrintStream err) {
        ReceiptExpectations expected = given.document().map(ReceiptExpectations.none()::withDocument)
                .orElse(ReceiptExpectations.none());
        ReceiptVerification answer;
        try {
            answer = ReceiptJws.verify(given.receipt().orElseThrow(), given.receiptKeys().orElseThrow(), expected);
        } catch (MalformedReceiptException e) {
            if (json) {
                out.println(JSON.createObjectNode().put("error", "malformed-receipt").put("message", e.getMessage()));
            }
            return cannotRun(err, "the receipt is not a signed receipt: " + e.getMessage());
        }
        try {
            out.println(json ? JSON.writeValueAsString(answer)
                    : answer.result() + " (" + answer.code() + ")" + System.lineSeparator() + "  " + answer.detail());
        } catch (IOException e) {
            return cannotRun(err, "cannot write the answer: " + e.getMessage());
        }
        return answer.valid() ? EXIT_VALID : EXIT_INVALID;
    }

    static int exitCode(VerificationResult.Verdict verdict) {
        return switch (verdict) {
            case VALID -> EXIT_VALID;
            case INVALID -> EXIT_INVALID;
            case UNDETERMINED -> EXIT_UNDETERMINED;
            case REVOKED -> EXIT_REVOKED;
            case PENDING -> EXIT_PENDING;
        };
    }

    /** The verdict, what it means, and every check marked offline or on chain. */
    static void print(VerificationResult result, PrintStream out) {
        out.println(result.result() + " (" + result.code() + "): " + meaning(result.result()));
        out.println();
        int width = result.checks().stream().mapToInt(c -> c.name().length()).max().orElse(0);
        for (VerificationResult.Check check : result.checks()) {
            out.printf("  %-11s  %-" + width + "s  %-8s  %s: %s%n", check.outcome().id(), check.name(),
                    check.where() == VerificationResult.Where.CHAIN ? "on chain" : "offline", check.code(),
                    check.detail());
        }
        if (result.issuer() != null) {
            VerificationResult.IssuerPart i = result.issuer();
            VerificationResult.IssuerDepartment d = i.department();
            out.println();
            out.println("Department (issuer registry " + i.registry() + "): " + d.code()
                    + (d.nameEn() == null ? ", not registered"
                            : " " + d.nameZh() + " / " + d.nameEn() + ", registered " + d.registeredAt() + ", "
                                    + (d.active() ? "active" : "suspended") + " at the time checked"));
            if (i.key() != null) {
                VerificationResult.IssuerKey k = i.key();
                out.println("Signing key: " + k.fingerprint() + " (" + k.algorithm() + "), valid from " + k.validFrom()
                        + (k.revokedAt() == null ? "" : ", revoked (" + k.revocationReason() + ") from " + k.revokedAt()));
            }
        }
        if (result.revocation() != null) {
            VerificationResult.RevocationPart r = result.revocation();
            out.println();
            out.println("Revoked: " + r.reason() + " at " + r.revokedAt() + " in block " + r.blockNumber()
                    + (r.replacementLeaf() == null ? "" : "; replaced by the document with leaf " + r.replacementLeaf()));
            out.println("Revoked by: " + (r.signed() ? "the department, signed with its key " + r.signedBy()
                    : "the gateway on the department's behalf (no department signature that holds)"));
        }
        if (result.pending() != null) {
            VerificationResult.PendingPart p = result.pending();
            out.println();
            out.println("The gateway says (nothing on chain backs this yet): received at " + p.receivedAt()
                    + (p.expectedAnchoringBy() == null ? "" : ", expected to be anchored by " + p.expectedAnchoringBy()));
        }
    }

    private static String meaning(VerificationResult.Verdict verdict) {
        return switch (verdict) {
            case VALID -> "the document is what the department registered, anchored in the registry, not revoked";
            case INVALID -> "a check failed: the document, the proof or the signature is not what it claims";
            case REVOKED -> "everything holds, and the issuing department revoked the document";
            case PENDING -> "registered by the gateway, not anchored yet; nothing on chain proves it yet";
            case UNDETERMINED -> "the checks could not be completed; this is not a statement that the proof is wrong";
        };
    }

    /** The first problems on one line; --json lists them all. */
    static String malformedLine(MalformedProofException e, boolean json) {
        List<MalformedProofException.Problem> problems = e.problems();
        int shown = Math.min(problems.size(), MAX_PROBLEMS_SHOWN);
        StringBuilder line = new StringBuilder("malformed proof: ");
        for (int i = 0; i < shown; i++) {
            line.append(i == 0 ? "" : "; ").append(problems.get(i));
        }
        if (shown < problems.size()) {
            line.append("; and ").append(problems.size() - shown).append(" more")
                    .append(json ? " (all in the JSON on standard output)" : " (--json lists them all)");
        }
        return line.toString();
    }

    private static String malformedJson(MalformedProofException e) {
        ObjectNode root = JSON.createObjectNode();
        root.put("error", "malformed-proof");
        // "errors", as the Node command-line verifier writes it.
        ArrayNode problems = root.putArray("errors");
        for (MalformedProofException.Problem problem : e.problems()) {
            problems.addObject().put("pointer", problem.pointer()).put("message", problem.message());
        }
        return root.toString();
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + text);
        }
    }

    private static int usage(PrintStream err, String message) {
        err.println("anchor-verifier: " + oneLine(message) + " (--help for usage)");
        return EXIT_CANNOT_RUN;
    }

    private static int cannotRun(PrintStream err, String message) {
        err.println("anchor-verifier: " + oneLine(message));
        return EXIT_CANNOT_RUN;
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    /** A file that cannot be read, with a message naming the option. */
    private static final class CannotRead extends Exception {
        CannotRead(String message) {
            super(message, null, false, false);
        }
    }

    /** The files the options name, {@code -} being standard input (for one option at most). */
    private static final class Input {

        private final InputStream stdin;

        Input(InputStream stdin) {
            this.stdin = stdin;
        }

        byte[] bytes(String file, String option) throws CannotRead {
            return file.equals("-") ? stdin(option) : file(file, option);
        }

        String text(String file, String option) throws CannotRead {
            byte[] bytes = bytes(file, option);
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new CannotRead(option + ": " + file + " is not UTF-8 text");
            }
        }

        private static byte[] file(String file, String option) throws CannotRead {
            Path path = Path.of(file);
            try {
                if (!option.equals("--file") && Files.size(path) > MAX_PROOF_BYTES) {
                    throw new CannotRead(option + ": " + file + " is larger than " + MAX_PROOF_BYTES + " bytes");
                }
                return Files.readAllBytes(path);
            } catch (IOException | SecurityException | java.nio.file.InvalidPathException e) {
                throw new CannotRead(option + ": cannot read " + file + " (" + describe(e) + ")");
            } catch (OutOfMemoryError e) {
                throw new CannotRead(option + ": " + file + " is too large to read");
            }
        }

        private byte[] stdin(String option) throws CannotRead {
            try {
                if (option.equals("--file")) {
                    return stdin.readAllBytes();
                }
                byte[] bytes = stdin.readNBytes(MAX_PROOF_BYTES + 1);
                if (bytes.length > MAX_PROOF_BYTES) {
                    throw new CannotRead(option + " -: standard input has more than " + MAX_PROOF_BYTES + " bytes");
                }
                return bytes;
            } catch (IOException e) {
                throw new CannotRead(option + " -: cannot read standard input (" + describe(e) + ")");
            }
        }
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
