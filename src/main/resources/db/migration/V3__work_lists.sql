-- The database is the work list (DESIGN.md, "Throughput"): every stage finds its waiting work through an
-- indexed status, claims a batch with select ... for update skip locked, and marks it done in the same
-- transaction. No stage scans history to find or handle one item.

-- Invoicing: NONE (not billable), PENDING (waits for an invoice), INVOICED, SKIPPED (superseded by a later
-- version, or its order was invoiced already), FAILED (refused with invoicing_error, waits for a person).
alter table sales_order add column invoicing_status varchar(20) not null default 'NONE';
alter table sales_order add column invoicing_error varchar(1000);
update sales_order set invoicing_status = 'PENDING'
 where status = 'BILLABLE'
   and not exists (select 1 from invoice i where i.source = sales_order.source and i.crm_order_id = sales_order.crm_order_id);
update sales_order set invoicing_status = 'INVOICED' where status = 'BILLABLE' and invoicing_status = 'NONE';
create index ix_sales_order_invoicing on sales_order (invoicing_status, id);

-- Reconciliation keeps each invoice's allocated total on the row it locks, instead of summing its allocations.
alter table invoice add column allocated_total numeric(19, 4) not null default 0;
update invoice set allocated_total = (select coalesce(sum(a.amount), 0) from allocation a where a.invoice_id = invoice.id);
create index ix_allocation_invoice on allocation (invoice_id);

drop index ix_payment_event_status;
create index ix_payment_event_waiting on payment_event (status, id);

-- Ledger posting: a PENDING entry is due once next_attempt_at (null: at once) has passed.
alter table journal_entry add column next_attempt_at timestamp with time zone;
drop index ix_journal_entry_status;
create index ix_journal_entry_waiting on journal_entry (posting_status, id);
