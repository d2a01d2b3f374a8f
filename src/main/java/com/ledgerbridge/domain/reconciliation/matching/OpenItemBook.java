package com.ledgerbridge.domain.reconciliation.matching;

import com.ledgerbridge.domain.money.Money;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * The open items a run matches against, held column by column (about 60 bytes an item besides its id strings) with
 * three indexes: by invoice number (the invoice's items in due order), by CRM order number (its invoices), and by
 * customer (the customer's items in due order: the one due first first, then the one issued first, then by invoice
 * number and instalment). Item ordinals follow invoice number, due date, instalment and item id, so nothing depends
 * on the order the items were given in. Immutable; a {@link MatchingRun} keeps the open amounts as they change.
 */
public final class OpenItemBook {

    // per item, by ordinal (by invoice number, due date, instalment, item id)
    final String[] itemIds;
    final int[] invoiceOf;
    final int[] instalmentOf;
    final int[] customerOf;
    final byte[] currencyOf;
    final long[] amountMinor;
    final long[] initialOpen;
    final int[] issueDay;
    final int[] dueDay;
    // per invoice (numbers sorted): its items are the ordinals invoiceItemStart[v] .. invoiceItemStart[v + 1] - 1
    final String[] invoiceNumbers;
    final int[] invoiceItemStart;
    final int[] invoiceCustomer;
    final int[] invoiceOrder;
    // per order (ids sorted): its invoices
    final String[] orderIds;
    final int[] orderInvoiceStart;
    final int[] orderInvoices;
    // per customer (ids sorted): its items in due order
    final String[] customerIds;
    final int[] customerItemStart;
    final int[] customerItems;
    final Currency[] currencies;
    final int[] currencyDigits;
    private final StringIndex itemIndex;
    final StringIndex invoiceIndex;
    final StringIndex orderIndex;
    final StringIndex customerIndex;

    public static OpenItemBook of(Collection<OpenItem> items) {
        Builder builder = builder();
        items.forEach(builder::add);
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    private OpenItemBook(Builder b) {
        int n = b.size;
        // ordinals: by invoice number, then due date, instalment and item id, so an invoice's items are adjacent
        // (one cache line for most) and nothing depends on the order the items were given in
        Integer[] order = sequence(n);
        Arrays.sort(order, Comparator.<Integer, String>comparing(i -> b.invoiceNumbers[i])
                .thenComparingInt(i -> b.dueDays[i]).thenComparingInt(i -> b.instalments[i])
                .thenComparing(i -> b.itemIds[i]));
        itemIds = new String[n];
        String[] invoiceNumberOf = new String[n];
        String[] orderIdOf = new String[n];
        String[] customerIdOf = new String[n];
        instalmentOf = new int[n];
        currencyOf = new byte[n];
        amountMinor = new long[n];
        initialOpen = new long[n];
        issueDay = new int[n];
        dueDay = new int[n];
        for (int o = 0; o < n; o++) {
            int i = order[o];
            itemIds[o] = b.itemIds[i];
            invoiceNumberOf[o] = b.invoiceNumbers[i];
            orderIdOf[o] = b.orderIds[i];
            customerIdOf[o] = b.customerIds[i];
            instalmentOf[o] = b.instalments[i];
            currencyOf[o] = b.currencies[i];
            amountMinor[o] = b.amounts[i];
            initialOpen[o] = b.opens[i];
            issueDay[o] = b.issueDays[i];
            dueDay[o] = b.dueDays[i];
        }
        order = null;
        currencies = b.currencyTable.toArray(new Currency[0]);
        currencyDigits = new int[currencies.length];
        for (int c = 0; c < currencies.length; c++) {
            currencyDigits[c] = currencies[c].getDefaultFractionDigits();
        }
        b.clear();
        itemIndex = new StringIndex(itemIds, "open item id");

        // invoices: runs of one invoice number
        invoiceOf = new int[n];
        List<String> numbers = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        for (int o = 0; o < n; o++) {
            if (o == 0 || !invoiceNumberOf[o].equals(invoiceNumberOf[o - 1])) {
                numbers.add(invoiceNumberOf[o]);
                starts.add(o);
            } else {
                checkSameInvoice(o - 1, o, invoiceNumberOf, orderIdOf, customerIdOf);
            }
            invoiceOf[o] = numbers.size() - 1;
        }
        invoiceNumbers = numbers.toArray(new String[0]);
        invoiceItemStart = starts(starts, n);
        invoiceIndex = new StringIndex(invoiceNumbers, "invoice number");
        checkDistinctInstalments();

        // customers: group items by customer, each customer's items in due order
        Integer[] byCustomer = sequence(n);
        Arrays.sort(byCustomer, Comparator.<Integer, String>comparing(o -> customerIdOf[o])
                .thenComparingInt(o -> dueDay[o]).thenComparingInt(o -> issueDay[o]).thenComparingInt(o -> o));
        customerOf = new int[n];
        customerItems = new int[n];
        List<String> customers = new ArrayList<>();
        starts.clear();
        for (int k = 0; k < n; k++) {
            int o = byCustomer[k];
            customerItems[k] = o;
            if (k == 0 || !customerIdOf[o].equals(customerIdOf[byCustomer[k - 1]])) {
                customers.add(customerIdOf[o]);
                starts.add(k);
            }
            customerOf[o] = customers.size() - 1;
        }
        byCustomer = null;
        customerIds = customers.toArray(new String[0]);
        customerItemStart = starts(starts, n);
        customerIndex = new StringIndex(customerIds, "customer id");
        int invoices = invoiceNumbers.length;
        invoiceCustomer = new int[invoices];
        for (int v = 0; v < invoices; v++) {
            invoiceCustomer[v] = customerOf[invoiceItemStart[v]];
        }

        // orders: the invoices billing each order
        invoiceOrder = new int[invoices];
        List<Integer> billed = new ArrayList<>();
        for (int v = 0; v < invoices; v++) {
            if (orderIdOf[invoiceItemStart[v]] != null) {
                billed.add(v);
            }
        }
        billed.sort(Comparator.<Integer, String>comparing(v -> orderIdOf[invoiceItemStart[v]]).thenComparingInt(v -> v));
        List<String> orders = new ArrayList<>();
        starts.clear();
        Arrays.fill(invoiceOrder, -1);
        orderInvoices = new int[billed.size()];
        for (int k = 0; k < billed.size(); k++) {
            int v = billed.get(k);
            String orderId = orderIdOf[invoiceItemStart[v]];
            orderInvoices[k] = v;
            if (k == 0 || !orderId.equals(orders.get(orders.size() - 1))) {
                orders.add(orderId);
                starts.add(k);
            }
            invoiceOrder[v] = orders.size() - 1;
        }
        orderIds = orders.toArray(new String[0]);
        orderInvoiceStart = starts(starts, billed.size());
        orderIndex = new StringIndex(orderIds, "order id");
    }

    private void checkSameInvoice(int a, int b, String[] invoiceNumberOf, String[] orderIdOf, String[] customerIdOf) {
        String invoice = invoiceNumberOf[a];
        if (!customerIdOf[a].equals(customerIdOf[b])) {
            throw new IllegalArgumentException("invoice " + invoice + " has items of two customers");
        }
        if (!Objects.equals(orderIdOf[a], orderIdOf[b])) {
            throw new IllegalArgumentException("invoice " + invoice + " has items of two orders");
        }
        if (currencyOf[a] != currencyOf[b]) {
            throw new IllegalArgumentException("invoice " + invoice + " has items in two currencies");
        }
        if (instalmentOf[a] == 0 || instalmentOf[b] == 0) {
            throw new IllegalArgumentException("invoice " + invoice + " is given whole (instalment 0) and in instalments");
        }
    }

    private void checkDistinctInstalments() {
        for (int v = 0; v < invoiceNumbers.length; v++) {
            int from = invoiceItemStart[v];
            int to = invoiceItemStart[v + 1];
            if (to - from > 1) {
                int[] numbers = new int[to - from];
                for (int k = from; k < to; k++) {
                    numbers[k - from] = instalmentOf[k];
                }
                Arrays.sort(numbers);
                for (int k = 1; k < numbers.length; k++) {
                    if (numbers[k] == numbers[k - 1]) {
                        throw new IllegalArgumentException("invoice " + invoiceNumbers[v] + " has instalment "
                                + numbers[k] + " twice");
                    }
                }
            }
        }
    }

    private static Integer[] sequence(int n) {
        Integer[] s = new Integer[n];
        for (int i = 0; i < n; i++) {
            s[i] = i;
        }
        return s;
    }

    private static int[] starts(List<Integer> starts, int end) {
        int[] s = new int[starts.size() + 1];
        for (int i = 0; i < starts.size(); i++) {
            s[i] = starts.get(i);
        }
        s[starts.size()] = end;
        return s;
    }

    /** How many items. */
    public int size() {
        return itemIds.length;
    }

    /** The ordinal of an item id, or -1. */
    public int ordinalOf(String itemId) {
        return itemIndex.get(itemId);
    }

    /** The item as given (its open amount as it was when the book was built). */
    public OpenItem item(int ordinal) {
        return new OpenItem(itemIds[ordinal], invoiceNumbers[invoiceOf[ordinal]], instalmentOf[ordinal],
                invoiceOrder[invoiceOf[ordinal]] < 0 ? null : orderIds[invoiceOrder[invoiceOf[ordinal]]],
                customerIds[customerOf[ordinal]], money(ordinal, amountMinor[ordinal]), money(ordinal, initialOpen[ordinal]),
                LocalDate.ofEpochDay(issueDay[ordinal]), LocalDate.ofEpochDay(dueDay[ordinal]));
    }

    /** Every item, by invoice number and instalment. */
    public List<OpenItem> items() {
        List<OpenItem> all = new ArrayList<>(size());
        for (int o = 0; o < size(); o++) {
            all.add(item(o));
        }
        return all;
    }

    Money money(int ordinal, long minor) {
        return Money.ofMinor(minor, currencies[currencyOf[ordinal]]);
    }

    Currency currency(int ordinal) {
        return currencies[currencyOf[ordinal]];
    }

    int digits(int ordinal) {
        return currencyDigits[currencyOf[ordinal]];
    }

    String invoiceNumber(int ordinal) {
        return invoiceNumbers[invoiceOf[ordinal]];
    }

    String customerId(int ordinal) {
        return customerIds[customerOf[ordinal]];
    }

    int customerCount() {
        return customerIds.length;
    }

    /** Collects items one at a time into growing columns (no object per item). */
    public static final class Builder {
        private int size;
        private String[] itemIds = new String[16];
        private String[] invoiceNumbers = new String[16];
        private String[] orderIds = new String[16];
        private String[] customerIds = new String[16];
        private int[] instalments = new int[16];
        private byte[] currencies = new byte[16];
        private long[] amounts = new long[16];
        private long[] opens = new long[16];
        private int[] issueDays = new int[16];
        private int[] dueDays = new int[16];
        private final List<Currency> currencyTable = new ArrayList<>();

        private Builder() {
        }

        public Builder add(OpenItem item) {
            return add(item.itemId(), item.invoiceNumber(), item.instalment(), item.orderId(), item.customerId(),
                    item.amount().currency(), item.amount().minorUnits(), item.open().minorUnits(), item.issueDate(),
                    item.dueDate());
        }

        /** One item in minor units of its currency (0 ≤ open ≤ amount), checked as {@link OpenItem} checks. */
        public Builder add(String itemId, String invoiceNumber, int instalment, String orderId, String customerId,
                Currency currency, long amountMinor, long openMinor, LocalDate issueDate, LocalDate dueDate) {
            Objects.requireNonNull(itemId, "itemId");
            Objects.requireNonNull(invoiceNumber, "invoiceNumber");
            Objects.requireNonNull(customerId, "customerId");
            Objects.requireNonNull(currency, "currency");
            if (instalment < 0 || openMinor < 0 || openMinor > amountMinor) {
                throw new IllegalArgumentException("item " + itemId + ": instalment " + instalment + ", open " + openMinor
                        + " of " + amountMinor + " minor units");
            }
            if (size == itemIds.length) {
                grow();
            }
            int c = currencyTable.indexOf(currency);
            if (c < 0) {
                if (currencyTable.size() == Byte.MAX_VALUE) {
                    throw new IllegalArgumentException("more than " + Byte.MAX_VALUE + " currencies");
                }
                currencyTable.add(currency);
                c = currencyTable.size() - 1;
            }
            itemIds[size] = itemId;
            invoiceNumbers[size] = invoiceNumber;
            orderIds[size] = orderId;
            customerIds[size] = customerId;
            instalments[size] = instalment;
            currencies[size] = (byte) c;
            amounts[size] = amountMinor;
            opens[size] = openMinor;
            issueDays[size] = Math.toIntExact(issueDate.toEpochDay());
            dueDays[size] = Math.toIntExact(dueDate.toEpochDay());
            size++;
            return this;
        }

        private void grow() {
            int capacity = itemIds.length * 2;
            itemIds = Arrays.copyOf(itemIds, capacity);
            invoiceNumbers = Arrays.copyOf(invoiceNumbers, capacity);
            orderIds = Arrays.copyOf(orderIds, capacity);
            customerIds = Arrays.copyOf(customerIds, capacity);
            instalments = Arrays.copyOf(instalments, capacity);
            currencies = Arrays.copyOf(currencies, capacity);
            amounts = Arrays.copyOf(amounts, capacity);
            opens = Arrays.copyOf(opens, capacity);
            issueDays = Arrays.copyOf(issueDays, capacity);
            dueDays = Arrays.copyOf(dueDays, capacity);
        }

        private void clear() {
            itemIds = null;
            invoiceNumbers = null;
            orderIds = null;
            customerIds = null;
            instalments = null;
            currencies = null;
            amounts = null;
            opens = null;
            issueDays = null;
            dueDays = null;
        }

        /**
         * The book. Refuses an item id given twice, and an invoice whose items disagree on customer, order or
         * currency, or that is given both whole and in instalments.
         */
        public OpenItemBook build() {
            if (itemIds == null) {
                throw new IllegalStateException("this builder has built its book already");
            }
            return new OpenItemBook(this);
        }
    }
}
