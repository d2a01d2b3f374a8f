package com.ledgerbridge.app;

import com.ledgerbridge.domain.ledger.ChartOfAccounts;
import com.ledgerbridge.domain.ledger.LedgerPostings;
import com.ledgerbridge.domain.payment.PaymentLifecycle;
import com.ledgerbridge.ledger.ChartOfAccountsFile;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Makes the plain-Java domain rules available as beans, configured from config/ and mappings/. */
@Configuration
public class DomainBeans {

    @Bean
    ChartOfAccounts chartOfAccounts(AccountsProperties accounts) {
        return ChartOfAccountsFile.load(accounts.chart());
    }

    @Bean
    LedgerPostings ledgerPostings(ChartOfAccounts chart) {
        return new LedgerPostings(chart);
    }

    @Bean
    PaymentLifecycle paymentLifecycle() {
        return new PaymentLifecycle();
    }
}
