package com.ledgerbridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.domain.ledger.AccountRole;
import com.ledgerbridge.domain.ledger.ChartOfAccounts;
import com.ledgerbridge.domain.ledger.JournalEntry;
import com.ledgerbridge.domain.ledger.JournalLine;
import com.ledgerbridge.domain.ledger.LedgerPostings;
import com.ledgerbridge.domain.money.Money;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each gateway's money on its own clearing account, as the shipped chart of accounts sets it. */
class GatewayAccountsTest {

    private final ChartOfAccounts shipped = ChartOfAccountsFile.load(Path.of("mappings", "accounts",
            "chart-of-accounts.yml"));
    private final LedgerPostings postings = new LedgerPostings(shipped);

    private static String code(JournalEntry entry, AccountRole role) {
        return entry.lines().stream().filter(l -> l.role() == role).map(JournalLine::accountCode).findFirst().orElseThrow();
    }

    @Test
    void eachGatewaysPaymentsClearOnItsOwnAccountAndTheRestOnTheCommonOnes() {
        Money amount = Money.of("10.00", "CNY");
        LocalDate day = LocalDate.of(2026, 11, 20);
        JournalEntry alipay = postings.forUnappliedPayment("alipay:T1", amount, day);
        JournalEntry wechat = postings.forUnappliedPayment("wechatpay:T2", amount, day);
        JournalEntry stripe = postings.forRefund("stripe:ch_3", amount, List.of(), amount, day);
        assertThat(code(alipay, AccountRole.GATEWAY_CLEARING)).isEqualTo("101201");
        assertThat(code(wechat, AccountRole.GATEWAY_CLEARING)).isEqualTo("101202");
        assertThat(code(stripe, AccountRole.GATEWAY_CLEARING)).isEqualTo("101203");
        // roles without a per-gateway code use the common one
        assertThat(code(wechat, AccountRole.CUSTOMER_CREDIT)).isEqualTo("2203");
        assertThat(shipped.codeFor(AccountRole.GATEWAY_CLEARING, "unknown-gateway")).isEqualTo("101201");
    }

    @Test
    void aPerGatewayRoleThatDoesNotExistOrHasNoCodeStopsTheLoad(@TempDir Path dir) throws IOException {
        String common = Files.readString(Path.of("mappings", "accounts", "chart-of-accounts.yml"));
        Path typo = dir.resolve("typo.yml");
        Files.writeString(typo, common.replace("    gateway-clearing: \"101202\"", "    gateway-clearnig: \"101202\""));
        assertThatThrownBy(() -> ChartOfAccountsFile.load(typo)).hasMessageContaining("gateway-clearnig");
        Path empty = dir.resolve("empty.yml");
        Files.writeString(empty, common.replace("    gateway-clearing: \"101203\"", "    gateway-clearing: \"\""));
        assertThatThrownBy(() -> ChartOfAccountsFile.load(empty)).hasMessageContaining("stripe");
    }
}
