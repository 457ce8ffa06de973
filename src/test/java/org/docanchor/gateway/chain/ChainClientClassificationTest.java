package org.docanchor.gateway.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.web3j.exceptions.MessageDecodingException;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.exceptions.ContractCallException;

/**
 * How {@link ChainClient} reads a node's answers: what a refused broadcast means (the node messages of geth, Besu's
 * {@code RpcErrorType} and anvil), and which failures are the node's, which are ours.
 */
class ChainClientClassificationTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            already known                                               | ACCEPTED
            Known transaction                                           | ACCEPTED
            transaction already imported                                | ACCEPTED
            ALREADY_EXISTS: transaction already exists                  | ACCEPTED
            nonce too low                                               | NONCE_USED
            Nonce too low                                               | NONCE_USED
            NONCE_TOO_LOW                                               | NONCE_USED
            Transaction nonce is too low. Try incrementing the nonce.   | NONCE_USED
            replacement transaction underpriced                         | NONCE_PENDING
            Replacement transaction underpriced                         | NONCE_PENDING
            """)
    void refusalsAboutTheNonceOrAKnownTransactionAreReconciled(String message, ChainClient.Broadcast expected) {
        assertThat(ChainClient.classifyRefusal(message)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "transaction underpriced",
        "Gas price below configured minimum gas price",
        "txpool is full",
        "Sender account not authorized to send transactions",
        "Intrinsic gas exceeds gas limit",
        "Transaction gas limit exceeds block gas limit",
        "Upfront cost exceeds account balance",
        "insufficient funds for gas * price + value",
        "Invalid signature",
        "Wrong chainId",
        "Nonce too high",
        "Transaction nonce is too distant from current sender nonce",
        "An invalid transaction with a lower nonce exists",
        "Initial sync is still in progress",
        ""})
    void anyOtherRefusalIsAFailure(String message) {
        assertThat(ChainClient.classifyRefusal(message)).isEmpty();
    }

    @Test
    void aNullMessageIsAFailure() {
        assertThat(ChainClient.classifyRefusal(null)).isEqualTo(Optional.empty());
    }

    @Test
    void anUnreachableNodeIsUnavailable() {
        assertThat(translate(new ConnectException("Connection refused"))).isInstanceOf(ChainUnavailableException.class)
                .hasMessageContaining("unreachable").hasMessageContaining("ConnectException");
        assertThat(translate(new SocketTimeoutException("timeout"))).isInstanceOf(ChainUnavailableException.class);
        // web3j's RemoteCall wraps the I/O failure of an async call.
        assertThat(translate(new ExecutionException(new IOException("reset")))).isInstanceOf(ChainUnavailableException.class);
        // A proxy in front of the node answering 502 or 429.
        assertThat(translate(new ClientConnectionException("Invalid response received: 502; Bad Gateway")))
                .isInstanceOf(ChainUnavailableException.class);
    }

    @Test
    void theNodesOrTheRegistrysRefusalIsRejected() {
        assertThat(translate(new ContractCallException("Contract Call has been reverted by the EVM")))
                .isInstanceOf(ChainRejectedException.class);
        assertThat(translate(new TransactionException("Transaction receipt was not generated after 120 seconds")))
                .isInstanceOf(ChainRejectedException.class);
        assertThat(translate(new MessageDecodingException("Value must be in format 0x[0-9a-fA-F]+")))
                .isInstanceOf(ChainRejectedException.class);
        ChainRejectedException already = new ChainRejectedException("the registry would reject the transaction");
        assertThat(translate(already)).isSameAs(already);
        ChainUnavailableException down = new ChainUnavailableException("down", null);
        assertThat(translate(down)).isSameAs(down);
    }

    @Test
    void aProgrammingErrorStaysWhatItIs_notTheChainsAnswer() {
        NullPointerException npe = new NullPointerException("block");
        assertThat(translate(npe)).isSameAs(npe);
        IllegalArgumentException bad = new IllegalArgumentException("bad argument");
        assertThat(translate(bad)).isSameAs(bad);
        ArithmeticException overflow = new ArithmeticException("BigInteger out of long range");
        assertThat(translate(overflow)).isSameAs(overflow);
        assertThat(translate(new Exception("a checked surprise"))).isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(ChainRejectedException.class);
    }

    @Test
    void anInterruptIsUnavailable_andKeepsTheFlag() {
        try {
            assertThat(translate(new InterruptedException())).isInstanceOf(ChainUnavailableException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    private static RuntimeException translate(Exception e) {
        return ChainClient.translate("eth_call", "http://127.0.0.1:8545", e);
    }
}
