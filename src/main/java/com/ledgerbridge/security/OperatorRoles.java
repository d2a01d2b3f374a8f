package com.ledgerbridge.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The roles of the operations API and what each implies:
 * <ul>
 *   <li>VIEWER reads reports and lists;</li>
 *   <li>OPERATOR acts: resolves exceptions, re-drives dead letters, imports and downloads bills (and views);</li>
 *   <li>APPROVER_1 .. APPROVER_n approve actions above configured amounts; a higher level implies every lower one
 *       (and viewing), but not OPERATOR: approving and making are kept apart;</li>
 *   <li>ADMIN may do everything.</li>
 * </ul>
 * A caller is granted roles (an API token's list, an OIDC token's roles claim); everything they imply is added when
 * they are authenticated, so a check asks only "has role X".
 */
public final class OperatorRoles {

    public static final String VIEWER = "VIEWER";
    public static final String OPERATOR = "OPERATOR";
    public static final String ADMIN = "ADMIN";
    static final String APPROVER_PREFIX = "APPROVER_";
    public static final int MAX_APPROVER_LEVELS = 9;

    private final int approverLevels;

    /** @param approverLevels how many approval levels there are (APPROVER_1 .. APPROVER_n), 1-9 */
    public OperatorRoles(int approverLevels) {
        if (approverLevels < 1 || approverLevels > MAX_APPROVER_LEVELS) {
            throw new IllegalArgumentException("approver levels must be 1-" + MAX_APPROVER_LEVELS + ", was "
                    + approverLevels);
        }
        this.approverLevels = approverLevels;
    }

    public static String approver(int level) {
        return APPROVER_PREFIX + level;
    }

    public int approverLevels() {
        return approverLevels;
    }

    /** Every role, lowest first. */
    public List<String> all() {
        List<String> all = new ArrayList<>(List.of(VIEWER, OPERATOR));
        for (int level = 1; level <= approverLevels; level++) {
            all.add(approver(level));
        }
        all.add(ADMIN);
        return all;
    }

    /** The role a name stands for (case and '-'/'_' do not matter: "approver-2" is APPROVER_2), if it is one. */
    public Optional<String> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String normal = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return all().contains(normal) ? Optional.of(normal) : Optional.empty();
    }

    /** The granted roles and every role they imply, lowest first. */
    public Set<String> implied(Collection<String> granted) {
        Set<String> implied = new LinkedHashSet<>();
        for (String role : granted) {
            if (ADMIN.equals(role)) {
                return new LinkedHashSet<>(all());
            }
            if (OPERATOR.equals(role)) {
                implied.add(VIEWER);
                implied.add(OPERATOR);
            } else if (VIEWER.equals(role)) {
                implied.add(VIEWER);
            } else if (role.startsWith(APPROVER_PREFIX) && all().contains(role)) {
                implied.add(VIEWER);
                int level = Integer.parseInt(role.substring(APPROVER_PREFIX.length()));
                for (int lower = 1; lower <= level; lower++) {
                    implied.add(approver(lower));
                }
            } else {
                throw new IllegalArgumentException("not a role: " + role + " (roles: " + all() + ")");
            }
        }
        List<String> ordered = new ArrayList<>(all());
        ordered.retainAll(implied);
        return new LinkedHashSet<>(ordered);
    }
}
