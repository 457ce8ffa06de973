package org.docanchor.gateway.chain;

import java.util.List;

/**
 * One write to the issuer registry: the function with its arguments as a person reads them (for the {@code cast
 * send} line an accrediting body runs), and the ABI-encoded call data.
 *
 * @param function the function name, e.g. {@code registerDepartment}
 * @param signature the Solidity signature, e.g. {@code registerDepartment(string,string,string)}
 * @param arguments the arguments as {@code cast} takes them (strings, decimal numbers, 0x hex)
 * @param data the ABI-encoded call, 0x hex
 */
public record IssuerCall(String function, String signature, List<String> arguments, String data) {
}
