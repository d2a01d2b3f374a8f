package com.ledgerbridge.reconciliation;

import com.ledgerbridge.domain.money.CurrencyMismatchException;
import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.OrderStatus;
import com.ledgerbridge.domain.order.SalesOrder;
import com.ledgerbridge.domain.payment.PaymentEventKeys;
import com.ledgerbridge.domain.payment.PaymentEventType;
import com.ledgerbridge.failure.BadInput;
import com.ledgerbridge.failure.Conflict;
import com.ledgerbridge.failure.NotFound;
import com.ledgerbridge.failure.NotPermitted;
import com.ledgerbridge.invoicing.InvoicingService;
import com.ledgerbridge.operations.ExceptionWorkbench;
import com.ledgerbridge.operations.ExceptionWorkbench.ActionRequest;
import com.ledgerbridge.operations.ExceptionWorkbench.ActionView;
import com.ledgerbridge.operations.ExceptionWorkbench.Share;
import com.ledgerbridge.storage.OrderStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * One try of the receivables properties: a few customers, their invoices and payments, driven through the real
 * services (invoicing, the payment inbox's table, reconciliation batches, the exception workbench) and read back from
 * the database. The steps are abstract (an invoice is "the i-th invoice of this try", an amount a share of what is
 * open), so any sequence is executable and jqwik can shrink it; each step is resolved against the database when it
 * runs. Everything a try creates carries its prefix, so tries share one database without seeing each other.
 *
 * <p>To add a kind of step: a record implementing {@link Step} and a case in {@link #run(Step)} (e.g. an invoice with
 * payment terms, or a run of the credit-application stage).
 */
final class ReceivablesScenario {

    static final String GATEWAY = "alipay";
    static final String MAKER = "maker-otto";
    static final List<String> CURRENCIES = List.of("CNY", "USD", "JPY");
    static final int CUSTOMERS = 3;

    /** One thing that happens to the receivables. */
    sealed interface Step permits IssueInvoice, IssueInvoiceInInstalments, Prepay, ApplyCredit, Pay, Reconcile,
            Redeliver, Refund, Dispute, WorkbenchAction, Approve {
    }

    /** Payment terms an order may carry: equal parts, a deposit and the balance, a configured name. */
    static final List<String> TERMS = List.of("30/60/90", "30%@0, 70%@30", "DEPOSIT-30", "10/20");

    /** Like {@link IssueInvoice}, under split payment terms: the invoice has instalments. */
    record IssueInvoiceInInstalments(int customer, String currency, int netCents, int terms) implements Step {
    }

    /**
     * A customer's order is stored but not invoiced yet, and the customer pays its gross amount naming the order
     * (a prepayment); a later invoicing run issues its invoice.
     */
    record Prepay(int customer, String currency, int netCents) implements Step {
    }

    /** The credit-application stage runs until no customer waits. */
    record ApplyCredit() implements Step {
    }

    /** A customer's order of {@code netCents} (split over {@code lines} lines) is invoiced through invoicing. */
    record IssueInvoice(int customer, String currency, int netCents, int lines) implements Step {
    }

    /** How a payment names what it pays. */
    enum Naming {
        /** the invoice number as the merchant reference */
        EXACT_REFERENCE,
        /** the invoice number only in the memo */
        MEMO_REFERENCE,
        /** two invoices of the customer named in the memo, paid together */
        SEVERAL_INVOICES,
        /** nothing named, from the customer's payer (known once one of its payments was applied) */
        NO_REFERENCE_KNOWN_PAYER,
        /** nothing named, from a payer never seen */
        NO_REFERENCE_UNKNOWN_PAYER,
        /** an invoice number that does not exist */
        UNKNOWN_REFERENCE
    }

    /** A payment's amount against what is open on what it names. */
    enum Amount {
        EXACT,
        OVER,
        SHORT_WITHIN_TOLERANCE,
        SHORT_BEYOND_TOLERANCE
    }

    /**
     * A payment notification arrives ({@code deliveries} times) in the inbox; 0: it is late, and arrives only when a
     * later step delivers it again (after its refunds, if they come first).
     */
    record Pay(Naming naming, Amount amount, int invoice, int otherInvoice, int cents, int deliveries) implements Step {
    }

    /** One reconciliation batch of at most {@code batchSize} events. */
    record Reconcile(int batchSize) implements Step {
    }

    /** An earlier notification of this try arrives again. */
    record Redeliver(int event) implements Step {
    }

    /** The gateway reports a refund of {@code percent}% of an earlier payment, as a cumulative total or on its own. */
    record Refund(int payment, boolean cumulative, int percent) implements Step {
    }

    /**
     * The gateway reports a stage of a chargeback on an earlier payment (one dispute per payment) for {@code percent}%
     * of what was paid; every report of one dispute names the amount its first report named (the books take the
     * amount known when they book a stage: reports of one dispute with different amounts are not booked alike in
     * every order, a finding left to the lifecycle).
     */
    record Dispute(int payment, PaymentEventType stage, int percent) implements Step {
    }

    /** What a person does on the exception workbench. */
    enum WorkbenchKind {
        MATCH,
        SPLIT_MATCH,
        WRITE_OFF,
        IGNORE,
        REFUND,
        /** keep the held money as the customer's credit (the customer of the payer, or of the first invoice) */
        CREDIT,
        UNDO
    }

    /**
     * A workbench action by the maker on the {@code exception}-th exception of this try (UNDO: on its
     * {@code exception}-th action); amounts are {@code percent}% of what the action may take; {@code resubmit} sends
     * the same request twice.
     */
    record WorkbenchAction(WorkbenchKind kind, int exception, int invoice, int otherInvoice, int percent,
            boolean resubmit) implements Step {
    }

    /** The next level approves the {@code action}-th action waiting for approval (or its maker tries to). */
    record Approve(int action, boolean byMaker) implements Step {
    }

    private record IssuedInvoice(String number, String customer, String currency) {
    }

    private record InboxEvent(PaymentEventType type, String key, String trade, String reference, String memo,
            BigDecimal amount, String currency, String payer, String movementId) {
    }

    private record PaidTrade(String trade, String currency, BigDecimal amount) {
    }

    private record ExceptionState(long id, String status, BigDecimal credit, String currency) {
    }

    private final String prefix;
    private final JdbcClient jdbc;
    private final InvoicingService invoicing;
    private final OrderStore orders;
    private final ReconciliationService reconciliation;
    private final ExceptionWorkbench workbench;
    private final List<IssuedInvoice> invoices = new ArrayList<>();
    private final List<String[]> prepaidOrders = new ArrayList<>();
    private final CustomerCreditService credit;
    private final List<InboxEvent> events = new ArrayList<>();
    private final List<PaidTrade> paid = new ArrayList<>();
    private final Map<String, BigDecimal> refundedTotal = new HashMap<>();
    private final Map<String, BigDecimal> disputed = new HashMap<>();
    private final List<String> trace = new ArrayList<>();
    private final List<String> workbenchAttempts = new ArrayList<>();
    private int sequence;

    ReceivablesScenario(String prefix, JdbcClient jdbc, InvoicingService invoicing, OrderStore orders,
            ReconciliationService reconciliation, ExceptionWorkbench workbench, CustomerCreditService credit) {
        this.credit = credit;
        this.prefix = prefix;
        this.jdbc = jdbc;
        this.invoicing = invoicing;
        this.orders = orders;
        this.reconciliation = reconciliation;
        this.workbench = workbench;
    }

    /** The invariants of this try's slice of the database. */
    ReceivablesInvariants invariants() {
        return new ReceivablesInvariants(jdbc, customerPrefix(), GATEWAY, tradePrefix());
    }

    /** What the steps so far did, in words (refusals included), for a failure's message. */
    List<String> trace() {
        return trace;
    }

    /** What this try reached, each once (for the property's statistics): decisions, exceptions, actions, entries. */
    List<String> outcomes() {
        String trades = tradePrefix() + "%";
        List<String> outcomes = new ArrayList<>();
        outcomes.addAll(jdbc.sql("""
                        select distinct 'decision ' || d.outcome || case when d.rule_id = 'instalments'
                                                                          then ' (instalments)' else '' end
                        from match_decision d
                        join payment_event p on p.id = d.payment_event_id where p.gateway_trade_id like :trades
                        """).param("trades", trades).query(String.class).list());
        outcomes.addAll(jdbc.sql("""
                        select distinct 'exception ' || e.reason from reconciliation_exception e
                        join payment_event p on p.id = e.payment_event_id where p.gateway_trade_id like :trades
                        """).param("trades", trades).query(String.class).list());
        outcomes.addAll(jdbc.sql("""
                        select distinct 'action ' || a.kind || ' ' || a.status from workbench_action a
                        join reconciliation_exception e on e.id = a.exception_id
                        join payment_event p on p.id = e.payment_event_id where p.gateway_trade_id like :trades
                        """).param("trades", trades).query(String.class).list());
        outcomes.addAll(jdbc.sql("""
                        select distinct case when idempotency_key like '%:reversed' then 'entry reversal'
                                             when idempotency_key like 'write-off:%' then 'entry tolerance write-off'
                                             when idempotency_key like 'credit:%' then 'entry credit application'
                                             when idempotency_key like 'refund:%' then 'entry refund'
                                             when idempotency_key like 'workbench:%' then 'entry workbench'
                                             else 'entry other' end
                        from journal_entry where source_reference like :payments
                        """).param("payments", GATEWAY + ":" + trades).query(String.class).list());
        return outcomes;
    }

    /** Each workbench request and approval of this try: what it was and how it ended (for statistics). */
    List<String> workbenchAttempts() {
        return workbenchAttempts;
    }

    /** Reconciles until no event is waiting. */
    void drain() {
        int batches = 0;
        while (reconciliation.reconcileBatch(50).claimed() > 0) {
            if (++batches > 1000) {
                throw new IllegalStateException("reconciliation does not come to an end");
            }
        }
    }

    void run(Step step) {
        if (step instanceof IssueInvoice s) {
            issue(s);
        } else if (step instanceof IssueInvoiceInInstalments s) {
            issue(new IssueInvoice(s.customer(), s.currency(), s.netCents(), 1), TERMS.get(s.terms() % TERMS.size()));
        } else if (step instanceof Prepay s) {
            prepay(s);
        } else if (step instanceof ApplyCredit) {
            int reviewed = 0;
            int batches = 0;
            int n;
            while ((n = credit.applyBatch(50).reviewed()) > 0) {
                reviewed += n;
                if (++batches > 1000) {
                    throw new IllegalStateException("the credit stage does not come to an end");
                }
            }
            trace.add("credit stage: " + reviewed + " customer account(s) reviewed");
        } else if (step instanceof Pay s) {
            pay(s);
        } else if (step instanceof Reconcile s) {
            trace.add("reconcile " + reconciliation.reconcileBatch(s.batchSize()));
        } else if (step instanceof Redeliver s) {
            redeliver(s);
        } else if (step instanceof Refund s) {
            refund(s);
        } else if (step instanceof Dispute s) {
            dispute(s);
        } else if (step instanceof WorkbenchAction s) {
            workbenchAction(s);
        } else if (step instanceof Approve s) {
            approve(s);
        } else {
            throw new IllegalArgumentException("no such step: " + step);
        }
    }

    /** Whether a step can book anything (the others only store notifications). */
    static boolean books(Step step) {
        return !(step instanceof Pay || step instanceof Prepay || step instanceof Redeliver || step instanceof Refund
                || step instanceof Dispute);
    }

    // ---- invoices ---------------------------------------------------------------------------------------------------

    private void issue(IssueInvoice s) {
        issue(s, null);
    }

    private void issue(IssueInvoice s, String terms) {
        String customer = customer(s.customer());
        Currency currency = Currency.getInstance(s.currency());
        List<OrderLine> lines = new ArrayList<>();
        int rest = s.netCents();
        for (int i = 1; i <= s.lines(); i++) {
            int cents = i == s.lines() ? rest : rest / (s.lines() - i + 1);
            rest -= cents;
            lines.add(new OrderLine(i, "SKU-" + i, "Item " + i, BigDecimal.ONE,
                    BigDecimal.valueOf(cents, digits(s.currency()))));
        }
        SalesOrder order = new SalesOrder("props", prefix + "-SO" + (++sequence), "v1", customer, null, currency,
                LocalDate.now(), null, OrderStatus.BILLABLE, lines, terms);
        long orderId = orders.store(order).id();
        // invoicing issues every order waiting, this one and any prepaid one of this try
        issueWaiting();
        String number = invoiceOf(order.crmOrderId());
        invoices.add(new IssuedInvoice(number, customer, s.currency()));
        trace.add("invoice " + number + " to " + customer + " " + s.currency() + (terms == null ? "" : " on terms " + terms));
    }

    /** Issues every order waiting for an invoice; a prepaid order's invoice joins this try's invoices. */
    private void issueWaiting() {
        invoicing.issueBatch(500);
        for (java.util.Iterator<String[]> waiting = prepaidOrders.iterator(); waiting.hasNext(); ) {
            String[] order = waiting.next();
            String number = invoiceOf(order[0]);
            if (number != null) {
                invoices.add(new IssuedInvoice(number, order[1], order[2]));
                trace.add("invoice " + number + " of prepaid order " + order[0]);
                waiting.remove();
            }
        }
    }

    private String invoiceOf(String crmOrderId) {
        return jdbc.sql("select invoice_number from invoice where source = 'props' and crm_order_id = :o")
                .param("o", crmOrderId).query(String.class).optional().orElse(null);
    }

    private void prepay(Prepay s) {
        String customer = customer(s.customer());
        Currency currency = Currency.getInstance(s.currency());
        BigDecimal net = BigDecimal.valueOf(s.netCents(), digits(s.currency()));
        String crmOrderId = prefix + "-SO" + (++sequence);
        orders.store(new SalesOrder("props", crmOrderId, "v1", customer, null, currency, LocalDate.now(), null,
                OrderStatus.BILLABLE, List.of(new OrderLine(1, "SKU-1", "Item 1", BigDecimal.ONE, net))));
        // what the invoice will ask: net plus 13 % VAT rounded half-up to the currency's minor unit
        BigDecimal gross = net.add(net.multiply(new BigDecimal("0.13")).setScale(digits(s.currency()),
                RoundingMode.HALF_UP));
        String trade = tradePrefix() + "T" + (++sequence);
        InboxEvent event = new InboxEvent(PaymentEventType.PAYMENT, PaymentEventKeys.payment(trade), trade, crmOrderId,
                null, gross, s.currency(), payer(s.customer()), null);
        deliver(event);
        events.add(event);
        paid.add(new PaidTrade(trade, s.currency(), gross));
        prepaidOrders.add(new String[] {crmOrderId, customer, s.currency()});
        trace.add("prepay " + trade + " " + gross + " " + s.currency() + " for order " + crmOrderId + " (not invoiced)");
    }

    // ---- payments and refunds -----------------------------------------------------------------------------------------

    private void pay(Pay s) {
        String trade = tradePrefix() + "T" + (++sequence);
        String reference;
        String memo = null;
        String payer;
        String currency;
        BigDecimal base;
        Naming naming = invoices.isEmpty() ? Naming.UNKNOWN_REFERENCE : s.naming();
        IssuedInvoice first = invoices.isEmpty() ? null : recent(invoices, s.invoice());
        IssuedInvoice second = invoices.isEmpty() ? null : recent(invoices, s.otherInvoice());
        if (first == null) {
            currency = CURRENCIES.get(s.invoice() % CURRENCIES.size());
            base = BigDecimal.valueOf(100 + s.cents(), digits(currency));
            payer = payer(s.invoice() % CUSTOMERS);
        } else {
            currency = first.currency();
            base = openOrGross(first.number());
            payer = payerOf(first.customer());
        }
        switch (naming) {
            case EXACT_REFERENCE -> reference = first.number();
            case MEMO_REFERENCE -> {
                reference = "SHOP-" + trade;
                memo = "{\"note\":\"pays " + first.number() + "\"}";
            }
            case SEVERAL_INVOICES -> {
                reference = "SHOP-" + trade;
                if (second == first || !second.currency().equals(first.currency())) {
                    memo = "pays " + first.number();
                } else {
                    memo = "pays " + first.number() + " and " + second.number();
                    base = base.add(openOrGross(second.number()));
                }
            }
            case NO_REFERENCE_KNOWN_PAYER -> reference = null;
            case NO_REFERENCE_UNKNOWN_PAYER -> {
                reference = null;
                payer = "stranger-" + trade;
            }
            case UNKNOWN_REFERENCE -> reference = "INV-1999-" + String.format("%06d", s.cents() % 1_000_000);
            default -> throw new IllegalStateException(naming.name());
        }
        BigDecimal amount = amount(base, s.amount(), s.cents(), digits(currency));
        InboxEvent event = new InboxEvent(PaymentEventType.PAYMENT, PaymentEventKeys.payment(trade), trade, reference,
                memo, amount, currency, payer, null);
        for (int i = 0; i < s.deliveries(); i++) {
            deliver(event);
        }
        events.add(event);
        paid.add(new PaidTrade(trade, currency, amount));
        trace.add("pay " + trade + " " + amount + " " + currency + " ref=" + reference + " memo=" + memo + " payer="
                + payer + (s.deliveries() == 0 ? " (notification late)" : ""));
    }

    /** The payment's amount in minor units of the currency ({@code digits} decimals) against {@code base}. */
    private static BigDecimal amount(BigDecimal base, Amount kind, int cents, int digits) {
        long baseCents = base.movePointRight(digits).longValueExact();
        long amountCents = switch (kind) {
            case EXACT -> baseCents;
            case OVER -> baseCents + cents;
            case SHORT_WITHIN_TOLERANCE -> baseCents - 1 - cents % 5;
            case SHORT_BEYOND_TOLERANCE -> baseCents > 7 ? baseCents - 6 - cents % (baseCents - 6) : baseCents;
        };
        return BigDecimal.valueOf(Math.max(amountCents, 1), digits);
    }

    private void redeliver(Redeliver s) {
        if (events.isEmpty()) {
            trace.add("redeliver: nothing delivered yet");
            return;
        }
        InboxEvent event = recent(events, s.event());
        trace.add("redeliver " + event.key() + (deliver(event) ? " (the first delivery)" : " (a duplicate)"));
    }

    private void refund(Refund s) {
        if (paid.isEmpty()) {
            trace.add("refund: nothing paid yet");
            return;
        }
        PaidTrade trade = recent(paid, s.payment());
        BigDecimal amount = share(trade.amount(), s.percent(), digits(trade.currency()));
        if (s.cumulative()) {
            BigDecimal total = refundedTotal.getOrDefault(trade.trade(), BigDecimal.ZERO).add(amount);
            refundedTotal.put(trade.trade(), total);
            InboxEvent event = new InboxEvent(PaymentEventType.REFUND_TOTAL, PaymentEventKeys.refundTotal(trade.trade(),
                    Money.of(total, Currency.getInstance(trade.currency()))), trade.trade(), null, null, total,
                    trade.currency(), null, "RT-" + total.toPlainString());
            deliver(event);
            events.add(event);
            trace.add("refund " + trade.trade() + " to a total of " + total);
        } else {
            refundOnItsOwn(trade.trade(), amount, trade.currency());
        }
    }

    private void dispute(Dispute s) {
        if (paid.isEmpty()) {
            trace.add("dispute: nothing paid yet");
            return;
        }
        PaidTrade trade = recent(paid, s.payment());
        BigDecimal amount = disputed.computeIfAbsent(trade.trade(),
                t -> share(trade.amount(), s.percent(), digits(trade.currency())));
        InboxEvent event = new InboxEvent(s.stage(), PaymentEventKeys.dispute(trade.trade(), "DP1", s.stage()),
                trade.trade(), null, null, amount, trade.currency(), null, "DP1");
        trace.add("dispute " + trade.trade() + " " + s.stage() + " " + amount
                + (deliver(event) ? "" : " (a duplicate of an earlier report of this stage)"));
        events.add(event);
    }

    private void refundOnItsOwn(String trade, BigDecimal amount, String currency) {
        String refundId = "R" + (++sequence);
        InboxEvent event = new InboxEvent(PaymentEventType.REFUND, PaymentEventKeys.refund(trade, refundId), trade,
                null, null, amount, currency, null, refundId);
        deliver(event);
        events.add(event);
        trace.add("refund " + trade + " " + amount + " (" + refundId + ")");
    }

    /** Stores a notification as the inbox does (once per key); whether it was new. */
    private boolean deliver(InboxEvent e) {
        Timestamp now = Timestamp.from(Instant.now());
        return jdbc.sql("""
                        insert into payment_event (gateway, event_key, notification_id, event_type, gateway_trade_id,
                                                   merchant_reference, amount, currency, occurred_at, payer_id,
                                                   raw_payload, received_at, status, movement_id, memo)
                        values (:gateway, :key, :key, :type, :trade, :reference, :amount, :currency, :now, :payer, 'raw',
                                :now, 'RECEIVED', :movement, :memo)
                        on conflict do nothing
                        """)
                .param("gateway", GATEWAY).param("key", e.key()).param("type", e.type().name())
                .param("trade", e.trade()).param("reference", e.reference()).param("amount", e.amount())
                .param("currency", e.currency()).param("now", now).param("payer", e.payer())
                .param("movement", e.movementId()).param("memo", e.memo())
                .update() == 1;
    }

    // ---- the exception workbench ----------------------------------------------------------------------------------

    private void workbenchAction(WorkbenchAction s) {
        String requestId = prefix + "-rq" + (++sequence);
        if (s.kind() == WorkbenchKind.UNDO) {
            List<Long> actions = jdbc.sql("""
                            select a.id from workbench_action a join reconciliation_exception e on e.id = a.exception_id
                            join payment_event p on p.id = e.payment_event_id
                            where p.gateway_trade_id like :trades order by a.id
                            """).param("trades", tradePrefix() + "%").query(Long.class).list();
            if (actions.isEmpty()) {
                trace.add("undo: no action yet");
                return;
            }
            long target = recent(actions, s.exception());
            ActionRequest request = new ActionRequest(requestId, null, null, null, "undo " + target);
            act("undo of action " + target, s.resubmit(), () -> workbench.undo(String.valueOf(target), request));
            return;
        }
        List<ExceptionState> exceptions = exceptions();
        if (exceptions.isEmpty()) {
            trace.add(s.kind() + ": no exception yet");
            return;
        }
        ExceptionState exception = recent(exceptions, s.exception());
        String id = String.valueOf(exception.id());
        // amounts in the exception's currency (a write-off or match on an invoice in another is refused)
        int digits = digits(exception.currency());
        switch (s.kind()) {
            case MATCH -> {
                if (invoices.isEmpty()) {
                    trace.add("match: no invoice");
                    return;
                }
                String invoice = recent(invoices, s.invoice()).number();
                BigDecimal amount = share(exception.credit().min(openOrGross(invoice)), s.percent(), digits);
                act("match " + amount + " of exception " + id + " to " + invoice, s.resubmit(), () -> workbench.match(id,
                        new ActionRequest(requestId, List.of(new Share(invoice, amount)), null, null, null)));
            }
            case SPLIT_MATCH -> {
                if (invoices.isEmpty()) {
                    trace.add("split match: no invoice");
                    return;
                }
                String one = recent(invoices, s.invoice()).number();
                String other = recent(invoices, s.otherInvoice()).number();
                BigDecimal half = exception.credit().divide(BigDecimal.valueOf(2), digits, RoundingMode.DOWN);
                BigDecimal first = share(half.min(openOrGross(one)), s.percent(), digits);
                BigDecimal second = share(half.min(openOrGross(other)), s.percent(), digits);
                act("split match " + first + " to " + one + " and " + second + " to " + other + " of exception " + id,
                        s.resubmit(), () -> workbench.match(id, new ActionRequest(requestId,
                                List.of(new Share(one, first), new Share(other, second)), null, null, null)));
            }
            case WRITE_OFF -> {
                if (invoices.isEmpty()) {
                    trace.add("write-off: no invoice");
                    return;
                }
                String invoice = recent(invoices, s.invoice()).number();
                BigDecimal amount = share(openOrGross(invoice), s.percent(), digits);
                act("write-off " + amount + " of " + invoice + " on exception " + id, s.resubmit(),
                        () -> workbench.writeOff(id, new ActionRequest(requestId, null, invoice, amount, null)));
            }
            case IGNORE -> act("ignore exception " + id, s.resubmit(),
                    () -> workbench.ignore(id, new ActionRequest(requestId, null, null, null, "not ours")));
            case CREDIT -> {
                String customer = customer(s.invoice() % CUSTOMERS);
                act("keep exception " + id + " as credit of " + customer, s.resubmit(), () -> workbench.credit(id,
                        new ActionRequest(requestId, null, null, null, "customer confirmed", customer)));
            }
            case REFUND -> {
                BigDecimal amount = s.percent() >= 100 ? null : share(exception.credit(), s.percent(), digits);
                ActionView refund = act("refund instruction " + (amount == null ? "(all credit)" : amount)
                        + " on exception " + id, s.resubmit(),
                        () -> workbench.refund(id, new ActionRequest(requestId, null, null, amount, null)));
                gatewayRefundsWhenInstructed(refund);
            }
            default -> throw new IllegalStateException(s.kind().name());
        }
    }

    private void approve(Approve s) {
        List<Map<String, Object>> pending = jdbc.sql("""
                        select a.id, a.levels_approved from workbench_action a
                        join reconciliation_exception e on e.id = a.exception_id
                        join payment_event p on p.id = e.payment_event_id
                        where p.gateway_trade_id like :trades and a.status = 'PENDING_APPROVAL' order by a.id
                        """).param("trades", tradePrefix() + "%").query().listOfRows();
        if (pending.isEmpty()) {
            trace.add("approve: nothing waits");
            return;
        }
        Map<String, Object> action = recent(pending, s.action());
        String id = String.valueOf(((Number) action.get("id")).longValue());
        int level = ((Number) action.get("levels_approved")).intValue() + 1;
        String approver = s.byMaker() ? MAKER : level == 1 ? "ann" : "bea";
        String role = s.byMaker() ? "OPERATOR" : "APPROVER_" + level;
        ActionView approved = as(approver, role, "approval of action " + id + " at level " + level + " by " + approver,
                () -> workbench.approve(id));
        gatewayRefundsWhenInstructed(approved);
    }

    /** A refund instruction that took effect: the gateway makes the refund and says so. */
    private void gatewayRefundsWhenInstructed(ActionView action) {
        if (action != null && action.kind() == com.ledgerbridge.domain.workbench.ActionKind.REFUND
                && "PENDING_REFUND".equals(action.status())) {
            String trade = jdbc.sql("""
                            select p.gateway_trade_id from reconciliation_exception e
                            join payment_event p on p.id = e.payment_event_id where e.id = :id
                            """).param("id", action.exceptionId()).query(String.class).single();
            refundOnItsOwn(trade, new BigDecimal(action.amount()), action.currency());
        }
    }

    /** The maker requests an action (twice with one request id when resubmitted); a refusal is traced, not an error. */
    private ActionView act(String what, boolean resubmit, Supplier<ActionView> request) {
        ActionView first = as(MAKER, "OPERATOR", what, request);
        if (resubmit && first != null) {
            ActionView again = as(MAKER, "OPERATOR", what + " (resubmitted)", request);
            if (again == null || again.id() != first.id()) {
                throw new AssertionError("a resubmitted request made another action: " + first + " then " + again);
            }
        }
        return first;
    }

    private ActionView as(String name, String role, String what, Supplier<ActionView> request) {
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(name, null,
                Arrays.asList(new SimpleGrantedAuthority("ROLE_" + role), new SimpleGrantedAuthority("ROLE_VIEWER"))));
        try {
            ActionView view = request.get();
            trace.add(what + ": " + view.kind() + " " + view.status() + " (action " + view.id() + ")");
            workbenchAttempts.add(firstWord(what) + " -> " + view.status());
            return view;
        } catch (Conflict | BadInput | NotFound | NotPermitted refused) {
            trace.add(what + ": refused, " + refused.getClass().getSimpleName() + " " + refused.getMessage());
            workbenchAttempts.add(firstWord(what) + " -> " + refused.getClass().getSimpleName());
            return null;
        } catch (CurrencyMismatchException refused) {
            // the workbench does not check that a write-off's invoice is in the exception's currency: comparing the
            // amounts refuses it (and the transaction rolls back), as an error rather than a Conflict
            trace.add(what + ": failed, " + refused.getMessage());
            workbenchAttempts.add(firstWord(what) + " -> CurrencyMismatchException");
            return null;
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private List<ExceptionState> exceptions() {
        return jdbc.sql("""
                        select e.id, e.status, coalesce(pay.unapplied_amount, 0), p.currency
                        from reconciliation_exception e join payment_event p on p.id = e.payment_event_id
                        left join payment pay on pay.gateway = p.gateway and pay.gateway_trade_id = p.gateway_trade_id
                        where p.gateway_trade_id like :trades order by e.id
                        """).param("trades", tradePrefix() + "%")
                .query((rs, n) -> new ExceptionState(rs.getLong(1), rs.getString(2), rs.getBigDecimal(3),
                        rs.getString(4).trim()))
                .list();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    /** What is open on an invoice now, or its gross total when nothing is (a payment for a settled invoice). */
    private BigDecimal openOrGross(String invoiceNumber) {
        Map<String, Object> row = jdbc.sql("""
                        select gross_total, allocated_total, currency from invoice where invoice_number = :n
                        """).param("n", invoiceNumber).query().singleRow();
        BigDecimal gross = (BigDecimal) row.get("gross_total");
        BigDecimal open = gross.subtract((BigDecimal) row.get("allocated_total"));
        return (open.signum() > 0 ? open : gross).setScale(digits(((String) row.get("currency")).trim()),
                RoundingMode.DOWN);
    }

    private static String firstWord(String text) {
        int space = text.indexOf(' ');
        return space < 0 ? text : text.substring(0, space);
    }

    /** The {@code index}-th newest of {@code items} (modulo their number): steps mostly act on what just happened. */
    private static <T> T recent(List<T> items, int index) {
        return items.get(items.size() - 1 - index % items.size());
    }

    /** {@code percent}% of {@code amount} in minor units ({@code digits} decimals), at least one minor unit. */
    private static BigDecimal share(BigDecimal amount, int percent, int digits) {
        BigDecimal share = amount.multiply(BigDecimal.valueOf(percent)).divide(BigDecimal.valueOf(100), digits,
                RoundingMode.DOWN);
        return share.signum() > 0 ? share : BigDecimal.ONE.movePointLeft(digits);
    }

    /** How many decimals the currency's amounts have (JPY none). */
    private static int digits(String currency) {
        return Currency.getInstance(currency).getDefaultFractionDigits();
    }

    private String customerPrefix() {
        return "C-" + prefix + "-";
    }

    private String tradePrefix() {
        return prefix + "-";
    }

    private String customer(int index) {
        return customerPrefix() + index;
    }

    private String payer(int customerIndex) {
        return "payer-" + prefix + "-" + customerIndex;
    }

    private String payerOf(String customer) {
        return payer(Integer.parseInt(customer.substring(customerPrefix().length())));
    }
}
