package com.ledgerbridge.domain.ledger;

import static com.ledgerbridge.domain.DomainFixtures.chartCodes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChartOfAccountsTest {

    @Test
    void completeChartGivesTheCodeForEachRole() {
        ChartOfAccounts chart = new ChartOfAccounts(chartCodes());
        assertThat(chart.codeFor(AccountRole.ACCOUNTS_RECEIVABLE)).isEqualTo("1122");
        assertThat(chart.codeFor(AccountRole.OUTPUT_VAT)).isEqualTo("22210105");
        assertThat(chart.codeFor(AccountRole.GATEWAY_CLEARING)).isEqualTo("1012.01");
    }

    @ParameterizedTest
    @EnumSource(AccountRole.class)
    void missingRoleIsRefusedNamingTheRole(AccountRole missing) {
        Map<AccountRole, String> codes = new HashMap<>(chartCodes());
        codes.remove(missing);
        assertThatThrownBy(() -> new ChartOfAccounts(codes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.name());
    }

    @Test
    void blankCodeCountsAsMissing() {
        Map<AccountRole, String> codes = new HashMap<>(chartCodes());
        codes.put(AccountRole.REVENUE, "  ");
        assertThatThrownBy(() -> new ChartOfAccounts(codes)).hasMessageContaining("REVENUE");
    }

    @Test
    void everyMissingRoleIsNamed() {
        Map<AccountRole, String> codes = new HashMap<>(chartCodes());
        codes.remove(AccountRole.OUTPUT_VAT);
        codes.remove(AccountRole.CUSTOMER_CREDIT);
        assertThatThrownBy(() -> new ChartOfAccounts(codes))
                .hasMessageContaining("OUTPUT_VAT")
                .hasMessageContaining("CUSTOMER_CREDIT")
                .hasMessageNotContaining("REVENUE");
        assertThatThrownBy(() -> new ChartOfAccounts(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ACCOUNTS_RECEIVABLE");
    }

    @Test
    void laterChangesToTheSourceMapDoNotLeakIn() {
        Map<AccountRole, String> codes = new HashMap<>(chartCodes());
        ChartOfAccounts chart = new ChartOfAccounts(codes);
        codes.put(AccountRole.REVENUE, "9999");
        assertThat(chart.codeFor(AccountRole.REVENUE)).isEqualTo("6001");
    }
}
