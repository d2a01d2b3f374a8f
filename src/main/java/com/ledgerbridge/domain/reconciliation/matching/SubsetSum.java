package com.ledgerbridge.domain.reconciliation.matching;

import java.util.Arrays;

/**
 * Subsets of at most 24 positive amounts that add up to a target exactly, by meeting in the middle (2 × 2^12 sums
 * instead of 2^24 subsets). Solutions come in a fixed order (by the mask of the second half, then of the first), so
 * the first {@code limit} found are always the same ones.
 */
final class SubsetSum {

    private SubsetSum() {
    }

    /**
     * Up to {@code limit} subsets (as bit masks over {@code values}) whose values add up to {@code target}.
     *
     * @param values positive amounts, at most 24
     */
    static long[] find(long[] values, long target, int limit) {
        int n = values.length;
        if (n > 24) {
            throw new IllegalArgumentException("at most 24 values, got " + n);
        }
        if (target <= 0 || n == 0) {
            return new long[0];
        }
        int half = n / 2;
        int rightCount = n - half;
        // the first half's subset sums not above the target, sorted by sum then mask
        long[] leftSums = new long[1 << half];
        int[] leftMasks = new int[1 << half];
        int kept = 0;
        for (int mask = 0; mask < (1 << half); mask++) {
            long sum = sum(values, 0, mask, target);
            if (sum >= 0) {
                leftSums[kept] = sum;
                leftMasks[kept] = mask;
                kept++;
            }
        }
        sortBySumThenMask(leftSums, leftMasks, kept);
        long[] found = new long[limit];
        int count = 0;
        for (int right = 0; right < (1 << rightCount) && count < limit; right++) {
            long rightSum = sum(values, half, right, target);
            if (rightSum < 0) {
                continue;
            }
            long need = target - rightSum;
            int at = lowerBound(leftSums, kept, need);
            for (int k = at; k < kept && leftSums[k] == need && count < limit; k++) {
                found[count++] = leftMasks[k] | ((long) right << half);
            }
        }
        return Arrays.copyOf(found, count);
    }

    /** The sum of the values picked by {@code mask} from {@code offset}, or -1 once above {@code cap}. */
    private static long sum(long[] values, int offset, int mask, long cap) {
        long sum = 0;
        for (int bit = 0; mask != 0; bit++, mask >>>= 1) {
            if ((mask & 1) != 0) {
                sum += values[offset + bit];
                if (sum > cap || sum < 0) {
                    return -1;
                }
            }
        }
        return sum;
    }

    private static void sortBySumThenMask(long[] sums, int[] masks, int n) {
        if (maxOf(sums, n) < (1L << 50)) {
            // sum and mask (12 bits) packed into one long sort in the same order, without boxing
            long[] packed = new long[n];
            for (int i = 0; i < n; i++) {
                packed[i] = (sums[i] << 12) | masks[i];
            }
            Arrays.sort(packed);
            for (int i = 0; i < n; i++) {
                sums[i] = packed[i] >>> 12;
                masks[i] = (int) (packed[i] & 0xFFF);
            }
            return;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> sums[a] != sums[b] ? Long.compare(sums[a], sums[b]) : Integer.compare(masks[a], masks[b]));
        long[] s = new long[n];
        int[] m = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = sums[order[i]];
            m[i] = masks[order[i]];
        }
        System.arraycopy(s, 0, sums, 0, n);
        System.arraycopy(m, 0, masks, 0, n);
    }

    private static long maxOf(long[] values, int n) {
        long max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, values[i]);
        }
        return max;
    }

    private static int lowerBound(long[] sorted, int n, long key) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
