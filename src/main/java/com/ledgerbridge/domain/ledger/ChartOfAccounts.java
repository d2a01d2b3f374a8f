package com.ledgerbridge.domain.ledger;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The company's account code for every {@link AccountRole}; incomplete maps are refused up front. */
public final class ChartOfAccounts {

    private final Map<AccountRole, String> codes;

    public ChartOfAccounts(Map<AccountRole, String> codes) {
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
    }

    public String codeFor(AccountRole role) {
        return codes.get(role);
    }
}
