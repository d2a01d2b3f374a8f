package com.ledgerbridge.crm;

import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.domain.order.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CrmFieldReaderTest {

    final FieldReader fields = new FieldReader();

    @Test
    void decimalsAreReadExactlyWithADotAndNoMoreThanTheStoredScale() {
        assertThat(fields.decimal("q", " 12345678901.123456 ")).isEqualTo(new BigDecimal("12345678901.123456"));
        assertThat(fields.decimal("q", "0.10")).isEqualTo(new BigDecimal("0.10")).hasScaleOf(2);
        assertThat(fields.decimal("q", "2.5000000")).isEqualTo(new BigDecimal("2.5000000"));
        assertThat(fields.hasProblems()).isFalse();

        assertThat(fields.decimal("q", "12,5")).isNull();
        assertThat(fields.decimal("q", "1e3")).isNull();
        assertThat(fields.decimal("q", "1.1234567")).isNull();
        assertThat(fields.decimal("q", "12345678901234")).isNull();
        assertThat(fields.decimal("q", "")).isNull();
        assertThat(fields.problems()).containsExactly(
                "q '12,5' is not a decimal number like 1234.56 (digits and '.', no separators)",
                "q '1e3' is not a decimal number like 1234.56 (digits and '.', no separators)",
                "q '1.1234567' has more than 6 decimals",
                "q '12345678901234' is too large (at most 13 digits before '.')",
                "q is missing");
    }

    @Test
    void timesNeedAnOffsetAndAreKeptAsInstants() {
        assertThat(fields.instant("t", "2026-11-20T16:15:00+08:00")).isEqualTo(Instant.parse("2026-11-20T08:15:00Z"));
        assertThat(fields.instant("t", "2026-11-20T08:15:00.123Z")).isEqualTo(Instant.parse("2026-11-20T08:15:00.123Z"));
        assertThat(fields.instant("t", "2026-11-20T08:15:00")).isNull();
        assertThat(fields.problems()).containsExactly(
                "t '2026-11-20T08:15:00' is not an ISO-8601 time with offset like 2026-11-20T08:15:00Z");
    }

    @Test
    void statusAndCurrencyIgnoreCaseButNotSpelling() {
        assertThat(fields.status("s", "Billable")).isEqualTo(OrderStatus.BILLABLE);
        assertThat(fields.currency("c", "cny").getCurrencyCode()).isEqualTo("CNY");
        assertThat(fields.status("s", "BILLED")).isNull();
        assertThat(fields.currency("c", "XAU")).isNull();
        assertThat(fields.problems()).containsExactly("s 'BILLED' is not one of DRAFT, BILLABLE, CANCELLED",
                "c 'XAU' is not a money currency");
    }

    @Test
    void textIsTrimmedAndLimitedToTheStoredLength() {
        assertThat(fields.text("id", "  SO-1 ", 10, true)).isEqualTo("SO-1");
        assertThat(fields.text("name", "  ", 10, false)).isNull();
        assertThat(fields.text("id", "x".repeat(11), 10, true)).isNull();
        assertThat(fields.text("id", null, 10, true)).isNull();
        assertThat(fields.problems()).containsExactly("id is longer than 10 characters", "id is missing");
    }
}
