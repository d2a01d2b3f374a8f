package com.ledgerbridge.ledger.rest;

import static com.ledgerbridge.ledger.rest.RestLedgerContract.Call.CREATE;
import static com.ledgerbridge.ledger.rest.RestLedgerContract.Call.LOOKUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.failure.PermanentFailure;
import com.ledgerbridge.failure.TransientFailure;
import com.ledgerbridge.ledger.rest.RestLedgerContract.Answer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import com.ledgerbridge.ledger.rest.RestLedgerContract.Meaning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The status-code decisions of the generic REST ledger contract (mappings/ledger/generic-rest/README.md). */
class LedgerRestContractTest {

    final RestLedgerContract contract = new RestLedgerContract(Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC));

    @ParameterizedTest(name = "{0} {1} means {2}")
    @CsvSource({
            "CREATE, 201, SUCCESS",
            "CREATE, 200, SUCCESS",
            "LOOKUP, 200, SUCCESS",
            "CREATE, 409, ALREADY_EXISTS",
            "CREATE, 400, REJECT",
            "CREATE, 422, REJECT",
            "CREATE, 401, REJECT",
            "CREATE, 403, REJECT",
            "CREATE, 404, REJECT",
            "CREATE, 413, REJECT",
            "LOOKUP, 404, REJECT",
            "LOOKUP, 409, REJECT",
            "CREATE, 408, RETRY",
            "CREATE, 425, RETRY",
            "CREATE, 429, RETRY",
            "CREATE, 500, RETRY",
            "CREATE, 502, RETRY",
            "CREATE, 503, RETRY",
            "CREATE, 504, RETRY",
            "LOOKUP, 503, RETRY",
            "LOOKUP, 201, RETRY",
            "CREATE, 204, RETRY",
            "CREATE, 302, RETRY",
    })
    void statusCodes(RestLedgerContract.Call call, int status, Meaning meaning) {
        assertThat(RestLedgerContract.meaningOf(call, status)).isEqualTo(meaning);
    }

    @Test
    void aLookupHitGivesTheLedgersId() {
        String body = """
                {"items": [{"id": "JE-7", "idempotencyKey": "invoice:INV-1", "status": "posted"}]}""";

        assertThat(contract.lookupResult(new Answer(200, body), "invoice:INV-1")).isEqualTo("JE-7");
    }

    @Test
    void aLookupMissIsNull() {
        assertThat(contract.lookupResult(new Answer(200, "{\"items\": []}"), "invoice:INV-1")).isNull();
    }

    @Test
    void itemsForOtherKeysAreNeverTakenForOurs() {
        String body = """
                {"items": [{"id": "JE-8", "idempotencyKey": "invoice:INV-10"}, {"id": "JE-9", "idempotencyKey": "INVOICE:INV-1"}]}""";

        assertThat(contract.lookupResult(new Answer(200, body), "invoice:INV-1")).isNull();
    }

    @Test
    void aNumericIdIsTakenAtItsExactText() {
        String body = "{\"items\": [{\"id\": 12345678901234567890, \"idempotencyKey\": \"k\"}]}";

        assertThat(contract.lookupResult(new Answer(200, body), "k")).isEqualTo("12345678901234567890");
        assertThat(contract.createResult(new Answer(201, "{\"id\": 42}"))).isEqualTo("42");
    }

    @Test
    void aLookupAnswerOutsideTheContractIsRetried() {
        assertThatThrownBy(() -> contract.lookupResult(new Answer(200, "<html>maintenance</html>"), "k"))
                .isInstanceOf(TransientFailure.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> contract.lookupResult(new Answer(200, "{\"entries\": []}"), "k"))
                .isInstanceOf(TransientFailure.class).hasMessageContaining("items");
        assertThatThrownBy(() -> contract.lookupResult(new Answer(502, "bad gateway"), "k"))
                .isInstanceOf(TransientFailure.class).hasMessageContaining("HTTP 502");
    }

    @Test
    void aLookupWithWrongCredentialsOrPathIsRejectedWithAHint() {
        assertThatThrownBy(() -> contract.lookupResult(new Answer(401, "{\"error\":{\"code\":\"unauthorized\"}}"), "k"))
                .isInstanceOf(PermanentFailure.class).hasMessageContaining("LEDGER_API_TOKEN");
        assertThatThrownBy(() -> contract.lookupResult(new Answer(404, ""), "k"))
                .isInstanceOf(PermanentFailure.class).hasMessageContaining("entries-path");
    }

    @Test
    void aCreatedEntryGivesItsId() {
        assertThat(contract.createResult(new Answer(201, "{\"id\": \"JE-1001\", \"idempotencyKey\": \"k\"}"))).isEqualTo("JE-1001");
        assertThat(contract.createResult(new Answer(200, "{\"id\": \"JE-1001\"}"))).isEqualTo("JE-1001");
    }

    @Test
    void aCreatedAnswerWithoutIdIsRetriedSoThatTheLookupFindsIt() {
        assertThatThrownBy(() -> contract.createResult(new Answer(201, "{}")))
                .isInstanceOf(TransientFailure.class).hasMessageContaining("looks the entry up");
    }

    @Test
    void aConflictNamesTheExistingEntryOrAsksForALookup() {
        assertThat(contract.createResult(new Answer(409, "{\"error\":{\"code\":\"duplicate\",\"message\":\"exists\",\"existingId\":\"JE-5\"}}")))
                .isEqualTo("JE-5");
        assertThat(contract.createResult(new Answer(409, "{\"error\":{\"code\":\"duplicate\",\"message\":\"exists\"}}"))).isNull();
        assertThat(contract.createResult(new Answer(409, "Conflict"))).isNull();
    }

    @Test
    void aValidationErrorIsPermanentAndCarriesTheErrorBody() {
        String body = "{\"error\":{\"code\":\"validation_failed\",\"message\":\"account 9999 does not exist\"}}";

        assertThatThrownBy(() -> contract.createResult(new Answer(422, body)))
                .isInstanceOf(PermanentFailure.class)
                .hasMessageContaining("HTTP 422")
                .hasMessageContaining(body);
        assertThatThrownBy(() -> contract.createResult(new Answer(400, "bad")))
                .isInstanceOf(PermanentFailure.class);
    }

    @Test
    void throttlingAndServerErrorsAreRetried() {
        assertThatThrownBy(() -> contract.createResult(new Answer(429, "{\"error\":{\"code\":\"rate_limited\"}}")))
                .isInstanceOf(TransientFailure.class).hasMessageContaining("HTTP 429");
        assertThatThrownBy(() -> contract.createResult(new Answer(500, null)))
                .isInstanceOf(TransientFailure.class).hasMessageContaining("(empty body)");
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDateTravelsWithTheFailure() {
        TransientFailure seconds = catchTransient(new Answer(429, "slow down", "12"));
        TransientFailure date = catchTransient(new Answer(503, "maintenance", "Sun, 01 Mar 2026 10:01:30 GMT"));
        TransientFailure none = catchTransient(new Answer(503, "maintenance", "soon"));

        assertThat(seconds.retryAfter()).contains(Duration.ofSeconds(12));
        assertThat(date.retryAfter()).contains(Duration.ofSeconds(90));
        assertThat(none.retryAfter()).isEmpty();
    }

    private TransientFailure catchTransient(Answer answer) {
        try {
            contract.createResult(answer);
        } catch (TransientFailure failure) {
            return failure;
        }
        throw new AssertionError("HTTP " + answer.status() + " was not a transient failure");
    }

    @Test
    void theLookupKeyIsUrlEncoded() {
        assertThat(contract.lookupQuery("payment:alipay:2026 03->INV-1&x=1"))
                .isEqualTo("idempotencyKey=payment%3Aalipay%3A2026%2003-%3EINV-1%26x%3D1");
    }
}
