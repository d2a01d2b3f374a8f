package com.ledgerbridge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorRolesTest {

    final OperatorRoles roles = new OperatorRoles(3);

    @Test
    void rolesLowestFirst() {
        assertThat(roles.all()).containsExactly("VIEWER", "OPERATOR", "APPROVER_1", "APPROVER_2", "APPROVER_3", "ADMIN");
    }

    @Test
    void eachRoleImpliesWhatItShould() {
        assertThat(roles.implied(List.of("VIEWER"))).containsExactly("VIEWER");
        assertThat(roles.implied(List.of("OPERATOR"))).containsExactly("VIEWER", "OPERATOR");
        // an approver views and approves at its level and below, but does not make: maker and checker stay apart
        assertThat(roles.implied(List.of("APPROVER_2"))).containsExactly("VIEWER", "APPROVER_1", "APPROVER_2");
        assertThat(roles.implied(List.of("APPROVER_1"))).doesNotContain("APPROVER_2", "OPERATOR");
        assertThat(roles.implied(List.of("ADMIN"))).containsExactlyElementsOf(roles.all());
        assertThat(roles.implied(List.of("OPERATOR", "APPROVER_3")))
                .containsExactly("VIEWER", "OPERATOR", "APPROVER_1", "APPROVER_2", "APPROVER_3");
        assertThat(roles.implied(List.of())).isEmpty();
    }

    @Test
    void namesAreReadLeniently() {
        assertThat(roles.parse("operator")).contains("OPERATOR");
        assertThat(roles.parse(" approver-3 ")).contains("APPROVER_3");
        assertThat(roles.parse("APPROVER_4")).as("beyond the configured levels").isEmpty();
        assertThat(roles.parse("APPROVER_0")).isEmpty();
        assertThat(roles.parse("superuser")).isEmpty();
        assertThat(roles.parse(null)).isEmpty();
        assertThatThrownBy(() -> roles.implied(List.of("APPROVER_4"))).hasMessageContaining("not a role");
    }

    @Test
    void levelsAreOneToNine() {
        assertThat(new OperatorRoles(1).all()).containsExactly("VIEWER", "OPERATOR", "APPROVER_1", "ADMIN");
        assertThatThrownBy(() -> new OperatorRoles(0)).hasMessageContaining("1-9");
        assertThatThrownBy(() -> new OperatorRoles(10)).hasMessageContaining("1-9");
    }
}
