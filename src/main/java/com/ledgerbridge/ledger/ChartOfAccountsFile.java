package com.ledgerbridge.ledger;

import com.ledgerbridge.domain.ledger.AccountRole;
import com.ledgerbridge.domain.ledger.ChartOfAccounts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads mappings/accounts/chart-of-accounts.yml: account role (kebab-case) to account code, and under
 * {@code gateways:} per gateway the roles that have their own code for that gateway's money.
 */
public final class ChartOfAccountsFile {

    private ChartOfAccountsFile() {
    }

    public static ChartOfAccounts load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            if (!(parsed instanceof Map<?, ?> entries)) {
                throw new IllegalArgumentException(file + " must map account roles to codes");
            }
            Map<String, Map<AccountRole, String>> perGateway = new java.util.LinkedHashMap<>();
            Object gateways = entries.get("gateways");
            if (gateways != null) {
                if (!(gateways instanceof Map<?, ?> byGateway)) {
                    throw new IllegalArgumentException("'gateways' must map gateway names to roles and codes");
                }
                for (Map.Entry<?, ?> gateway : byGateway.entrySet()) {
                    if (!(gateway.getValue() instanceof Map<?, ?> roles)) {
                        throw new IllegalArgumentException("gateways." + gateway.getKey() + " must map roles to codes");
                    }
                    perGateway.put(String.valueOf(gateway.getKey()), roles(roles));
                }
            }
            Map<?, ?> defaults = new java.util.LinkedHashMap<>(entries);
            defaults.remove("gateways");
            return new ChartOfAccounts(roles(defaults), perGateway);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read chart of accounts " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static Map<AccountRole, String> roles(Map<?, ?> entries) {
        Map<AccountRole, String> codes = new EnumMap<>(AccountRole.class);
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            String key = String.valueOf(entry.getKey());
            AccountRole role;
            try {
                role = AccountRole.valueOf(key.trim().replace('-', '_').toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown account role '" + key + "'");
            }
            codes.put(role, entry.getValue() == null ? null : String.valueOf(entry.getValue()));
        }
        return codes;
    }
}
