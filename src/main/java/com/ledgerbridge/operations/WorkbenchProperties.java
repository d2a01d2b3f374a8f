package com.ledgerbridge.operations;

import com.ledgerbridge.domain.workbench.ActionKind;
import com.ledgerbridge.domain.workbench.ApprovalPolicy;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ledgerbridge.workbench.* — the exception workbench.
 *
 * @param approvals which actions need approval: per action kind (MATCH, WRITE_OFF, REFUND), level n (1, 2, ... in
 *                  order, the role APPROVER_n) is needed above an amount; none listed: no approvals
 */
@ConfigurationProperties("ledgerbridge.workbench")
public record WorkbenchProperties(List<Approval> approvals) {

    /** A {@code kind} above {@code above} (in the action's currency) needs approval at {@code level}. */
    public record Approval(ActionKind kind, Integer level, BigDecimal above) {
    }

    public WorkbenchProperties {
        approvals = approvals == null ? List.of() : List.copyOf(approvals);
        policyOf(approvals);
    }

    public ApprovalPolicy policy() {
        return policyOf(approvals);
    }

    /** The highest level any threshold names (0: none), to check against ledgerbridge.security.approver-levels. */
    public int highestLevel() {
        return approvals.stream().mapToInt(Approval::level).max().orElse(0);
    }

    private static ApprovalPolicy policyOf(List<Approval> approvals) {
        try {
            return new ApprovalPolicy(approvals.stream().map(a -> {
                if (a == null || a.kind() == null || a.level() == null || a.above() == null) {
                    throw new IllegalArgumentException("each entry needs kind, level and above");
                }
                if (a.kind() == ActionKind.IGNORE || a.kind() == ActionKind.UNDO) {
                    throw new IllegalArgumentException(a.kind() + " moves no amount and cannot need approval");
                }
                return new ApprovalPolicy.Threshold(a.kind(), a.level(), a.above());
            }).toList());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ledgerbridge.workbench.approvals: " + e.getMessage());
        }
    }
}
