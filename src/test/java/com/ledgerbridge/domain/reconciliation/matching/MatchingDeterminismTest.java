package com.ledgerbridge.domain.reconciliation.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same inputs give the same decisions, byte for byte, at any thread count and batch size, and a stored run is
 * re-derived exactly from its inputs — on a random world of 20,000 invoices and 40,000 payments of every kind.
 */
class MatchingDeterminismTest {

    static final RandomReceivables WORLD = new RandomReceivables(20261201L, 20_000);
    static final List<IncomingPayment> PAYMENTS = WORLD.payments(0, 40_000);
    static final MatchingEngine ENGINE = new MatchingEngine(RandomReceivables.defaultRules(true));
    static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(4);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    static OpenItemBook book() {
        return WORLD.addItemsTo(OpenItemBook.builder()).build();
    }

    /** The decisions as JSON lines, matched in batches of {@code batch} with {@code threads} threads. */
    static List<String> run(OpenItemBook book, List<IncomingPayment> payments, int threads, int batch) {
        MatchingRun run = ENGINE.start(book, WORLD.payers());
        List<String> lines = new ArrayList<>(payments.size());
        for (int from = 0; from < payments.size(); from += batch) {
            List<IncomingPayment> slice = payments.subList(from, Math.min(payments.size(), from + batch));
            for (PaymentDecision d : run.match(slice, pool, threads)) {
                lines.add(d.toJson());
            }
        }
        return lines;
    }

    static String sha256(List<String> lines) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String line : lines) {
                digest.update(line.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theDataSetExercisesEveryOutcomeAndManyRules() {
        MatchingRun run = ENGINE.start(book(), WORLD.payers());
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        Set<String> rules = new HashSet<>();
        for (PaymentDecision d : run.match(PAYMENTS)) {
            outcomes.merge(d.outcome(), 1, Integer::sum);
            rules.add(d.ruleId() + "/" + d.outcome());
        }
        assertThat(outcomes.keySet()).containsExactlyInAnyOrder(Outcome.values());
        assertThat(rules).contains("listed-invoices/MATCH", "instalments/MATCH", "exact-reference/MATCH",
                "exact-reference/PARTIAL", "exact-reference/OVERPAYMENT", "amount-customer-date/MATCH",
                "amount-customer-date/SUGGESTION", "exact-subset/MATCH", "oldest-first/PARTIAL", "null/NO_MATCH");
    }

    @Test
    void oneTwoAndFourThreadsGiveTheSameBytes() {
        List<String> one = run(book(), PAYMENTS, 1, PAYMENTS.size());
        List<String> two = run(book(), PAYMENTS, 2, PAYMENTS.size());
        List<String> four = run(book(), PAYMENTS, 4, PAYMENTS.size());

        assertThat(two).hasSize(one.size());
        for (int i = 0; i < one.size(); i++) {
            assertThat(two.get(i)).as("payment %d at 2 threads", i).isEqualTo(one.get(i));
            assertThat(four.get(i)).as("payment %d at 4 threads", i).isEqualTo(one.get(i));
        }
        assertThat(sha256(four)).isEqualTo(sha256(one));
    }

    @Test
    void batchesOfAnySizeGiveTheSameBytesAsOneBatch() {
        String whole = sha256(run(book(), PAYMENTS, 1, PAYMENTS.size()));

        assertThat(sha256(run(book(), PAYMENTS, 4, 1_000))).isEqualTo(whole);
        assertThat(sha256(run(book(), PAYMENTS, 2, 7_777))).isEqualTo(whole);
    }

    @Test
    void aStoredRunIsReDerivedFromItsInputsEvenWithTheItemsGivenInAnotherOrder() {
        List<String> stored = run(book(), PAYMENTS, 2, 5_000);

        List<OpenItem> items = new ArrayList<>(WORLD.items());
        Collections.shuffle(items, new Random(7));
        List<String> replayed = run(OpenItemBook.of(items), PAYMENTS, 4, PAYMENTS.size());

        assertThat(replayed).isEqualTo(stored);
    }

    @Test
    void arrivalOrderMattersSoTheComparisonsAboveCanFail() {
        // control: with two payments of one customer swapped, decisions change, so equal bytes above are no accident
        List<IncomingPayment> swapped = new ArrayList<>(PAYMENTS);
        List<String> original = run(book(), PAYMENTS, 1, PAYMENTS.size());
        int[] pair = firstPairPayingOneInvoiceTwice(original);
        Collections.swap(swapped, pair[0], pair[1]);

        assertThat(sha256(run(book(), swapped, 1, PAYMENTS.size()))).isNotEqualTo(sha256(original));
    }

    @Test
    void everyItemADecisionTouchesBelongsToACustomerItsPaymentWasGroupedBy() {
        OpenItemBook book = book();
        MatchingRun run = ENGINE.start(book, WORLD.payers());
        List<PaymentDecision> decisions = run.match(PAYMENTS);
        int crossCustomer = 0;
        PayerIndex payers = new PayerIndex(WORLD.payers(), book);
        for (int i = 0; i < PAYMENTS.size(); i++) {
            PreparedPayment prepared = PreparedPayment.of(i, PAYMENTS.get(i), book, ENGINE.rules().references(), payers);
            Set<Integer> grouped = new HashSet<>();
            for (int c : prepared.customers) {
                grouped.add(c);
            }
            crossCustomer += grouped.size() > 1 ? 1 : 0;
            for (ItemAllocation a : decisions.get(i).allocations()) {
                assertThat(grouped).as("payment %d allocated to %s", i, a.itemId())
                        .contains(book.customerOf[book.ordinalOf(a.itemId())]);
            }
        }
        // payments naming another customer's invoice join two customers' groups; the data has such payments
        assertThat(crossCustomer).isGreaterThan(100);
    }

    private static int[] firstPairPayingOneInvoiceTwice(List<String> decisions) {
        java.util.Map<String, Integer> firstByItem = new java.util.HashMap<>();
        for (int i = 0; i < decisions.size(); i++) {
            String json = decisions.get(i);
            int at = json.indexOf("\"allocations\":[{\"item\":\"");
            if (at < 0) {
                continue;
            }
            String item = json.substring(at + 24, json.indexOf('"', at + 24));
            Integer first = firstByItem.putIfAbsent(item, i);
            if (first != null) {
                return new int[] {first, i};
            }
        }
        throw new AssertionError("no invoice paid twice in the data set");
    }
}
