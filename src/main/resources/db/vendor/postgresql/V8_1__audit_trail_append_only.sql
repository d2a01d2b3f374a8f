-- PostgreSQL only (spring.flyway.locations adds db/vendor/{vendor}): the audit trail refuses to be changed.
-- audit_event takes INSERT only; UPDATE, DELETE and TRUNCATE raise an error whoever runs them (only a superuser or
-- the table's owner can switch the triggers off, and verify still finds what was changed then).
create function audit_event_refuse_change() returns trigger
    language plpgsql as $$
begin
    raise exception 'audit_event is append-only: % refused', tg_op
        using errcode = 'insufficient_privilege';
end
$$;

create trigger audit_event_append_only
    before update or delete on audit_event
    for each row execute function audit_event_refuse_change();

create trigger audit_event_no_truncate
    before truncate on audit_event
    for each statement execute function audit_event_refuse_change();

-- The head only moves forward, one entry at a time, onto an entry that exists with that hash; it is never removed.
create function audit_chain_head_advance_only() returns trigger
    language plpgsql as $$
begin
    if tg_op <> 'UPDATE' then
        raise exception 'audit_chain_head: % refused', tg_op using errcode = 'insufficient_privilege';
    end if;
    if new.id <> old.id or new.last_sequence <> old.last_sequence + 1
            or not exists (select 1 from audit_event e
                            where e.sequence = new.last_sequence and e.hash = new.last_hash
                              and e.previous_hash = old.last_hash) then
        raise exception 'audit_chain_head may only advance to the entry appended after it'
            using errcode = 'insufficient_privilege';
    end if;
    return new;
end
$$;

create trigger audit_chain_head_forward_only
    before update or delete on audit_chain_head
    for each row execute function audit_chain_head_advance_only();

create trigger audit_chain_head_no_truncate
    before truncate on audit_chain_head
    for each statement execute function audit_chain_head_advance_only();
