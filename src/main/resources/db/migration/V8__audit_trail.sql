-- The audit trail (issue 7): every operator action and approval, append-only and hash-chained
-- (com.ledgerbridge.domain.audit.AuditChain states the hash exactly). Written only by storage/AuditTrail, which
-- has no update or delete. On PostgreSQL, db/vendor/postgresql/V8_1 adds triggers that refuse UPDATE, DELETE and
-- TRUNCATE here; H2 (the embedded demo) has no such guard, and the verify endpoint is what detects a change there.

-- sequence 1, 2, 3, ... with no gaps; previous_hash is unique, so two entries can never claim the same predecessor
-- (a fork fails on the constraint even if the head lock below were bypassed).
create table audit_event (
    sequence      bigint         not null primary key,
    at            timestamp(6) with time zone not null,
    actor         varchar(200)   not null,
    action        varchar(100)   not null,
    subject_type  varchar(100)   not null,
    subject_id    varchar(200)   not null,
    before_json   text,
    after_json    text,
    previous_hash varchar(64)    not null,
    hash          varchar(64)    not null,
    constraint uq_audit_event_previous_hash unique (previous_hash)
);

-- The chain's head, one row: the last entry written. An append locks it (select ... for update), so appends from
-- any number of instances form one chain; verify compares the chain's end with it, so entries removed from the end
-- are found too.
create table audit_chain_head (
    id            smallint       not null primary key,
    last_sequence bigint         not null,
    last_hash     varchar(64)    not null,
    constraint ck_audit_chain_head_one_row check (id = 1)
);
insert into audit_chain_head (id, last_sequence, last_hash)
values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
