package com.ledgerbridge.domain.workbench;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;

/**
 * How many approval levels an action needs: each threshold says "a {@code kind} above {@code above} needs level
 * {@code level}"; an action needs every level up to the highest threshold it exceeds, approved in order 1, 2, ...
 * Amounts are compared in the action's currency units (thresholds are not converted between currencies).
 */
public final class ApprovalPolicy {

    /** A {@code kind} strictly above {@code above} needs approval at {@code level}. */
    public record Threshold(ActionKind kind, int level, BigDecimal above) {
        public Threshold {
            if (kind == null || above == null || above.signum() < 0 || level < 1) {
                throw new IllegalArgumentException("a threshold needs a kind, a level >= 1 and an amount >= 0");
            }
        }
    }

    private final List<Threshold> thresholds;

    public ApprovalPolicy(List<Threshold> thresholds) {
        this.thresholds = thresholds.stream().sorted(Comparator.comparingInt(Threshold::level)).toList();
        for (ActionKind kind : ActionKind.values()) {
            List<Threshold> own = this.thresholds.stream().filter(t -> t.kind() == kind).toList();
            for (int i = 0; i < own.size(); i++) {
                if (own.get(i).level() != i + 1) {
                    throw new IllegalArgumentException(kind + ": approval levels must be 1, 2, ... without gaps or repeats");
                }
                if (i > 0 && own.get(i).above().compareTo(own.get(i - 1).above()) < 0) {
                    throw new IllegalArgumentException(kind + ": level " + (i + 1)
                            + " must not start below level " + i + "'s amount");
                }
            }
        }
    }

    public static ApprovalPolicy none() {
        return new ApprovalPolicy(List.of());
    }

    /** How many levels (0: none) an action of this kind and amount needs. */
    public int levelsRequired(ActionKind kind, BigDecimal amount) {
        int levels = 0;
        for (Threshold t : thresholds) {
            if (t.kind() == kind && amount.compareTo(t.above()) > 0) {
                levels = Math.max(levels, t.level());
            }
        }
        return levels;
    }

    /** Why {@code approver} may not approve level {@code level} of an action made by {@code maker}, or null if they may. */
    public static String refusal(String maker, String approver, int nextLevel, int levelsRequired) {
        if (nextLevel > levelsRequired) {
            return "the action needs no further approval";
        }
        if (maker.equals(approver)) {
            return "the maker of an action cannot approve it (" + maker + ")";
        }
        return null;
    }
}
