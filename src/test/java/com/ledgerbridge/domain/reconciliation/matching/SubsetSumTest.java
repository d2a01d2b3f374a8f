package com.ledgerbridge.domain.reconciliation.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SubsetSumTest {

    @Test
    void theOnlySubsetIsFound() {
        assertThat(SubsetSum.find(new long[] {100, 250, 400, 730}, 830, 2)).containsExactly(0b1001);
    }

    @Test
    void noSubsetIsNone() {
        assertThat(SubsetSum.find(new long[] {100, 250, 400, 730}, 120, 2)).isEmpty();
        assertThat(SubsetSum.find(new long[] {100, 250}, 0, 2)).isEmpty();
        assertThat(SubsetSum.find(new long[0], 10, 2)).isEmpty();
    }

    @Test
    void severalSubsetsComeInAFixedOrderUpToTheLimit() {
        long[] values = {100, 200, 300, 100};
        // 300 = {300} = {100, 200} = {200, 100'}
        assertThat(SubsetSum.find(values, 300, 2)).containsExactly(0b0011, 0b0100);
        assertThat(SubsetSum.find(values, 300, 5)).containsExactly(0b0011, 0b0100, 0b1010);
    }

    @Test
    void twentyFourValuesAndHugeAmountsAreSearchedExactly() {
        long[] values = new long[24];
        for (int i = 0; i < 24; i++) {
            values[i] = (1L << 52) + (1L << i); // sums beyond the packed sort's range (2^50)
        }
        long target = values[3] + values[17] + values[23];
        assertThat(SubsetSum.find(values, target, 2)).containsExactly((1L << 3) | (1L << 17) | (1L << 23));
        assertThatThrownBy(() -> SubsetSum.find(new long[25], 1, 2)).hasMessageContaining("at most 24");
    }
}
