package com.ledgerbridge.domain.ledger;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The company's account code for every {@link AccountRole}; incomplete maps are refused up front. A gateway may have
 * its own code for a role (其他货币资金 has a sub-account per gateway: clearing for Alipay, WeChat Pay and Stripe
 * kept apart, so that each can be reconciled with its own bill).
 */
public final class ChartOfAccounts {

    private final Map<AccountRole, String> codes;
    private final Map<String, Map<AccountRole, String>> gatewayCodes;

    public ChartOfAccounts(Map<AccountRole, String> codes) {
        this(codes, Map.of());
    }

    /** @param gatewayCodes per gateway name, the roles whose code differs for that gateway */
    public ChartOfAccounts(Map<AccountRole, String> codes, Map<String, Map<AccountRole, String>> gatewayCodes) {
        List<String> missing = new ArrayList<>();
        for (AccountRole role : AccountRole.values()) {
            String code = codes.get(role);
            if (code == null || code.isBlank()) {
                missing.add(role.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("chart of accounts has no code for " + String.join(", ", missing));
        }
        this.codes = new EnumMap<>(codes);
        Map<String, Map<AccountRole, String>> perGateway = new java.util.HashMap<>();
        gatewayCodes.forEach((gateway, overrides) -> {
            overrides.forEach((role, code) -> {
                if (code == null || code.isBlank()) {
                    throw new IllegalArgumentException("chart of accounts has an empty code for " + role + " of gateway "
                            + gateway);
                }
            });
            perGateway.put(gateway, overrides.isEmpty() ? Map.of() : new EnumMap<>(overrides));
        });
        this.gatewayCodes = Map.copyOf(perGateway);
    }

    public String codeFor(AccountRole role) {
        return codes.get(role);
    }

    /** The code for {@code role} in entries about {@code gateway}'s money: its own code if it has one. */
    public String codeFor(AccountRole role, String gateway) {
        if (gateway != null) {
            String own = gatewayCodes.getOrDefault(gateway, Map.of()).get(role);
            if (own != null) {
                return own;
            }
        }
        return codes.get(role);
    }
}
