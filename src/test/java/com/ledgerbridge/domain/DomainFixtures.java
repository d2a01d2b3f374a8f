package com.ledgerbridge.domain;

import com.ledgerbridge.domain.ledger.AccountRole;
import com.ledgerbridge.domain.ledger.ChartOfAccounts;
import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.OrderStatus;
import com.ledgerbridge.domain.order.SalesOrder;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Small builders shared by the domain tests; plain Java, no Spring. */
public final class DomainFixtures {

    public static final Currency CNY = Currency.getInstance("CNY");
    public static final Currency JPY = Currency.getInstance("JPY");
    public static final Currency USD = Currency.getInstance("USD");

    private DomainFixtures() {
    }

    /** A complete chart in the style of the Chinese standard chart of accounts. */
    public static Map<AccountRole, String> chartCodes() {
        Map<AccountRole, String> codes = new EnumMap<>(AccountRole.class);
        codes.put(AccountRole.ACCOUNTS_RECEIVABLE, "1122");
        codes.put(AccountRole.REVENUE, "6001");
        codes.put(AccountRole.OUTPUT_VAT, "22210105");
        codes.put(AccountRole.GATEWAY_CLEARING, "1012.01");
        codes.put(AccountRole.GATEWAY_FEES, "6603.02");
        codes.put(AccountRole.CUSTOMER_CREDIT, "2203");
        codes.put(AccountRole.BANK, "1002");
        codes.put(AccountRole.DISPUTED_FUNDS, "1221.09");
        codes.put(AccountRole.CHARGEBACK_LOSSES, "6711.01");
        codes.put(AccountRole.WRITE_OFFS, "6702");
        return codes;
    }

    public static ChartOfAccounts chart() {
        return new ChartOfAccounts(chartCodes());
    }

    public static Money cny(String amount) {
        return Money.of(amount, "CNY");
    }

    public static OrderLine line(int lineNo, String quantity, String unitPrice) {
        return new OrderLine(lineNo, "SKU-" + lineNo, "item " + lineNo, new BigDecimal(quantity),
                new BigDecimal(unitPrice));
    }

    public static SalesOrder order(Currency currency, Integer paymentTermsDays, OrderStatus status,
            List<OrderLine> lines) {
        return new SalesOrder("salesforce", "SO-1001", "v7", "C-42", "Acme Trading", currency,
                LocalDate.of(2026, 1, 10), paymentTermsDays, status, lines);
    }

    public static SalesOrder billableOrder(OrderLine... lines) {
        return order(CNY, null, OrderStatus.BILLABLE, List.of(lines));
    }
}
