package com.ledgerbridge.operations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ledgerbridge.domain.ledger.JournalEntry;
import com.ledgerbridge.domain.ledger.LedgerPostings;
import com.ledgerbridge.domain.ledger.LedgerPostings.CreditApplication;
import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.workbench.ActionKind;
import com.ledgerbridge.domain.workbench.ApprovalPolicy;
import com.ledgerbridge.domain.workbench.SuggestionScore;
import com.ledgerbridge.failure.BadInput;
import com.ledgerbridge.failure.Conflict;
import com.ledgerbridge.failure.NotFound;
import com.ledgerbridge.failure.NotPermitted;
import com.ledgerbridge.security.OperationsAccess;
import com.ledgerbridge.security.OperatorIdentity;
import com.ledgerbridge.security.OperatorRoles;
import com.ledgerbridge.security.SecurityProperties;
import com.ledgerbridge.storage.AuditTrail;
import com.ledgerbridge.storage.CustomerCreditStore;
import com.ledgerbridge.storage.JournalStore;
import com.ledgerbridge.storage.WorkbenchStore;
import com.ledgerbridge.storage.WorkbenchStore.ActionRow;
import com.ledgerbridge.storage.WorkbenchStore.ExceptionRow;
import com.ledgerbridge.storage.WorkbenchStore.InvoiceRow;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The exception workbench: what a person does about a payment reconciliation could not place. Every action is
 * requested once per request id, serialised on the exception's row lock, checked against the rows it touches (locked:
 * never more than the held credit, never more than an invoice's outstanding balance), held for approval when it is
 * above the configured amounts, and written to the audit trail in the same transaction. Money moves only by balanced
 * entries ({@link LedgerPostings}) keyed by the action, so each books once; an undo reverses, never deletes.
 */
@Component
public class ExceptionWorkbench {

    static final String OPEN = "OPEN";
    static final String RESOLVED = "RESOLVED";
    static final String IGNORED = "IGNORED";
    static final String PENDING_REFUND = "PENDING_REFUND";
    static final String PENDING_APPROVAL = "PENDING_APPROVAL";
    static final String DONE = "DONE";
    static final String UNDONE = "UNDONE";
    private static final int SUGGESTIONS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CustomerCreditStore credit;

    private final WorkbenchStore store;
    private final JournalStore journal;
    private final LedgerPostings postings;
    private final AuditTrail audit;
    private final OperatorIdentity operator;
    private final ApprovalPolicy policy;
    private final Clock clock;

    public ExceptionWorkbench(WorkbenchStore store, JournalStore journal, LedgerPostings postings, AuditTrail audit,
            OperatorIdentity operator, WorkbenchProperties properties, SecurityProperties security, Clock clock,
            CustomerCreditStore credit) {
        this.credit = credit;
        if (properties.highestLevel() > security.approverLevels()) {
            throw new IllegalArgumentException("ledgerbridge.workbench.approvals names approval level "
                    + properties.highestLevel() + " but ledgerbridge.security.approver-levels is "
                    + security.approverLevels() + ": no role could approve it");
        }
        this.store = store;
        this.journal = journal;
        this.postings = postings;
        this.audit = audit;
        this.operator = operator;
        this.policy = properties.policy();
        this.clock = clock;
    }

    /** One invoice and the amount to apply to it. */
    public record Share(String invoiceNumber, BigDecimal amount) {
    }

    /**
     * An action's request body. {@code requestId}: chosen by the client, the same for a resubmission (the action then
     * takes effect once). match: {@code allocations} (several: a split); write-off: {@code invoiceNumber} and
     * {@code amount}; refund: {@code amount} (default: all held credit); ignore and undo: {@code note}; credit:
     * {@code customerId} (default: the customer reconciliation identified).
     */
    public record ActionRequest(String requestId, List<Share> allocations, String invoiceNumber, BigDecimal amount,
            String note, String customerId) {

        @com.fasterxml.jackson.annotation.JsonCreator
        public ActionRequest {
        }

        public ActionRequest(String requestId, List<Share> allocations, String invoiceNumber, BigDecimal amount,
                String note) {
            this(requestId, allocations, invoiceNumber, amount, note, null);
        }
    }

    /** An action as the API shows it. */
    public record ActionView(long id, String requestId, long exceptionId, ActionKind kind, String status, String amount,
            String currency, Map<String, Object> detail, String maker, int levelsRequired, int levelsApproved,
            List<Map<String, Object>> approvals, Long undoesActionId, String createdAt, String effectiveAt) {
    }

    /** An exception as the workbench lists it. */
    public record ExceptionView(long id, String reason, String detail, String status, String createdAt, long ageDays,
            String gateway, String gatewayTradeId, String merchantReference, String payerId, String amount,
            String unappliedCredit, String currency, List<SuggestionScore.Suggestion> suggestions) {
    }

    // ---- list ---------------------------------------------------------------------------------------------------

    /** Exceptions matching the filters (null: any), oldest first, each with its top invoice suggestions. */
    public List<ExceptionView> list(String status, String reason, String gateway, String customer, String minAmount,
            String maxAmount, String minAgeDays, String limit) {
        Instant now = Instant.now(clock);
        Integer age = integer("minAgeDays", minAgeDays);
        Integer max = integer("limit", limit);
        WorkbenchStore.Filter filter = new WorkbenchStore.Filter(blankToNull(status), blankToNull(reason),
                blankToNull(gateway), blankToNull(customer), decimal("minAmount", minAmount),
                decimal("maxAmount", maxAmount), age == null ? null : now.minus(Duration.ofDays(age)),
                max == null ? 200 : Math.min(Math.max(max, 1), 1000));
        List<ExceptionView> views = new ArrayList<>();
        for (ExceptionRow e : store.exceptions(filter)) {
            BigDecimal target = e.unapplied().isPositive() ? e.unapplied().amount() : e.amount().amount();
            List<SuggestionScore.Suggestion> suggestions = SuggestionScore.top(e.merchantReference(), e.payerId(),
                    target, store.candidates(e.amount().currency().getCurrencyCode(), e.payerId(),
                            e.merchantReference(), target, 50), SUGGESTIONS);
            views.add(new ExceptionView(e.id(), e.reason(), e.detail(), e.status(), e.createdAt().toString(),
                    Duration.between(e.createdAt(), now).toDays(), e.gateway(), e.gatewayTradeId(),
                    e.merchantReference(), e.payerId(), e.amount().amount().toPlainString(),
                    e.unapplied().amount().toPlainString(), e.amount().currency().getCurrencyCode(), suggestions));
        }
        return views;
    }

    /** One action with its approvals. */
    public ActionView action(String actionId) {
        return view(store.findAction(id("actionId", actionId)).orElseThrow(() -> new NotFound("no workbench action " + actionId)));
    }

    /** The actions taken on one exception, oldest first. */
    public List<ActionView> actionsOf(String exceptionId) {
        return store.actionsOf(id("exceptionId", exceptionId)).stream().map(this::view).toList();
    }

    // ---- actions ------------------------------------------------------------------------------------------------

    @Transactional
    public ActionView match(String exceptionId, ActionRequest request) {
        return request(ActionKind.MATCH, exceptionId, request);
    }

    @Transactional
    public ActionView writeOff(String exceptionId, ActionRequest request) {
        return request(ActionKind.WRITE_OFF, exceptionId, request);
    }

    @Transactional
    public ActionView refund(String exceptionId, ActionRequest request) {
        return request(ActionKind.REFUND, exceptionId, request);
    }

    @Transactional
    public ActionView ignore(String exceptionId, ActionRequest request) {
        return request(ActionKind.IGNORE, exceptionId, request);
    }

    /** Keeps the payment's held money as a customer's credit: the exception is resolved, the credit stage applies it. */
    @Transactional
    public ActionView credit(String exceptionId, ActionRequest request) {
        return request(ActionKind.CREDIT, exceptionId, request);
    }

    /** Undoes an earlier action of an exception: reversing entries and allocation reversals, the exception OPEN again. */
    @Transactional
    public ActionView undo(String actionId, ActionRequest request) {
        long targetId = id("actionId", actionId);
        ActionRow target = store.findAction(targetId).orElseThrow(() -> new NotFound("no workbench action " + actionId));
        return request(ActionKind.UNDO, String.valueOf(target.exceptionId()),
                new ActionRequest(request == null ? null : request.requestId(), null, null, null,
                        request == null ? null : request.note()), targetId);
    }

    private ActionView request(ActionKind kind, String exceptionId, ActionRequest request) {
        return request(kind, exceptionId, request, null);
    }

    private ActionView request(ActionKind kind, String exceptionIdText, ActionRequest request, Long undoes) {
        if (request == null || request.requestId() == null || request.requestId().isBlank()
                || request.requestId().length() > 100) {
            throw new BadInput("requestId is required (1-100 characters, the same when a request is sent again)");
        }
        long exceptionId = id("exceptionId", exceptionIdText);
        String actor = operator.current();
        ExceptionRow exception = store.lockException(exceptionId)
                .orElseThrow(() -> new NotFound("no reconciliation exception " + exceptionId));
        // a resubmitted request (a retry, a double click) answers the action it already made
        var existing = store.findActionByRequest(request.requestId());
        if (existing.isPresent()) {
            ActionRow first = existing.get();
            if (first.kind() != kind || first.exceptionId() != exceptionId) {
                throw new Conflict("requestId " + request.requestId() + " was used for another action (" + first.id() + ")");
            }
            return view(first);
        }
        boolean pending = store.actionsOf(exceptionId).stream().anyMatch(a -> PENDING_APPROVAL.equals(a.status()));
        if (pending) {
            throw new Conflict("exception " + exceptionId + " has an action waiting for approval; approve it or wait");
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        Money amount;
        switch (kind) {
            case MATCH -> {
                requireOpen(exception);
                List<Share> shares = request.allocations();
                if (shares == null || shares.isEmpty()) {
                    throw new BadInput("allocations: name at least one invoiceNumber and amount");
                }
                if (shares.stream().map(Share::invoiceNumber).distinct().count() != shares.size()) {
                    throw new BadInput("allocations: each invoice at most once");
                }
                amount = Money.zero(exception.amount().currency());
                List<Map<String, String>> list = new ArrayList<>();
                for (Share s : shares) {
                    Money m = positive("allocations.amount", s.amount(), exception);
                    if (s.invoiceNumber() == null || s.invoiceNumber().isBlank()) {
                        throw new BadInput("allocations.invoiceNumber is required");
                    }
                    amount = amount.plus(m);
                    list.add(Map.of("invoiceNumber", s.invoiceNumber(), "amount", m.amount().toPlainString()));
                }
                detail.put("allocations", list);
            }
            case WRITE_OFF -> {
                if (request.invoiceNumber() == null || request.invoiceNumber().isBlank()) {
                    throw new BadInput("invoiceNumber is required");
                }
                amount = positive("amount", request.amount(), exception);
                InvoiceRow invoice = lockInvoices(List.of(request.invoiceNumber())).get(request.invoiceNumber());
                if (!invoice.gross().currency().equals(amount.currency())) {
                    // refused before it is stored: a pending write-off in another currency could never be approved
                    throw new Conflict("invoice " + request.invoiceNumber() + " is in " + invoice.gross().currency()
                            + ", the exception's payment in " + amount.currency()
                            + ": write it off from an exception in its currency");
                }
                detail.put("invoiceNumber", request.invoiceNumber());
            }
            case REFUND -> {
                requireOpen(exception);
                amount = request.amount() == null ? exception.unapplied() : positive("amount", request.amount(), exception);
                if (!amount.isPositive()) {
                    throw new Conflict("payment " + exception.paymentKey() + " holds no credit to refund");
                }
            }
            case IGNORE -> {
                requireOpen(exception);
                requireNote(request);
                amount = Money.zero(exception.amount().currency());
            }
            case CREDIT -> {
                requireOpen(exception);
                String previous = credit.customerOf(exception.gateway(), exception.gatewayTradeId()).orElse(null);
                String customer = request.customerId() == null || request.customerId().isBlank() ? previous
                        : request.customerId().trim();
                if (customer == null) {
                    throw new BadInput("customerId is required: nobody knows whose credit this payment is");
                }
                if (customer.length() > 100) {
                    throw new BadInput("customerId is longer than 100 characters");
                }
                amount = exception.unapplied();
                if (!amount.isPositive()) {
                    throw new Conflict("payment " + exception.paymentKey() + " holds no credit");
                }
                detail.put("customerId", customer);
                if (previous != null) {
                    detail.put("previousCustomerId", previous);
                }
            }
            case UNDO -> {
                amount = Money.zero(exception.amount().currency());
                detail.put("undoes", undoes);
            }
            default -> throw new IllegalStateException(kind.name());
        }
        if (request.note() != null) {
            detail.put("note", request.note());
        }
        int levels = policy.levelsRequired(kind, amount.amount());
        long actionId = store.insertAction(new WorkbenchStore.NewAction(request.requestId(), exceptionId, kind,
                levels > 0 ? PENDING_APPROVAL : DONE, amount, json(detail), actor, levels, undoes));
        if (levels == 0) {
            takeEffect(store.findAction(actionId).orElseThrow(), exception);
        }
        ActionView after = view(store.findAction(actionId).orElseThrow());
        audit.append(actor, "workbench." + kind.name().toLowerCase().replace('_', '-') + ".request",
                "reconciliation_exception", String.valueOf(exceptionId), exceptionState(exception), after);
        return after;
    }

    /**
     * Approves the next level of an action waiting for approval, as the caller. The maker cannot approve their own
     * action (409); the caller must hold APPROVER_k for level k (403). The last level makes the action take effect,
     * checked again against the rows as they are now.
     */
    @Transactional
    public ActionView approve(String actionIdText) {
        long actionId = id("actionId", actionIdText);
        String actor = operator.current();
        ActionRow peek = store.findAction(actionId).orElseThrow(() -> new NotFound("no workbench action " + actionIdText));
        // the exception's lock first, as every request takes it: no deadlock between a request and an approval
        ExceptionRow exception = store.lockException(peek.exceptionId()).orElseThrow();
        ActionRow action = store.lockAction(actionId).orElseThrow();
        if (!PENDING_APPROVAL.equals(action.status())) {
            throw new Conflict("action " + actionId + " is " + action.status() + ", not waiting for approval");
        }
        int level = action.levelsApproved() + 1;
        String refusal = ApprovalPolicy.refusal(action.maker(), actor, level, action.levelsRequired());
        if (refusal != null) {
            throw new Conflict(refusal);
        }
        if (!OperationsAccess.holds(SecurityContextHolder.getContext().getAuthentication(), OperatorRoles.approver(level))) {
            throw new NotPermitted("approval level " + level + " of action " + actionId + " needs the role "
                    + OperatorRoles.approver(level));
        }
        ActionView before = view(action);
        store.recordApproval(actionId, level, actor);
        if (level == action.levelsRequired()) {
            store.setActionStatus(actionId, DONE, false);
            takeEffect(store.findAction(actionId).orElseThrow(), exception);
        }
        ActionView after = view(store.findAction(actionId).orElseThrow());
        audit.append(actor, "workbench.approve", "workbench_action", String.valueOf(actionId), before, after);
        return after;
    }

    // ---- effects --------------------------------------------------------------------------------------------------

    private void takeEffect(ActionRow action, ExceptionRow exception) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        switch (action.kind()) {
            case MATCH -> {
                List<CreditApplication> applications = applications(action);
                Money credit = store.lockUnapplied(exception.gateway(), exception.gatewayTradeId())
                        .orElseThrow(() -> new Conflict("payment " + exception.paymentKey() + " has no held credit"));
                if (action.amount().isGreaterThan(credit)) {
                    throw new Conflict("payment " + exception.paymentKey() + " holds " + credit + " of credit, less than "
                            + action.amount());
                }
                Map<String, InvoiceRow> invoices = lockInvoices(applications.stream().map(CreditApplication::invoiceNumber).toList());
                for (CreditApplication a : applications) {
                    InvoiceRow invoice = invoices.get(a.invoiceNumber());
                    if (!invoice.gross().currency().equals(a.amount().currency())) {
                        throw new Conflict("invoice " + a.invoiceNumber() + " is in " + invoice.gross().currency());
                    }
                    if (a.amount().isGreaterThan(invoice.outstanding())) {
                        throw new Conflict("invoice " + a.invoiceNumber() + " has " + invoice.outstanding()
                                + " outstanding, less than " + a.amount());
                    }
                    store.allocate(exception.paymentEventId(), invoice.id(), a.amount(),
                            "workbench action " + action.id() + " by " + action.maker());
                    store.addAllocated(invoice.id(), a.amount());
                }
                store.addUnapplied(exception.gateway(), exception.gatewayTradeId(), action.amount().negate());
                journal.insertAll(List.of(postings.forCreditApplication(action.id(), exception.paymentKey(), applications, today)));
                if (credit.minus(action.amount()).isZero()) {
                    store.setExceptionStatus(exception.id(), RESOLVED);
                }
                store.setActionStatus(action.id(), DONE, true);
            }
            case WRITE_OFF -> {
                String number = (String) detail(action).get("invoiceNumber");
                InvoiceRow invoice = lockInvoices(List.of(number)).get(number);
                if (!invoice.gross().currency().equals(action.amount().currency())) {
                    throw new Conflict("invoice " + number + " is in " + invoice.gross().currency() + ", the exception's "
                            + "payment in " + action.amount().currency() + ": write it off from an exception in its currency");
                }
                if (action.amount().isGreaterThan(invoice.outstanding())) {
                    throw new Conflict("invoice " + number + " has " + invoice.outstanding() + " outstanding, less than "
                            + action.amount());
                }
                store.addAllocated(invoice.id(), action.amount());
                journal.insertAll(List.of(postings.forWriteOff(action.id(), number, action.amount(), today)));
                store.setActionStatus(action.id(), DONE, true);
            }
            case REFUND -> {
                Money credit = store.lockUnapplied(exception.gateway(), exception.gatewayTradeId())
                        .orElse(Money.zero(action.amount().currency()));
                if (action.amount().isGreaterThan(credit)) {
                    throw new Conflict("payment " + exception.paymentKey() + " holds " + credit + " of credit, less than "
                            + action.amount());
                }
                // the gateway refund itself is not made here; its notification books the refund from the credit
                store.setExceptionStatus(exception.id(), PENDING_REFUND);
                store.setActionStatus(action.id(), PENDING_REFUND, true);
            }
            case IGNORE -> {
                store.setExceptionStatus(exception.id(), IGNORED);
                store.setActionStatus(action.id(), DONE, true);
            }
            case CREDIT -> {
                store.lockUnapplied(exception.gateway(), exception.gatewayTradeId());
                String customer = (String) detail(action).get("customerId");
                credit.setCustomer(exception.gateway(), exception.gatewayTradeId(), customer);
                store.setExceptionStatus(exception.id(), RESOLVED);
                credit.requestReviews(List.of(new CustomerCreditStore.CustomerCurrency(customer,
                        action.amount().currency().getCurrencyCode())));
                store.setActionStatus(action.id(), DONE, true);
            }
            case UNDO -> undo(action, exception, today);
            default -> throw new IllegalStateException(action.kind().name());
        }
    }

    private void undo(ActionRow undo, ExceptionRow exception, LocalDate today) {
        ActionRow target = store.lockAction(undo.undoesActionId()).orElseThrow();
        boolean undoable = target.kind() != ActionKind.UNDO
                && (DONE.equals(target.status()) || PENDING_REFUND.equals(target.status()));
        if (!undoable) {
            throw new Conflict("action " + target.id() + " (" + target.kind() + ", " + target.status() + ") cannot be undone");
        }
        String why = "undone by workbench action " + undo.id() + " of " + undo.maker();
        switch (target.kind()) {
            case MATCH -> {
                List<CreditApplication> applications = applications(target);
                store.lockUnapplied(exception.gateway(), exception.gatewayTradeId());
                Map<String, InvoiceRow> invoices = lockInvoices(applications.stream().map(CreditApplication::invoiceNumber).toList());
                // a refund since may have taken the applied money back already: it cannot be taken back twice
                for (CreditApplication a : applications) {
                    Money live = store.liveAllocation(exception.gateway(), exception.gatewayTradeId(),
                            invoices.get(a.invoiceNumber()).id(), a.amount().currency());
                    if (a.amount().isGreaterThan(live)) {
                        throw new Conflict("payment " + exception.paymentKey() + " has " + live + " applied to invoice "
                                + a.invoiceNumber() + " now, less than the " + a.amount() + " action " + target.id()
                                + " applied: a refund took it back");
                    }
                }
                for (CreditApplication a : applications) {
                    InvoiceRow invoice = invoices.get(a.invoiceNumber());
                    store.reverseAllocation(LedgerPostings.workbenchKey(undo.id(), "undo"), exception.gateway(),
                            exception.gatewayTradeId(), invoice.id(), a.amount());
                    store.addAllocated(invoice.id(), a.amount().negate());
                }
                store.addUnapplied(exception.gateway(), exception.gatewayTradeId(), target.amount());
                JournalEntry original = postings.forCreditApplication(target.id(), exception.paymentKey(), applications,
                        target.effectiveAt().atZone(ZoneOffset.UTC).toLocalDate());
                journal.insertAll(List.of(postings.reversal(original, today, why)));
            }
            case WRITE_OFF -> {
                String number = (String) detail(target).get("invoiceNumber");
                InvoiceRow invoice = lockInvoices(List.of(number)).get(number);
                store.addAllocated(invoice.id(), target.amount().negate());
                JournalEntry original = postings.forWriteOff(target.id(), number, target.amount(),
                        target.effectiveAt().atZone(ZoneOffset.UTC).toLocalDate());
                journal.insertAll(List.of(postings.reversal(original, today, why)));
            }
            case CREDIT -> {
                Money held = store.lockUnapplied(exception.gateway(), exception.gatewayTradeId())
                        .orElse(Money.zero(target.amount().currency()));
                if (target.amount().isGreaterThan(held)) {
                    throw new Conflict("the credit of payment " + exception.paymentKey() + " has been applied to "
                            + "invoices since (" + held + " of " + target.amount() + " left); it cannot be taken back");
                }
                credit.setCustomer(exception.gateway(), exception.gatewayTradeId(),
                        (String) detail(target).get("previousCustomerId"));
            }
            default -> {
                // ignore and refund instruction: no money moved, the exception is simply open again
            }
        }
        store.setActionStatus(target.id(), UNDONE, false);
        store.setExceptionStatus(exception.id(), OPEN);
        store.setActionStatus(undo.id(), DONE, true);
    }

    private Map<String, InvoiceRow> lockInvoices(List<String> numbers) {
        Map<String, InvoiceRow> invoices = store.lockInvoices(numbers).stream()
                .collect(Collectors.toMap(InvoiceRow::invoiceNumber, Function.identity(), (a, b) -> a));
        for (String n : numbers) {
            if (!invoices.containsKey(n)) {
                throw new NotFound("no invoice " + n);
            }
        }
        return invoices;
    }

    @SuppressWarnings("unchecked")
    private List<CreditApplication> applications(ActionRow action) {
        List<Map<String, String>> list = (List<Map<String, String>>) detail(action).get("allocations");
        return list.stream().map(m -> new CreditApplication(m.get("invoiceNumber"),
                Money.of(new BigDecimal(m.get("amount")), action.amount().currency()))).toList();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private static void requireOpen(ExceptionRow exception) {
        if (!OPEN.equals(exception.status())) {
            throw new Conflict("exception " + exception.id() + " is " + exception.status() + ", not OPEN");
        }
    }

    private static void requireNote(ActionRequest request) {
        if (request.note() == null || request.note().isBlank()) {
            throw new BadInput("note is required: say why the exception is ignored");
        }
    }

    private static Money positive(String field, BigDecimal value, ExceptionRow exception) {
        if (value == null || value.signum() <= 0) {
            throw new BadInput(field + " must be a positive amount");
        }
        try {
            return Money.of(value, exception.amount().currency());
        } catch (IllegalArgumentException e) {
            throw new BadInput(field + ": " + e.getMessage());
        }
    }

    private static Map<String, Object> exceptionState(ExceptionRow e) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("status", e.status());
        state.put("payment", e.paymentKey());
        state.put("unappliedCredit", e.unapplied().amount().toPlainString());
        return state;
    }

    private ActionView view(ActionRow a) {
        return new ActionView(a.id(), a.requestId(), a.exceptionId(), a.kind(), a.status(),
                a.amount().amount().toPlainString(), a.amount().currency().getCurrencyCode(), detail(a), a.maker(),
                a.levelsRequired(), a.levelsApproved(), store.approvals(a.id()), a.undoesActionId(),
                a.createdAt().toString(), a.effectiveAt() == null ? null : a.effectiveAt().toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> detail(ActionRow a) {
        try {
            return JSON.readValue(a.detail(), LinkedHashMap.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable detail of workbench action " + a.id(), e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long id(String name, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (RuntimeException e) {
            throw new BadInput(name + " must be a number, was " + text);
        }
    }

    private static Integer integer(String name, String text) {
        return blankToNull(text) == null ? null : (int) id(name, text);
    }

    private static BigDecimal decimal(String name, String text) {
        if (blankToNull(text) == null) {
            return null;
        }
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new BadInput(name + " must be a decimal amount, was " + text);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

}
