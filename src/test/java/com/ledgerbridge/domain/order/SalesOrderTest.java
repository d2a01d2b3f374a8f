package com.ledgerbridge.domain.order;

import static com.ledgerbridge.domain.DomainFixtures.CNY;
import static com.ledgerbridge.domain.DomainFixtures.line;
import static com.ledgerbridge.domain.DomainFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SalesOrderTest {

    static InvalidOrderException refusal(Runnable construction) {
        return catchThrowableOfType(InvalidOrderException.class, construction::run);
    }

    @Test
    void validOrderKeepsItsData() {
        SalesOrder o = order(CNY, 45, OrderStatus.BILLABLE, List.of(line(1, "2", "10"), line(2, "0.5", "3.3333")));
        assertThat(o.isBillable()).isTrue();
        assertThat(o.lines()).hasSize(2);
        assertThat(o.lines()).extracting(OrderLine::quantity).containsExactly(new BigDecimal("2"), new BigDecimal("0.5"));
        assertThat(o.paymentTermsDays()).isEqualTo(45);
    }

    @Test
    void collectsEveryProblemNotJustTheFirst() {
        List<OrderLine> lines = List.of(
                new OrderLine(1, "A", "", BigDecimal.ZERO, new BigDecimal("-1")),
                new OrderLine(2, "B", "ok", null, null));
        InvalidOrderException e = refusal(() -> new SalesOrder(null, " ", "v1", null, "Name", null,
                null, -1, OrderStatus.BILLABLE, lines));

        assertThat(e).isNotNull();
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "source is missing",
                "order id is missing",
                "customer id is missing",
                "currency is missing",
                "order date is missing",
                "payment terms must be 0 to 3650 days, got -1",
                "line 1: description is missing",
                "line 1: quantity must be positive",
                "line 1: unit price must be zero or more",
                "line 2: quantity must be positive",
                "line 2: unit price must be zero or more");
        assertThat(e.getMessage()).contains("source is missing").contains("line 2: quantity must be positive");
    }

    @Test
    void missingVersionAndStatusAreReported() {
        InvalidOrderException e = refusal(() -> new SalesOrder("crm", "SO-1", "", "C-1", "Name", CNY,
                LocalDate.of(2026, 1, 1), null, null, List.of()));
        assertThat(e.problems()).containsExactlyInAnyOrder("order version is missing", "status is missing");
    }

    @Test
    void paymentTermsAboveTenYearsAreRefused() {
        InvalidOrderException e = refusal(() -> order(CNY, 3651, OrderStatus.BILLABLE, List.of(line(1, "1", "1"))));
        assertThat(e.problems()).containsExactly("payment terms must be 0 to 3650 days, got 3651");
        assertThat(order(CNY, 3650, OrderStatus.BILLABLE, List.of(line(1, "1", "1"))).paymentTermsDays())
                .isEqualTo(3650);
    }

    @Test
    void billableOrderWithoutLinesIsRefused() {
        InvalidOrderException e = refusal(() -> order(CNY, null, OrderStatus.BILLABLE, List.of()));
        assertThat(e.problems()).containsExactly("a billable order needs at least one line");
        InvalidOrderException nullLines = refusal(() -> order(CNY, null, OrderStatus.BILLABLE, null));
        assertThat(nullLines.problems()).containsExactly("a billable order needs at least one line");
    }

    @Test
    void draftOrderWithoutLinesIsAccepted() {
        SalesOrder o = order(CNY, null, OrderStatus.DRAFT, null);
        assertThat(o.lines()).isEmpty();
        assertThat(o.isBillable()).isFalse();
    }

    @Test
    void duplicateLineNumbersAreRefused() {
        InvalidOrderException e = refusal(() -> order(CNY, null, OrderStatus.BILLABLE,
                List.of(line(1, "1", "1"), line(2, "1", "1"), line(1, "3", "4"))));
        assertThat(e.problems()).containsExactly("line 1: line number used twice");
    }

    @Test
    void freeLinesAreAllowed() {
        SalesOrder o = order(CNY, null, OrderStatus.BILLABLE, List.of(line(1, "1", "0")));
        assertThat(o.lines().get(0).unitPrice()).isEqualByComparingTo("0");
    }

    @Test
    void linesAreCopied() {
        List<OrderLine> lines = new ArrayList<>(List.of(line(1, "1", "1")));
        SalesOrder o = order(CNY, null, OrderStatus.BILLABLE, lines);
        lines.add(line(2, "1", "1"));
        assertThat(o.lines()).hasSize(1);
    }
}
