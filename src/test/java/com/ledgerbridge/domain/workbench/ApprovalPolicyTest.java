package com.ledgerbridge.domain.workbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.domain.workbench.ApprovalPolicy.Threshold;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApprovalPolicyTest {

    final ApprovalPolicy policy = new ApprovalPolicy(List.of(
            new Threshold(ActionKind.WRITE_OFF, 2, new BigDecimal("50000")),
            new Threshold(ActionKind.WRITE_OFF, 1, new BigDecimal("1000")),
            new Threshold(ActionKind.MATCH, 1, new BigDecimal("50000"))));

    @Test
    void levelsGrowWithTheAmountAndOnlyAboveTheThreshold() {
        assertThat(policy.levelsRequired(ActionKind.WRITE_OFF, new BigDecimal("1000"))).isZero();
        assertThat(policy.levelsRequired(ActionKind.WRITE_OFF, new BigDecimal("1000.01"))).isEqualTo(1);
        assertThat(policy.levelsRequired(ActionKind.WRITE_OFF, new BigDecimal("50000"))).isEqualTo(1);
        assertThat(policy.levelsRequired(ActionKind.WRITE_OFF, new BigDecimal("50000.01"))).isEqualTo(2);
        assertThat(policy.levelsRequired(ActionKind.MATCH, new BigDecimal("60000"))).isEqualTo(1);
        assertThat(policy.levelsRequired(ActionKind.REFUND, new BigDecimal("1000000"))).isZero();
    }

    @Test
    void levelsMustBeContiguousAndNotDecreasing() {
        assertThatThrownBy(() -> new ApprovalPolicy(List.of(new Threshold(ActionKind.WRITE_OFF, 2, BigDecimal.TEN))))
                .hasMessageContaining("1, 2");
        assertThatThrownBy(() -> new ApprovalPolicy(List.of(new Threshold(ActionKind.WRITE_OFF, 1, BigDecimal.TEN),
                new Threshold(ActionKind.WRITE_OFF, 2, BigDecimal.ONE)))).hasMessageContaining("level 2");
        assertThatThrownBy(() -> new Threshold(ActionKind.MATCH, 1, new BigDecimal("-1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMakerCannotApproveTheirOwnAction() {
        assertThat(ApprovalPolicy.refusal("otto", "otto", 1, 2)).contains("maker");
        assertThat(ApprovalPolicy.refusal("otto", "anna", 1, 2)).isNull();
        assertThat(ApprovalPolicy.refusal("otto", "anna", 3, 2)).contains("no further approval");
    }
}
