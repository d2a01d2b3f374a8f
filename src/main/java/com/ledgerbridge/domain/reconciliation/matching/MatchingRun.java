package com.ledgerbridge.domain.reconciliation.matching;

import com.ledgerbridge.domain.money.Money;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * One matching over a book: the open amounts as the payments given so far left them, and the decisions.
 *
 * <p>Determinism at any thread count: a batch is cut into groups such that no two groups touch one customer's items.
 * Before deciding anything, each payment's customers are worked out from the payment and the book alone — its own
 * customer and those of the invoices it names ({@link PreparedPayment}); customers linked by a payment are joined
 * (union-find), and each group is every payment touching one joined set, in arrival order. Groups are decided one
 * at a time by whichever thread takes them, each payment in arrival order, so every payment sees exactly the open
 * amounts it would see if the whole batch were decided in order on one thread: the decisions are the same, byte
 * for byte, whatever the thread count or batch size. On one thread the payments are simply decided in arrival
 * order. A run decides one batch at a time.
 */
public final class MatchingRun {

    /** Payments (phase 1) and groups (phase 2) are handed to threads in chunks of this many. */
    private static final int CHUNK = 64;

    private final MatchingRules rules;
    private final OpenItemBook book;
    private final PayerIndex payers;
    private final long[] open;
    private final Grouping grouping;

    MatchingRun(MatchingRules rules, OpenItemBook book, PayerDirectory payers) {
        this.rules = rules;
        this.book = Objects.requireNonNull(book, "book");
        this.payers = new PayerIndex(Objects.requireNonNull(payers, "payers"), book);
        this.open = book.initialOpen.clone();
        this.grouping = new Grouping(book.customerCount());
    }

    /** Decides {@code payments}, in their order, on the calling thread. */
    public List<PaymentDecision> match(List<IncomingPayment> payments) {
        return match(payments, null, 1);
    }

    /**
     * Decides {@code payments} with up to {@code parallelism} tasks on {@code pool} (the calling thread alone when
     * {@code parallelism} is 1). The decisions come in the payments' order and do not depend on the parallelism.
     */
    public List<PaymentDecision> match(List<IncomingPayment> payments, ExecutorService pool, int parallelism) {
        if (parallelism < 1 || (parallelism > 1 && pool == null)) {
            throw new IllegalArgumentException("parallelism " + parallelism + " needs a pool when above 1");
        }
        int n = payments.size();
        ReferenceSyntax syntax = rules.references();
        PaymentDecision[] decisions = new PaymentDecision[n];
        if (parallelism == 1) {
            // one thread decides in arrival order: no grouping needed, and each payment is decided while its
            // prepared form is still in the cache
            Decider decider = new Decider(rules, book, open);
            for (int i = 0; i < n; i++) {
                decisions[i] = decider.decide(PreparedPayment.of(i, payments.get(i), book, syntax, payers));
            }
            return Collections.unmodifiableList(Arrays.asList(decisions));
        }
        PreparedPayment[] prepared = new PreparedPayment[n];
        inParallel(pool, parallelism, n, () -> i -> prepared[i] = PreparedPayment.of(i, payments.get(i), book, syntax,
                payers));
        Groups groups = grouping.of(prepared);
        inParallel(pool, parallelism, groups.count(), () -> {
            Decider decider = new Decider(rules, book, open);
            return g -> {
                for (int k = groups.start[g]; k < groups.start[g + 1]; k++) {
                    int i = groups.members[k];
                    decisions[i] = decider.decide(prepared[i]);
                }
            };
        });
        return Collections.unmodifiableList(Arrays.asList(decisions));
    }

    /** What is open on the item now, or null if the book has no such item. */
    public Money open(String itemId) {
        int o = book.ordinalOf(itemId);
        return o < 0 ? null : book.money(o, open[o]);
    }

    /**
     * Takes {@code amount} off what is open on the item because the caller settled it outside matching (a write-off
     * of the few cents a payment left), so payments decided after it see the item as the books do.
     */
    public void settledOutside(String itemId, Money amount) {
        int o = book.ordinalOf(itemId);
        if (o < 0 || !amount.currency().equals(book.currency(o)) || amount.minorUnits() > open[o]) {
            throw new IllegalArgumentException("cannot take " + amount + " off item " + itemId + " (open "
                    + (o < 0 ? "nothing" : open(itemId)) + ")");
        }
        open[o] -= amount.minorUnits();
    }

    public OpenItemBook book() {
        return book;
    }

    /** A factory of per-thread work: each task gets its own consumer (e.g. its own {@link Decider}). */
    private interface PerThread {
        IntConsumer create();
    }

    private static void inParallel(ExecutorService pool, int parallelism, int count, PerThread work) {
        if (parallelism == 1 || count <= CHUNK) {
            IntConsumer one = work.create();
            for (int i = 0; i < count; i++) {
                one.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> tasks = new ArrayList<>(parallelism);
        for (int t = 0; t < parallelism; t++) {
            tasks.add(pool.submit(() -> {
                IntConsumer each = work.create();
                int from;
                while ((from = next.getAndAdd(CHUNK)) < count) {
                    for (int i = from; i < Math.min(count, from + CHUNK); i++) {
                        each.accept(i);
                    }
                }
            }));
        }
        RuntimeException failure = null;
        for (Future<?> task : tasks) {
            try {
                task.get(); // also makes every task's writes visible to this thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new IllegalStateException("interrupted while matching", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (failure == null) {
                    failure = cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A batch cut into groups: the payments of group {@code g} are {@code members[start[g] .. start[g + 1] - 1]}. */
    static final class Groups {
        final int[] start;
        final int[] members;

        Groups(int[] start, int[] members) {
            this.start = start;
            this.members = members;
        }

        int count() {
            return start.length - 1;
        }
    }

    /**
     * Cuts batches into groups: payments that touch a common customer (directly or through other payments) are in
     * one group, in arrival order; groups are numbered by their first payment. A payment touching no customer of
     * the book is a group of its own. The union-find arrays span the book's customers and are kept from batch to
     * batch (only the entries a batch touched are reset), so a small batch costs little.
     */
    static final class Grouping {
        private final int[] parent;
        private final int[] groupOfRoot;
        private int[] touched = new int[64];
        private int touchedCount;

        Grouping(int customers) {
            parent = new int[customers];
            groupOfRoot = new int[customers];
            Arrays.fill(parent, -1);
            Arrays.fill(groupOfRoot, -1);
        }

        Groups of(PreparedPayment[] prepared) {
            int n = prepared.length;
            for (PreparedPayment p : prepared) {
                int[] cs = p.customers;
                for (int c : cs) {
                    touch(c);
                }
                for (int k = 1; k < cs.length; k++) {
                    union(cs[0], cs[k]);
                }
            }
            int[] groupOf = new int[n];
            int groups = 0;
            for (int i = 0; i < n; i++) {
                int[] cs = prepared[i].customers;
                if (cs.length == 0) {
                    groupOf[i] = groups++;
                    continue;
                }
                int root = find(cs[0]);
                if (groupOfRoot[root] < 0) {
                    groupOfRoot[root] = groups++;
                }
                groupOf[i] = groupOfRoot[root];
            }
            int[] start = new int[groups + 1];
            for (int i = 0; i < n; i++) {
                start[groupOf[i] + 1]++;
            }
            for (int g = 0; g < groups; g++) {
                start[g + 1] += start[g];
            }
            int[] fill = Arrays.copyOf(start, groups);
            int[] members = new int[n];
            for (int i = 0; i < n; i++) {
                members[fill[groupOf[i]]++] = i;
            }
            for (int k = 0; k < touchedCount; k++) {
                parent[touched[k]] = -1;
                groupOfRoot[touched[k]] = -1;
            }
            touchedCount = 0;
            return new Groups(start, members);
        }

        private void touch(int customer) {
            if (touchedCount == touched.length) {
                touched = Arrays.copyOf(touched, touchedCount * 2);
            }
            touched[touchedCount++] = customer; // a customer may be listed twice: resetting twice is harmless
        }

        private int find(int x) {
            int root = x;
            while (parent[root] >= 0) {
                root = parent[root];
            }
            while (parent[x] >= 0) { // path compression
                int up = parent[x];
                parent[x] = root;
                x = up;
            }
            return root;
        }

        private void union(int a, int b) {
            int ra = find(a);
            int rb = find(b);
            if (ra != rb) {
                // the smaller ordinal becomes the root: a fixed choice, independent of threads
                if (ra < rb) {
                    parent[rb] = ra;
                } else {
                    parent[ra] = rb;
                }
            }
        }
    }
}
