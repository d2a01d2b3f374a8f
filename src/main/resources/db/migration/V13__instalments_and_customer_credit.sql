-- Instalments (issue 7 item 3) and customer credit applied by itself (item 2).

-- Payment terms an order names (a configured name, or terms written out such as "30/60/90" or "30%@0, 70%@30"),
-- and the terms an invoice was issued under.
alter table sales_order add column payment_terms varchar(100);
alter table invoice add column payment_terms varchar(100);
-- a prepayment names its CRM order before the order has an invoice
create index ix_sales_order_crm_order on sales_order (crm_order_id);

-- An invoice under split terms: one row per instalment, in due order, adding up to the invoice's gross total.
-- What is open on each is derived from the invoice's allocated_total (money settles the instalment due first
-- first), so nothing can make an instalment disagree with its invoice.
create table invoice_instalment (
    invoice_id    bigint         not null references invoice (id),
    instalment_no integer        not null,
    due_date      date           not null,
    amount        numeric(19, 4) not null,
    primary key (invoice_id, instalment_no)
);
create index ix_invoice_instalment_due on invoice_instalment (due_date);

-- Reminders are per instalment (0: an invoice without instalments): each stage once per instalment.
alter table reminder_event add column instalment_no integer default 0 not null;
alter table reminder_event drop constraint uq_reminder_event;
alter table reminder_event add constraint uq_reminder_event unique (invoice_id, instalment_no, days_past_due);

-- Whose credit a payment holds (the customer reconciliation identified), so that credit finds that customer's
-- next invoices.
alter table payment add column customer_id varchar(100);
create index ix_payment_customer on payment (customer_id, currency);

-- The credit-application stage's work list: a customer (in a currency) who may have credit and open invoices to
-- apply it to. Asked for when a payment leaves credit and when an invoice is issued to a customer holding credit;
-- one row per customer and currency however often it is asked; removed when the stage has looked.
create table credit_review (
    customer_id  varchar(100) not null,
    currency     char(3)      not null,
    requested_at timestamp with time zone not null,
    primary key (customer_id, currency)
);

-- The workbench can keep a payment's money as a named customer's credit ("apply to credit").
alter table workbench_action drop constraint ck_workbench_action_kind;
alter table workbench_action add constraint ck_workbench_action_kind
    check (kind in ('MATCH', 'WRITE_OFF', 'REFUND', 'IGNORE', 'CREDIT', 'UNDO'));
