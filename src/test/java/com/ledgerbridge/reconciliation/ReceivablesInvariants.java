package com.ledgerbridge.reconciliation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The accounting invariants of receivables, read from the database for one slice of it (the invoices of some
 * customers and the payments of some trades): the books (journal lines) against the sub-ledger (invoices, allocations,
 * payments). Each check returns what it found wrong, in words; nothing found is an empty list.
 *
 * <ol>
 *   <li>every journal entry balances per currency, has lines, and no idempotency key is stored twice;</li>
 *   <li>accounts receivable per customer and currency in the books (the receivable lines, each attributed to the
 *       invoice its memo names) = Σ open instalments of the customer's invoices in the sub-ledger;</li>
 *   <li>per currency: Σ booked payments = Σ live allocations (allocations − allocation reversals) + Σ unapplied
 *       credit + Σ booked refunds;</li>
 *   <li>every invoice 0 ≤ allocated ≤ gross; the customer-credit account in the books = Σ unapplied credit; the
 *       gateway-clearing account in the books = Σ booked payments − Σ booked refunds − Σ chargebacks open or lost;
 *       disputed funds and chargeback losses in the books = Σ chargebacks open, resp. lost.</li>
 * </ol>
 */
final class ReceivablesInvariants {

    private final JdbcClient jdbc;
    private final String customerPattern;
    private final String paymentKeyPattern;
    private final String tradePattern;

    /**
     * @param customerPrefix every customer id of the slice starts with it
     * @param gateway        the gateway of the slice's payments
     * @param tradePrefix    every gateway trade id of the slice starts with it
     */
    ReceivablesInvariants(JdbcClient jdbc, String customerPrefix, String gateway, String tradePrefix) {
        this.jdbc = jdbc;
        this.customerPattern = customerPrefix + "%";
        this.paymentKeyPattern = gateway + ":" + tradePrefix + "%";
        this.tradePattern = tradePrefix + "%";
    }

    /** An invoice of the sub-ledger. */
    record SubLedgerInvoice(String number, String customer, String currency, BigDecimal gross, BigDecimal allocated,
            List<BigDecimal> schedule) {
    }

    /** One journal line of the slice. */
    record BookLine(long entryId, String key, String role, BigDecimal debit, BigDecimal credit, String currency,
            String memo) {

        BigDecimal debitMinusCredit() {
            return debit.subtract(credit);
        }
    }

    /** Everything the invariants break, in words; empty when they hold. */
    List<String> violations() {
        Map<String, SubLedgerInvoice> invoices = invoices();
        List<BookLine> lines = bookLines();
        List<String> found = new ArrayList<>();
        found.addAll(unbalancedEntries(lines));
        found.addAll(receivablesBooksAgainstSubLedger(lines, invoices));
        found.addAll(paymentsAgainstTheirUses());
        found.addAll(allocatedWithinGross(invoices));
        found.addAll(creditAndClearingAgainstPayments(lines));
        return found;
    }

    // ---- reading ----------------------------------------------------------------------------------------------------

    private Map<String, SubLedgerInvoice> invoices() {
        Map<String, SubLedgerInvoice> invoices = new TreeMap<>();
        jdbc.sql("""
                        select invoice_number, customer_id, currency, gross_total, allocated_total from invoice
                        where customer_id like :customers
                        """)
                .param("customers", customerPattern)
                .query(rs -> {
                    invoices.put(rs.getString(1), new SubLedgerInvoice(rs.getString(1), rs.getString(2),
                            rs.getString(3).trim(), rs.getBigDecimal(4), rs.getBigDecimal(5), new ArrayList<>()));
                });
        jdbc.sql("""
                        select i.invoice_number, s.amount from invoice_instalment s join invoice i on i.id = s.invoice_id
                        where i.customer_id like :customers order by s.invoice_id, s.instalment_no
                        """)
                .param("customers", customerPattern)
                .query(rs -> {
                    invoices.get(rs.getString(1)).schedule().add(rs.getBigDecimal(2));
                });
        return invoices;
    }

    /**
     * The lines of every entry about the slice: the entries of its invoices (source reference: the invoice number)
     * and of its payments (source reference: the payment key, or payment key -> invoice); an entry without lines is
     * read as one line of nulls.
     */
    private List<BookLine> bookLines() {
        return jdbc.sql("""
                        select e.id, e.idempotency_key, l.account_role, l.debit, l.credit, l.currency, l.memo
                        from journal_entry e left join journal_line l on l.entry_id = e.id
                        where e.source_reference like :payments
                           or e.source_reference in (select invoice_number from invoice where customer_id like :customers)
                        order by e.id, l.line_no
                        """)
                .param("payments", paymentKeyPattern).param("customers", customerPattern)
                .query((rs, n) -> new BookLine(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                        rs.getBigDecimal(5), rs.getString(6) == null ? null : rs.getString(6).trim(), rs.getString(7)))
                .list();
    }

    // ---- (1) balanced entries, unique keys ------------------------------------------------------------------------

    private static List<String> unbalancedEntries(List<BookLine> lines) {
        List<String> found = new ArrayList<>();
        Map<Long, Map<String, BigDecimal>> balance = new TreeMap<>();
        Map<Long, Integer> lineCount = new HashMap<>();
        Map<String, Set<Long>> idsByKey = new HashMap<>();
        for (BookLine line : lines) {
            idsByKey.computeIfAbsent(line.key(), k -> new HashSet<>()).add(line.entryId());
            lineCount.merge(line.entryId(), line.role() == null ? 0 : 1, Integer::sum);
            if (line.role() != null) {
                balance.computeIfAbsent(line.entryId(), id -> new TreeMap<>())
                        .merge(line.currency(), line.debitMinusCredit(), BigDecimal::add);
            }
        }
        lineCount.forEach((id, count) -> {
            if (count < 2) {
                found.add("(1) entry " + id + " has " + count + " line(s)");
            }
        });
        balance.forEach((id, perCurrency) -> perCurrency.forEach((currency, difference) -> {
            if (difference.signum() != 0) {
                found.add("(1) entry " + id + " does not balance in " + currency + ": debits - credits = "
                        + difference.toPlainString());
            }
        }));
        idsByKey.forEach((key, ids) -> {
            if (ids.size() > 1) {
                found.add("(1) idempotency key " + key + " is stored " + ids.size() + " times: entries " + ids);
            }
        });
        return found;
    }

    // ---- (2) receivables: books against sub-ledger ----------------------------------------------------------------

    /**
     * The invoice a receivable line belongs to. Journal lines have no invoice column: every receivable line the
     * postings make names its invoice as the last word of its memo ("receivable INV-…", "settles INV-…", "reopens
     * INV-…", "written off INV-…", and "reversal: " before any of them), so that is where it is read from.
     */
    static String invoiceNamedBy(String memo) {
        if (memo == null || memo.isBlank()) {
            return null;
        }
        String trimmed = memo.trim();
        return trimmed.substring(trimmed.lastIndexOf(' ') + 1);
    }

    /**
     * What is open on each instalment of an invoice, in due order: the allocated total pays the instalments oldest
     * first. An invoice without a schedule is one instalment of its gross total.
     *
     * @param instalments the instalments' amounts in due order (summing to the gross total)
     */
    static List<BigDecimal> openInstalments(List<BigDecimal> instalments, BigDecimal allocated) {
        List<BigDecimal> open = new ArrayList<>();
        BigDecimal rest = allocated;
        for (BigDecimal instalment : instalments) {
            BigDecimal paid = rest.min(instalment).max(BigDecimal.ZERO);
            open.add(instalment.subtract(paid));
            rest = rest.subtract(paid);
        }
        return open;
    }

    /**
     * The instalments of an invoice in due order (invoice_instalment): without a schedule, one of its gross total.
     * {@link #openInstalments} pays them oldest first from the allocated total.
     */
    private static List<BigDecimal> instalmentsOf(SubLedgerInvoice invoice) {
        return invoice.schedule().isEmpty() ? List.of(invoice.gross()) : invoice.schedule();
    }

    private static List<String> receivablesBooksAgainstSubLedger(List<BookLine> lines,
            Map<String, SubLedgerInvoice> invoices) {
        List<String> found = new ArrayList<>();
        Map<String, BigDecimal> booksPerInvoice = new TreeMap<>();
        Map<String, BigDecimal> books = new TreeMap<>();
        for (BookLine line : lines) {
            if (!"ACCOUNTS_RECEIVABLE".equals(line.role())) {
                continue;
            }
            SubLedgerInvoice invoice = invoices.get(invoiceNamedBy(line.memo()));
            if (invoice == null) {
                found.add("(2) receivable line of entry " + line.key() + " (" + line.memo() + ", "
                        + line.debitMinusCredit().toPlainString() + " " + line.currency()
                        + ") names no invoice of these customers");
                continue;
            }
            if (!invoice.currency().equals(line.currency())) {
                found.add("(2) receivable line of entry " + line.key() + " is in " + line.currency() + " but invoice "
                        + invoice.number() + " is in " + invoice.currency());
            }
            booksPerInvoice.merge(invoice.number(), line.debitMinusCredit(), BigDecimal::add);
            books.merge(invoice.customer() + " " + line.currency(), line.debitMinusCredit(), BigDecimal::add);
        }
        Map<String, BigDecimal> subLedger = new TreeMap<>();
        List<String> invoiceDifferences = new ArrayList<>();
        for (SubLedgerInvoice invoice : invoices.values()) {
            BigDecimal open = openInstalments(instalmentsOf(invoice), invoice.allocated()).stream()
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            subLedger.merge(invoice.customer() + " " + invoice.currency(), open, BigDecimal::add);
            BigDecimal booked = booksPerInvoice.getOrDefault(invoice.number(), BigDecimal.ZERO);
            if (booked.compareTo(open) != 0) {
                invoiceDifferences.add(invoice.number() + ": books " + booked.toPlainString() + ", open "
                        + open.toPlainString() + " (gross " + invoice.gross().toPlainString() + ", allocated "
                        + invoice.allocated().toPlainString() + ")");
            }
        }
        Set<String> keys = new TreeSet<>(books.keySet());
        keys.addAll(subLedger.keySet());
        for (String customerAndCurrency : keys) {
            BigDecimal booked = books.getOrDefault(customerAndCurrency, BigDecimal.ZERO);
            BigDecimal open = subLedger.getOrDefault(customerAndCurrency, BigDecimal.ZERO);
            if (booked.compareTo(open) != 0) {
                found.add("(2) receivable of " + customerAndCurrency + ": books " + booked.toPlainString()
                        + " but open instalments " + open.toPlainString() + "; by invoice: " + invoiceDifferences);
            }
        }
        return found;
    }

    // ---- (3) payments against what became of them -------------------------------------------------------------------

    /**
     * Per currency as the invariant says, and per payment (stronger, and it names the payment): booked payment =
     * live allocations + unapplied credit + booked refunds; no payment holds negative credit and no allocation of a
     * payment to an invoice is reversed beyond what it allocated.
     */
    private List<String> paymentsAgainstTheirUses() {
        record Payment(String currency, BigDecimal paid, BigDecimal unapplied, BigDecimal refunded) {
        }
        Map<String, Payment> payments = new TreeMap<>();
        jdbc.sql("""
                        select gateway_trade_id, currency, booked_paid, unapplied_amount, booked_refunded from payment
                        where gateway_trade_id like :trades
                        """)
                .param("trades", tradePattern)
                .query(rs -> {
                    payments.put(rs.getString(1), new Payment(rs.getString(2).trim(), rs.getBigDecimal(3),
                            rs.getBigDecimal(4), rs.getBigDecimal(5)));
                });
        // live allocations per payment and invoice: allocated minus reversed
        Map<String, BigDecimal> live = new TreeMap<>();
        jdbc.sql("""
                        select p.gateway_trade_id, a.invoice_id, sum(a.amount) from allocation a
                        join payment_event p on p.id = a.payment_event_id
                        where p.gateway_trade_id like :trades group by p.gateway_trade_id, a.invoice_id
                        """)
                .param("trades", tradePattern)
                .query(rs -> {
                    live.merge(rs.getString(1) + " " + rs.getLong(2), rs.getBigDecimal(3), BigDecimal::add);
                });
        jdbc.sql("""
                        select gateway_trade_id, invoice_id, sum(amount) from allocation_reversal
                        where gateway_trade_id like :trades group by gateway_trade_id, invoice_id
                        """)
                .param("trades", tradePattern)
                .query(rs -> {
                    live.merge(rs.getString(1) + " " + rs.getLong(2), rs.getBigDecimal(3).negate(), BigDecimal::add);
                });
        List<String> found = new ArrayList<>();
        Map<String, BigDecimal> liveByTrade = new HashMap<>();
        live.forEach((tradeAndInvoice, amount) -> {
            if (amount.signum() < 0) {
                found.add("(3) allocation of payment " + tradeAndInvoice.replace(" ", " to invoice id ")
                        + " reversed beyond what it allocated: " + amount.toPlainString());
            }
            liveByTrade.merge(tradeAndInvoice.substring(0, tradeAndInvoice.indexOf(' ')), amount, BigDecimal::add);
        });
        Map<String, BigDecimal> paidByCurrency = new TreeMap<>();
        Map<String, BigDecimal> usesByCurrency = new TreeMap<>();
        payments.forEach((trade, p) -> {
            BigDecimal allocated = liveByTrade.getOrDefault(trade, BigDecimal.ZERO);
            BigDecimal uses = allocated.add(p.unapplied()).add(p.refunded());
            if (p.unapplied().signum() < 0) {
                found.add("(3) payment " + trade + " holds negative credit " + p.unapplied().toPlainString());
            }
            if (p.paid().compareTo(uses) != 0) {
                found.add("(3) payment " + trade + ": booked " + p.paid().toPlainString() + " but live allocations "
                        + allocated.toPlainString() + " + unapplied " + p.unapplied().toPlainString()
                        + " + refunded " + p.refunded().toPlainString());
            }
            paidByCurrency.merge(p.currency(), p.paid(), BigDecimal::add);
            usesByCurrency.merge(p.currency(), uses, BigDecimal::add);
        });
        liveByTrade.forEach((trade, amount) -> {
            if (!payments.containsKey(trade)) {
                found.add("(3) allocations of " + amount.toPlainString() + " from trade " + trade + " without a payment");
            }
        });
        compare("(3) in", "booked payments", paidByCurrency, "live allocations + unapplied credit + booked refunds",
                usesByCurrency, found);
        return found;
    }

    // ---- (4) invoice bounds, credit and clearing --------------------------------------------------------------------

    private static List<String> allocatedWithinGross(Map<String, SubLedgerInvoice> invoices) {
        List<String> schedules = new ArrayList<>();
        for (SubLedgerInvoice invoice : invoices.values()) {
            BigDecimal sum = invoice.schedule().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            if (!invoice.schedule().isEmpty() && sum.compareTo(invoice.gross()) != 0) {
                schedules.add("(4) instalments of " + invoice.number() + " add up to " + sum.toPlainString()
                        + ", not its gross " + invoice.gross().toPlainString());
            }
        }
        return withinGross(invoices, schedules);
    }

    private static List<String> withinGross(Map<String, SubLedgerInvoice> invoices, List<String> schedules) {
        List<String> found = new ArrayList<>(schedules);
        for (SubLedgerInvoice invoice : invoices.values()) {
            if (invoice.allocated().signum() < 0 || invoice.allocated().compareTo(invoice.gross()) > 0) {
                found.add("(4) invoice " + invoice.number() + " has " + invoice.allocated().toPlainString()
                        + " allocated of " + invoice.gross().toPlainString());
            }
        }
        return found;
    }

    private List<String> creditAndClearingAgainstPayments(List<BookLine> lines) {
        Map<String, BigDecimal> creditInBooks = new TreeMap<>();
        Map<String, BigDecimal> clearingInBooks = new TreeMap<>();
        Map<String, BigDecimal> disputedInBooks = new TreeMap<>();
        Map<String, BigDecimal> lossesInBooks = new TreeMap<>();
        for (BookLine line : lines) {
            if ("CUSTOMER_CREDIT".equals(line.role())) {
                creditInBooks.merge(line.currency(), line.debitMinusCredit().negate(), BigDecimal::add);
            } else if ("GATEWAY_CLEARING".equals(line.role())) {
                clearingInBooks.merge(line.currency(), line.debitMinusCredit(), BigDecimal::add);
            } else if ("DISPUTED_FUNDS".equals(line.role())) {
                disputedInBooks.merge(line.currency(), line.debitMinusCredit(), BigDecimal::add);
            } else if ("CHARGEBACK_LOSSES".equals(line.role())) {
                lossesInBooks.merge(line.currency(), line.debitMinusCredit(), BigDecimal::add);
            }
        }
        Map<String, BigDecimal> unapplied = new TreeMap<>();
        Map<String, BigDecimal> heldByGateway = new TreeMap<>();
        Map<String, BigDecimal> disputed = new TreeMap<>();
        Map<String, BigDecimal> lost = new TreeMap<>();
        // the gateway holds what was paid, less what it gave back (refunds) and what a chargeback holds or took
        jdbc.sql("""
                        select currency, sum(unapplied_amount),
                               sum(booked_paid) - sum(booked_refunded)
                                 - sum(case when booked_dispute_stage in ('OPEN', 'LOST') then dispute_amount else 0 end),
                               sum(case when booked_dispute_stage = 'OPEN' then dispute_amount else 0 end),
                               sum(case when booked_dispute_stage = 'LOST' then dispute_amount else 0 end)
                        from payment where gateway_trade_id like :trades group by currency
                        """)
                .param("trades", tradePattern)
                .query(rs -> {
                    unapplied.put(rs.getString(1).trim(), rs.getBigDecimal(2));
                    heldByGateway.put(rs.getString(1).trim(), rs.getBigDecimal(3));
                    disputed.put(rs.getString(1).trim(), rs.getBigDecimal(4));
                    lost.put(rs.getString(1).trim(), rs.getBigDecimal(5));
                });
        List<String> found = new ArrayList<>();
        compare("(4) in", "customer credit in the books", creditInBooks, "unapplied credit of payments", unapplied,
                found);
        compare("(4) in", "gateway clearing in the books", clearingInBooks,
                "booked payments - booked refunds - chargebacks open or lost", heldByGateway, found);
        compare("(4) in", "disputed funds in the books", disputedInBooks, "chargebacks open", disputed, found);
        compare("(4) in", "chargeback losses in the books", lossesInBooks, "chargebacks lost", lost, found);
        return found;
    }

    private static void compare(String what, String leftName, Map<String, BigDecimal> left, String rightName,
            Map<String, BigDecimal> right, List<String> found) {
        Set<String> currencies = new TreeSet<>(left.keySet());
        currencies.addAll(right.keySet());
        for (String currency : currencies) {
            BigDecimal l = left.getOrDefault(currency, BigDecimal.ZERO);
            BigDecimal r = right.getOrDefault(currency, BigDecimal.ZERO);
            if (l.compareTo(r) != 0) {
                found.add(what + " " + currency + ": " + leftName + " " + l.toPlainString() + " but " + rightName + " "
                        + r.toPlainString());
            }
        }
    }

}
