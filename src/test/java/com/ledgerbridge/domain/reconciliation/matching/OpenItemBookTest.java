package com.ledgerbridge.domain.reconciliation.matching;

import static com.ledgerbridge.domain.reconciliation.matching.Matching.DUE;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.ISSUED;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.cny;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.instalment;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.invoice;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OpenItemBookTest {

    @Test
    void itemsComeBackAsGivenWhateverTheOrderTheyWereGivenIn() {
        List<OpenItem> items = List.of(invoice("INV-000002", "C-2", cny("20.00")),
                OpenItem.invoice("INV-000001", "SO-2026-1", "C-1", cny("10.00"), cny("4.00"), ISSUED, DUE),
                instalment("INV-000003", 2, "C-1", usd("5.00"), DUE.plusMonths(1)),
                instalment("INV-000003", 1, "C-1", usd("5.00"), DUE));
        List<OpenItem> shuffled = new ArrayList<>(items);
        Collections.shuffle(shuffled, new Random(3));

        OpenItemBook book = OpenItemBook.of(items);
        assertThat(OpenItemBook.of(shuffled).items()).isEqualTo(book.items());
        assertThat(book.items()).extracting(OpenItem::itemId)
                .containsExactly("INV-000001", "INV-000002", "INV-000003#1", "INV-000003#2");
        assertThat(book.item(book.ordinalOf("INV-000001"))).isEqualTo(items.get(1));
        assertThat(book.ordinalOf("INV-000009")).isEqualTo(-1);
    }

    @Test
    void anItemIdGivenTwiceIsRefused() {
        assertThatThrownBy(() -> OpenItemBook.of(List.of(invoice("INV-000001", "C-1", cny("1.00")),
                new OpenItem("INV-000001", "INV-000002", 0, null, "C-1", cny("1.00"), cny("1.00"), ISSUED, DUE))))
                .hasMessage("open item id 'INV-000001' is given twice");
    }

    @Test
    void anInvoiceMustBeOneCustomersInOneCurrencyWholeOrInDistinctInstalments() {
        assertThatThrownBy(() -> OpenItemBook.of(List.of(instalment("INV-000001", 1, "C-1", cny("1.00"), DUE),
                instalment("INV-000001", 2, "C-2", cny("1.00"), DUE)))).hasMessageContaining("two customers");
        assertThatThrownBy(() -> OpenItemBook.of(List.of(instalment("INV-000001", 1, "C-1", cny("1.00"), DUE),
                instalment("INV-000001", 2, "C-1", usd("1.00"), DUE)))).hasMessageContaining("two currencies");
        assertThatThrownBy(() -> OpenItemBook.of(List.of(invoice("INV-000001", "C-1", cny("1.00")),
                instalment("INV-000001", 1, "C-1", cny("1.00"), DUE)))).hasMessageContaining("whole");
        assertThatThrownBy(() -> OpenItemBook.of(List.of(instalment("INV-000001", 1, "C-1", cny("1.00"), DUE),
                new OpenItem("INV-000001/b", "INV-000001", 1, null, "C-1", cny("1.00"), cny("1.00"), ISSUED,
                        DUE.plusDays(9))))).hasMessageContaining("instalment 1 twice");
    }

    @Test
    void anItemCannotOweMoreThanItWasFor() {
        assertThatThrownBy(() -> OpenItem.invoice("INV-000001", null, "C-1", cny("1.00"), cny("1.01"), ISSUED, DUE))
                .hasMessageContaining("not within 0..1.00 CNY");
        assertThatThrownBy(() -> OpenItemBook.builder().add("INV-1", "INV-1", 0, null, "C-1",
                java.util.Currency.getInstance("CNY"), 100, -1, ISSUED, DUE)).hasMessageContaining("INV-1");
    }
}
