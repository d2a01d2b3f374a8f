package com.ledgerbridge.reconciliation;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ledgerbridge.reconciliation.* — what reconciliation settles by itself.
 *
 * @param writeOffTolerance an invoice a payment leaves this little open (or less), in the invoice's currency, is
 *                          written off to the write-off account instead of staying open for a few cents; 0 turns it
 *                          off. Larger short-falls stay open (and can be written off in the workbench, with approval)
 * @param creditApplication what happens to credit a customer holds (an over-payment's rest, a prepayment) when they
 *                          have open invoices: AUTO applies it to them, the one due first first; SUGGEST raises an
 *                          exception naming them, for a person to apply in the workbench
 */
@ConfigurationProperties("ledgerbridge.reconciliation")
public record ReconciliationProperties(BigDecimal writeOffTolerance, CreditApplicationMode creditApplication) {

    /** How held customer credit reaches the customer's next invoices. */
    public enum CreditApplicationMode { AUTO, SUGGEST }

    public ReconciliationProperties {
        if (writeOffTolerance == null) {
            writeOffTolerance = BigDecimal.ZERO;
        }
        if (writeOffTolerance.signum() < 0 || writeOffTolerance.compareTo(new BigDecimal("100")) > 0) {
            throw new IllegalArgumentException("ledgerbridge.reconciliation.write-off-tolerance must be from 0 to 100, was "
                    + writeOffTolerance.toPlainString());
        }
        if (creditApplication == null) {
            creditApplication = CreditApplicationMode.AUTO;
        }
    }
}
