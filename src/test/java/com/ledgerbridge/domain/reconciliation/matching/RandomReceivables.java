package com.ledgerbridge.domain.reconciliation.matching;

import com.ledgerbridge.domain.money.Money;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded, reproducible receivables world for determinism tests, property tests and the matching benchmark:
 * invoices (a tenth split into two or three instalments; some at shared price points so that a customer has look-
 * alike items; 3 % in USD) of customers owning five invoices on average, each billing its own CRM order, and a
 * stream of payments of every kind the rules handle — invoice numbers and order numbers as merchant reference, in
 * the memo, lists of invoices (a few of another customer's), instalments, amounts without a reference, sums of two
 * items, odd amounts, unknown payers, the wrong currency, payers paying for another customer. Payment {@code i} is
 * drawn from its own generator, so any slice of the stream is the same whatever the batch size.
 */
public final class RandomReceivables {

    static final Currency CNY = Currency.getInstance("CNY");
    static final Currency USD = Currency.getInstance("USD");
    private static final LocalDate START = LocalDate.of(2026, 1, 1);
    private static final long[] PRICE_POINTS = {98_000, 120_000, 360_000, 19_900, 500_000};

    private final long seed;
    private final int invoices;
    private final int customers;
    private final String[] customerIds;
    private final String[] payerIds;
    private final int[] customerOf;
    private final long[] amountOf;
    private final boolean[] usd;
    private final int[] issueDayOf;
    private final int[] dueDayOf;
    private final byte[] instalmentsOf;
    private final int[] splitInvoices;
    private final int[] customerInvoiceStart;
    private final int[] customerInvoices;

    /**
     * @param invoices how many invoices (at most 1,000,000: the numbers are INV-000000 … INV-999999)
     */
    public RandomReceivables(long seed, int invoices) {
        if (invoices < 1 || invoices > 1_000_000) {
            throw new IllegalArgumentException("1..1,000,000 invoices, got " + invoices);
        }
        this.seed = seed;
        this.invoices = invoices;
        this.customers = Math.max(1, invoices / 5);
        customerIds = new String[customers];
        payerIds = new String[customers];
        for (int c = 0; c < customers; c++) {
            customerIds[c] = String.format("C-%07d", c);
            payerIds[c] = String.format("2088%010d", c);
        }
        customerOf = new int[invoices];
        amountOf = new long[invoices];
        usd = new boolean[invoices];
        issueDayOf = new int[invoices];
        dueDayOf = new int[invoices];
        instalmentsOf = new byte[invoices];
        SplittableRandom r = new SplittableRandom(seed);
        int splits = 0;
        for (int v = 0; v < invoices; v++) {
            customerOf[v] = r.nextInt(customers);
            amountOf[v] = r.nextInt(100) < 20 ? PRICE_POINTS[r.nextInt(PRICE_POINTS.length)] : 1_000 + r.nextLong(2_000_000);
            usd[v] = r.nextInt(100) < 3;
            issueDayOf[v] = (int) START.toEpochDay() + r.nextInt(330);
            dueDayOf[v] = issueDayOf[v] + (r.nextBoolean() ? 15 : 30);
            instalmentsOf[v] = (byte) (r.nextInt(100) < 10 ? 2 + r.nextInt(2) : 1);
            if (instalmentsOf[v] > 1) {
                splits++;
            }
        }
        splitInvoices = new int[splits];
        int s = 0;
        for (int v = 0; v < invoices; v++) {
            if (instalmentsOf[v] > 1) {
                splitInvoices[s++] = v;
            }
        }
        customerInvoiceStart = new int[customers + 1];
        for (int v = 0; v < invoices; v++) {
            customerInvoiceStart[customerOf[v] + 1]++;
        }
        for (int c = 0; c < customers; c++) {
            customerInvoiceStart[c + 1] += customerInvoiceStart[c];
        }
        customerInvoices = new int[invoices];
        int[] fill = customerInvoiceStart.clone();
        for (int v = 0; v < invoices; v++) {
            customerInvoices[fill[customerOf[v]]++] = v;
        }
    }

    public int invoiceCount() {
        return invoices;
    }

    public static String invoiceNumber(int v) {
        return String.format("INV-%06d", v);
    }

    public static String orderNumber(int v) {
        return "SO-2026-" + v;
    }

    /** Adds every open item: whole invoices, or their instalments (30/30/40 % or 50/50 %, the rest on the last). */
    public OpenItemBook.Builder addItemsTo(OpenItemBook.Builder book) {
        for (int v = 0; v < invoices; v++) {
            String number = invoiceNumber(v);
            Currency currency = usd[v] ? USD : CNY;
            LocalDate issued = LocalDate.ofEpochDay(issueDayOf[v]);
            int n = instalmentsOf[v];
            if (n == 1) {
                book.add(number, number, 0, orderNumber(v), customerIds[customerOf[v]], currency, amountOf[v], amountOf[v],
                        issued, LocalDate.ofEpochDay(dueDayOf[v]));
                continue;
            }
            for (int k = 1; k <= n; k++) {
                long part = instalmentAmount(v, k);
                book.add(number + "#" + k, number, k, orderNumber(v), customerIds[customerOf[v]], currency, part, part,
                        issued, LocalDate.ofEpochDay(dueDayOf[v] + 30L * (k - 1)));
            }
        }
        return book;
    }

    public List<OpenItem> items() {
        return addItemsTo(OpenItemBook.builder()).build().items();
    }

    private long instalmentAmount(int v, int k) {
        int n = instalmentsOf[v];
        long share = n == 2 ? amountOf[v] / 2 : amountOf[v] * 3 / 10;
        return k < n ? share : amountOf[v] - share * (n - 1);
    }

    /** Every customer's payer id, but for one customer in a hundred (their payments come from unknown payers). */
    public PayerDirectory payers() {
        Map<String, String> map = new HashMap<>();
        for (int c = 0; c < customers; c++) {
            if (c % 100 != 99) {
                map.put(payerIds[c], customerIds[c]);
            }
        }
        return new PayerDirectory(map);
    }

    /** Payments {@code from} .. {@code from + count - 1} of the stream. */
    public List<IncomingPayment> payments(long from, int count) {
        List<IncomingPayment> list = new ArrayList<>(count);
        for (long i = from; i < from + count; i++) {
            list.add(payment(i));
        }
        return list;
    }

    IncomingPayment payment(long i) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        int v = r.nextInt(invoices);
        int c = customerOf[v];
        Currency currency = usd[v] ? USD : CNY;
        String key = "alipay:2026" + String.format("%012d", i);
        LocalDate paidOn = LocalDate.ofEpochDay(dueDayOf[v] + r.nextInt(-20, 31));
        String payer = payerIds[c];
        String reference = null;
        String memo = null;
        long amount = amountOf[v];
        int kind = r.nextInt(100);
        if (kind < 50) {
            reference = invoiceNumber(v);
            int variant = r.nextInt(100);
            if (variant < 5) {
                amount = amount / 2;
            } else if (variant < 7) {
                amount += 1_000;
            } else if (variant < 8) {
                payer = payerIds[r.nextInt(customers)]; // paying for another customer
            }
        } else if (kind < 58) {
            reference = orderNumber(v);
        } else if (kind < 63) {
            reference = "M" + i;
            memo = "货款 " + invoiceNumber(v) + " 谢谢";
        } else if (kind < 68) {
            int w = r.nextInt(100) < 10 ? r.nextInt(invoices) : otherInvoiceOf(c, v, r);
            reference = "M" + i;
            memo = "pays " + invoiceNumber(v) + ", " + invoiceNumber(w);
            amount = usd[w] == usd[v] ? amount + amountOf[w] : amount;
        } else if (kind < 73 && splitInvoices.length > 0) {
            int s = splitInvoices[r.nextInt(splitInvoices.length)];
            reference = invoiceNumber(s);
            amount = instalmentAmount(s, 1 + r.nextInt(instalmentsOf[s]));
            currency = usd[s] ? USD : CNY;
            payer = payerIds[customerOf[s]];
            paidOn = LocalDate.ofEpochDay(dueDayOf[s] + r.nextInt(-10, 40));
        } else if (kind < 85) {
            // amount, customer and date: no reference
        } else if (kind < 89) {
            int w = otherInvoiceOf(c, v, r);
            amount = usd[w] == usd[v] && w != v ? amount + amountOf[w] : amount;
        } else if (kind < 93) {
            amount = 100 + r.nextLong(3_000_000);
        } else if (kind < 96) {
            payer = "unknown-" + i;
        } else {
            reference = invoiceNumber(v);
            currency = usd[v] ? CNY : USD;
        }
        return new IncomingPayment(key, Money.ofMinor(amount, currency), paidOn, payer, null, reference, memo);
    }

    private int otherInvoiceOf(int customer, int v, SplittableRandom r) {
        int from = customerInvoiceStart[customer];
        int n = customerInvoiceStart[customer + 1] - from;
        return n < 2 ? v : customerInvoices[from + r.nextInt(n)];
    }

    /** The rules of mappings/reconciliation/matching-rules.yml as written there (oldest-first suggests). */
    public static MatchingRules defaultRules(boolean oldestFirstApplies) {
        Tolerance five = new Tolerance(new java.math.BigDecimal("0.05"), java.math.BigDecimal.ZERO);
        return new MatchingRules("2026-12-01.1", new ReferenceSyntax(
                List.of(ReferenceField.MERCHANT_REFERENCE, ReferenceField.MEMO),
                java.util.regex.Pattern.compile("INV-\\d{6}"), java.util.regex.Pattern.compile("SO-\\d{4}-\\d+")),
                List.of(new MultiInvoiceRule("listed-invoices", RuleMode.AUTO, MultiInvoiceStrategy.LISTED_REFERENCES, five,
                                PartialPolicy.AUTO, OverpaymentPolicy.CREDIT, 20),
                        new InstalmentRule("instalments", RuleMode.AUTO, five, PartialPolicy.AUTO),
                        new ExactReferenceRule("exact-reference", RuleMode.AUTO, five, PartialPolicy.AUTO,
                                OverpaymentPolicy.CREDIT, false),
                        new AmountCustomerDateRule("amount-customer-date", RuleMode.AUTO,
                                new Tolerance(new java.math.BigDecimal("0.05"), new java.math.BigDecimal("0.1")),
                                DateBasis.DUE_DATE, 30, 45, TiePolicy.SUGGEST),
                        new MultiInvoiceRule("exact-subset", RuleMode.AUTO, MultiInvoiceStrategy.EXACT_SUBSET,
                                Tolerance.EXACT, PartialPolicy.AUTO, OverpaymentPolicy.CREDIT, 20),
                        new MultiInvoiceRule("oldest-first", oldestFirstApplies ? RuleMode.AUTO : RuleMode.SUGGEST,
                                MultiInvoiceStrategy.OLDEST_FIRST, Tolerance.EXACT, PartialPolicy.AUTO,
                                OverpaymentPolicy.CREDIT, 20)));
    }
}
