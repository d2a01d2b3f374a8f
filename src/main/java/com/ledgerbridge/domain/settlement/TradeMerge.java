package com.ledgerbridge.domain.settlement;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;

/**
 * The merge join of the three legs by gateway trade id: each leg is read once, as a stream sorted by trade id, and
 * the trades come out one at a time in that order with everything each leg has on them. Memory holds one trade,
 * whatever the day's size. The sort order is code point order ({@link String#compareTo}); a leg that goes backwards
 * (a database sorting with another collation) stops the merge rather than pair rows wrongly.
 *
 * <p>The fourth input, the source references of the journal entries not yet posted, is matched to payment keys
 * ({@code <gateway>:<trade id>}): an entry belongs to a payment when its reference is the key, or starts with it
 * followed by a character that cannot continue a trade id (anything but a letter, digit or '_', e.g. the "->" of
 * {@code alipay:2026…->INV-000001}).
 */
public final class TradeMerge implements Iterator<TradeFacts> {

    private final String keyPrefix;
    private final Leg<BillLine> bill;
    private final Leg<InboxObservation> inbox;
    private final Leg<BookedPayment> books;
    private final UnpostedEntries unposted;

    public TradeMerge(String gateway, Iterator<BillLine> bill, Iterator<InboxObservation> inbox,
            Iterator<BookedPayment> books, Iterator<String> unpostedSourceReferences) {
        this.keyPrefix = gateway + ":";
        this.bill = new Leg<>("bill lines", bill, BillLine::gatewayTradeId);
        this.inbox = new Leg<>("payment events", inbox, InboxObservation::gatewayTradeId);
        this.books = new Leg<>("payments", books, BookedPayment::gatewayTradeId);
        this.unposted = new UnpostedEntries(new Leg<>("unposted journal entries", unpostedSourceReferences,
                Function.identity()));
    }

    @Override
    public boolean hasNext() {
        return bill.hasNext() || inbox.hasNext() || books.hasNext();
    }

    @Override
    public TradeFacts next() {
        String key = min(min(bill.peekKey(), inbox.peekKey()), books.peekKey());
        if (key == null) {
            throw new NoSuchElementException();
        }
        List<BillLine> lines = bill.takeAll(key);
        List<InboxObservation> events = inbox.takeAll(key);
        List<BookedPayment> payment = books.takeAll(key);
        if (payment.size() > 1) {
            throw new IllegalStateException("two payment rows for trade " + key);
        }
        return new TradeFacts(key, lines, events, payment.isEmpty() ? null : payment.get(0),
                unposted.anyFor(keyPrefix + key));
    }

    private static String min(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** One sorted input with one row of look-ahead. */
    private static final class Leg<T> {
        private final String name;
        private final Iterator<T> rows;
        private final Function<T, String> key;
        private T head;
        private String headKey;
        private String lastKey;

        Leg(String name, Iterator<T> rows, Function<T, String> key) {
            this.name = name;
            this.rows = Objects.requireNonNull(rows, name);
            this.key = key;
            advance();
        }

        boolean hasNext() {
            return head != null;
        }

        String peekKey() {
            return headKey;
        }

        T take() {
            T taken = head;
            advance();
            return taken;
        }

        List<T> takeAll(String k) {
            List<T> taken = new ArrayList<>(2);
            while (head != null && headKey.equals(k)) {
                taken.add(take());
            }
            return taken;
        }

        private void advance() {
            if (!rows.hasNext()) {
                head = null;
                headKey = null;
                return;
            }
            head = rows.next();
            headKey = key.apply(head);
            if (lastKey != null && headKey.compareTo(lastKey) < 0) {
                throw new IllegalStateException("the " + name + " are not sorted by trade id in code point order ('"
                        + lastKey + "' came before '" + headKey + "'): the database must sort them that way "
                        + "(PostgreSQL: collate \"C\")");
            }
            lastKey = headKey;
        }
    }

    /** Finds, for ascending payment keys, whether an unposted entry's reference belongs to each. */
    private static final class UnpostedEntries {
        private final Leg<String> references;
        /** references read that are not before the current key (some may belong to a longer, later key) */
        private final ArrayDeque<String> window = new ArrayDeque<>();

        UnpostedEntries(Leg<String> references) {
            this.references = references;
        }

        boolean anyFor(String paymentKey) {
            while (!window.isEmpty() && window.peekFirst().compareTo(paymentKey) < 0) {
                window.pollFirst();
            }
            while (references.hasNext()
                    && (references.peekKey().compareTo(paymentKey) < 0 || references.peekKey().startsWith(paymentKey))) {
                String reference = references.take();
                if (reference.compareTo(paymentKey) >= 0) {
                    window.addLast(reference);
                }
            }
            for (String reference : window) {
                if (!reference.startsWith(paymentKey)) {
                    break;
                }
                if (reference.length() == paymentKey.length() || !continuesId(reference.charAt(paymentKey.length()))) {
                    return true;
                }
            }
            return false;
        }

        private static boolean continuesId(char c) {
            return Character.isLetterOrDigit(c) || c == '_';
        }
    }
}
