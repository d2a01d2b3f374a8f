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

/** Reads mappings/accounts/chart-of-accounts.yml: account role (kebab-case) to account code. */
public final class ChartOfAccountsFile {

    private ChartOfAccountsFile() {
    }

    public static ChartOfAccounts load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            if (!(parsed instanceof Map<?, ?> entries)) {
                throw new IllegalArgumentException(file + " must map account roles to codes");
            }
            Map<AccountRole, String> codes = new EnumMap<>(AccountRole.class);
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                String key = String.valueOf(entry.getKey());
                AccountRole role;
                try {
                    role = AccountRole.valueOf(key.trim().replace('-', '_').toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ": unknown account role '" + key + "'");
                }
                codes.put(role, entry.getValue() == null ? null : String.valueOf(entry.getValue()));
            }
            return new ChartOfAccounts(codes);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read chart of accounts " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
