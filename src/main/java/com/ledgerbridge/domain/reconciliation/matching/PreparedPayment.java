package com.ledgerbridge.domain.reconciliation.matching;

import com.ledgerbridge.domain.reconciliation.matching.FieldResult.ReferenceResult;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A payment with what it names and who pays, worked out before any rule runs: from the payment and the book alone
 * (never from open amounts), so it can be done in parallel, and so the run knows every customer whose items the
 * payment may touch before deciding anything.
 */
final class PreparedPayment {

    private static final int[] NONE = new int[0];

    final int position;
    final IncomingPayment payment;
    final long paidMinor;
    final int paidOnDay;
    final CustomerSource source;
    final String customerId;
    /** The customer's ordinal in the book, or -1 (unknown, or no items). */
    final int customer;
    final List<ReferenceResult> references;
    /** The distinct invoices referenced, in the order first named. */
    final int[] invoices;
    /** Whether some text shaped like an invoice or order number (by the patterns) names no known one. */
    final boolean unknownReferences;
    /** Every customer whose items the payment may touch (its own and its referenced invoices'). */
    final int[] customers;

    private PreparedPayment(int position, IncomingPayment payment, CustomerSource source, String customerId, int customer,
            List<ReferenceResult> references, int[] invoices, boolean unknownReferences, int[] customers) {
        this.position = position;
        this.payment = payment;
        this.paidMinor = payment.amount().minorUnits();
        this.paidOnDay = Math.toIntExact(payment.paidOn().toEpochDay());
        this.source = source;
        this.customerId = customerId;
        this.customer = customer;
        this.references = references;
        this.invoices = invoices;
        this.unknownReferences = unknownReferences;
        this.customers = customers;
    }

    static PreparedPayment of(int position, IncomingPayment payment, OpenItemBook book, ReferenceSyntax syntax,
            PayerIndex payers) {
        List<ReferenceResult> references = new ArrayList<>(2);
        DistinctInts invoices = new DistinctInts();
        boolean unknown = false;
        for (ReferenceField field : syntax.lookIn()) {
            String text = field == ReferenceField.MERCHANT_REFERENCE ? payment.merchantReference() : payment.memo();
            if (text == null || (text = text.strip()).isEmpty()) {
                continue;
            }
            int before = references.size();
            int invoice = book.invoiceIndex.get(text);
            if (invoice >= 0) {
                references.add(new ReferenceResult(field, text, ReferenceKind.INVOICE_NUMBER,
                        List.of(book.invoiceNumbers[invoice]), Check.PASS));
                invoices.add(invoice);
                continue;
            }
            int order = book.orderIndex.get(text);
            if (order >= 0) {
                List<String> numbers = new ArrayList<>(1);
                for (int k = book.orderInvoiceStart[order]; k < book.orderInvoiceStart[order + 1]; k++) {
                    int v = book.orderInvoices[k];
                    numbers.add(book.invoiceNumbers[v]);
                    invoices.add(v);
                }
                references.add(new ReferenceResult(field, text, ReferenceKind.ORDER_NUMBER, numbers, Check.PASS));
                continue;
            }
            Pattern invoicePattern = syntax.invoiceNumberPattern();
            if (invoicePattern != null) {
                Matcher m = invoicePattern.matcher(text);
                while (m.find()) {
                    String token = m.group();
                    int v = book.invoiceIndex.get(token);
                    if (v >= 0) {
                        references.add(new ReferenceResult(field, token, ReferenceKind.INVOICE_NUMBER,
                                List.of(book.invoiceNumbers[v]), Check.PASS));
                        invoices.add(v);
                    } else {
                        references.add(new ReferenceResult(field, token, ReferenceKind.INVOICE_NUMBER, List.of(), Check.FAIL));
                        unknown = true;
                    }
                }
            }
            Pattern orderPattern = syntax.orderNumberPattern();
            if (orderPattern != null) {
                Matcher m = orderPattern.matcher(text);
                while (m.find()) {
                    String token = m.group();
                    int o = book.orderIndex.get(token);
                    List<String> numbers = new ArrayList<>(1);
                    if (o >= 0) {
                        for (int k = book.orderInvoiceStart[o]; k < book.orderInvoiceStart[o + 1]; k++) {
                            int v = book.orderInvoices[k];
                            numbers.add(book.invoiceNumbers[v]);
                            invoices.add(v);
                        }
                    } else {
                        unknown = true;
                    }
                    references.add(new ReferenceResult(field, token, ReferenceKind.ORDER_NUMBER, numbers,
                            o >= 0 ? Check.PASS : Check.FAIL));
                }
            }
            if (references.size() == before && field == ReferenceField.MERCHANT_REFERENCE) {
                // our own reference that names nothing we know is worth showing; free text that names nothing is not
                // (not an "unknown reference": it need not look like one, e.g. a gateway's own order id)
                references.add(new ReferenceResult(field, text, ReferenceKind.INVOICE_NUMBER, List.of(), Check.FAIL));
            }
        }
        int[] distinct = invoices.toArray();

        CustomerSource source = CustomerSource.NONE;
        String customerId = null;
        int customer = -1;
        int payer;
        if (payment.customerReference() != null && !payment.customerReference().isBlank()) {
            source = CustomerSource.CUSTOMER_REFERENCE;
            customerId = payment.customerReference().strip();
            customer = book.customerIndex.get(customerId);
        } else if ((payer = payers.find(payment.payerId())) >= 0) {
            source = CustomerSource.PAYER;
            customerId = payers.customerId(payer);
            customer = payers.customer(payer);
        } else if (distinct.length > 0) {
            int only = book.invoiceCustomer[distinct[0]];
            boolean one = true;
            for (int v : distinct) {
                one &= book.invoiceCustomer[v] == only;
            }
            if (one) {
                source = CustomerSource.REFERENCED_INVOICE;
                customerId = book.customerIds[only];
                customer = only;
            }
        }
        int[] customers = new int[distinct.length + (customer >= 0 ? 1 : 0)];
        int c = 0;
        if (customer >= 0) {
            customers[c++] = customer;
        }
        for (int v : distinct) {
            customers[c++] = book.invoiceCustomer[v];
        }
        return new PreparedPayment(position, payment, source, customerId, customer, List.copyOf(references), distinct,
                unknown, customers);
    }

    /** The invoices a payment names, each once, in the order first named (a payment names a few). */
    private static final class DistinctInts {
        private int[] values = NONE;
        private int count;

        void add(int value) {
            for (int i = 0; i < count; i++) {
                if (values[i] == value) {
                    return;
                }
            }
            if (count == values.length) {
                values = java.util.Arrays.copyOf(values, Math.max(2, count * 2));
            }
            values[count++] = value;
        }

        int[] toArray() {
            return count == 0 ? NONE : java.util.Arrays.copyOf(values, count);
        }
    }
}
