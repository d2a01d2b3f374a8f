package com.ledgerbridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.failure.PermanentFailure;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class LedgerFailureTextTest {

    final FailureText text = new FailureText("s3cr3t-token-value");

    @Test
    void namesTheExceptionAndItsCauses() {
        Exception failure = new IllegalStateException("posting failed", new SocketTimeoutException("Read timed out"));

        assertThat(text.describe(failure))
                .isEqualTo("IllegalStateException: posting failed <- SocketTimeoutException: Read timed out");
    }

    @Test
    void skipsWrappersThatRepeatTheirCause() {
        Exception cause = new PermanentFailure("ledger rejected the journal entry with HTTP 422: {}");
        Exception wrapper = new RuntimeException(cause.getMessage(), cause);

        assertThat(text.describe(wrapper)).isEqualTo("RuntimeException: " + cause.getMessage());
    }

    @Test
    void masksCredentials() {
        String described = text.describe(new IllegalStateException(
                "sent Authorization: Bearer abc.def.ghi to ledger; token=xyz; key s3cr3t-token-value; \"password\": \"pw1\""));

        assertThat(described)
                .doesNotContain("abc.def.ghi", "xyz", "s3cr3t-token-value", "pw1")
                .contains("Bearer ***", "token=***", "\"password\": \"***");
    }

    @Test
    void boundsTheLength() {
        assertThat(text.describe(new RuntimeException("x".repeat(5000)))).hasSize(FailureText.MAX_LENGTH).endsWith("…");
    }
}
