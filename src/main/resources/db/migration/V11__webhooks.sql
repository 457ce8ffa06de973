-- Webhooks (issue 12): departments' HTTPS endpoints, a durable outbox written in the transaction of the state
-- change it announces, and the last delivery attempts per endpoint. Granted to the runtime role by R__runtime_role.

create table webhook_endpoint (
    id             bigserial    primary key,
    department_id  bigint       not null references department (id),
    url            varchar(2000) not null,
    event_types    text[]       not null check (cardinality(event_types) > 0),
    -- The Standard Webhooks signing secret, "whsec_" + base64. The gateway needs it to sign, so it cannot be a hash
    -- like an API key (docs/operations.md, "Webhook secrets"). Never logged, never answered after creation.
    secret         text         not null,
    -- After a rotation, messages carry a second signature with the previous secret until previous_secret_until.
    previous_secret       text,
    previous_secret_until timestamptz,
    description    varchar(200),
    enabled        boolean      not null default true,
    created_at     timestamptz  not null default now(),
    created_by     varchar(100) not null
);
create index webhook_endpoint_department on webhook_endpoint (department_id);

-- One row per (event, endpoint), inserted in the transaction that changes the state it announces.
-- document.anchored: one row per (batch, endpoint subscribed to it), whatever the batch holds (the anchoring
-- transaction stays O(endpoints), never O(documents)), expanded by the delivery worker into messages of up to anchor.webhooks.page-size documents: cursor_seq is the last document
-- number delivered, page_last_seq the last one of the message in flight (fixed before its first attempt, so that
-- a redelivery after a crash is the same message with the same webhook-id).
-- document.revoked: one row per (revocation, endpoint); batch.failed: one row per (batch, endpoint).
create table webhook_delivery (
    id               bigserial    primary key,
    endpoint_id      bigint       not null references webhook_endpoint (id) on delete cascade,
    event_type       varchar(40)  not null check (event_type in ('document.anchored', 'document.revoked', 'batch.failed')),
    batch_id         bigint       references batch (id),
    document_id      uuid         references document (id),
    created_at       timestamptz  not null default now(),
    status           varchar(16)  not null default 'PENDING' check (status in ('PENDING', 'DELIVERED', 'FAILED')),
    cursor_seq       bigint,
    page_last_seq    bigint,
    messages_sent    integer      not null default 0,
    attempts         integer      not null default 0,
    first_failed_at  timestamptz,
    next_attempt_at  timestamptz  not null default now(),
    locked_by        varchar(200),
    locked_until     timestamptz,
    last_error       text,
    finished_at      timestamptz,
    check ((event_type = 'document.revoked') = (document_id is not null)),
    check ((event_type <> 'document.revoked') = (batch_id is not null))
);
-- Each event once per endpoint, whatever retries the writer goes through.
create unique index webhook_delivery_batch_event on webhook_delivery (endpoint_id, event_type, batch_id)
    where batch_id is not null;
create unique index webhook_delivery_document_event on webhook_delivery (endpoint_id, event_type, document_id)
    where document_id is not null;
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'PENDING';

-- What each attempt got, for the admin API; only the newest anchor.webhooks.attempts-kept per endpoint are kept.
create table webhook_attempt (
    id             bigserial    primary key,
    endpoint_id    bigint       not null references webhook_endpoint (id) on delete cascade,
    delivery_id    bigint       not null references webhook_delivery (id) on delete cascade,
    message_id     varchar(120) not null,
    attempted_at   timestamptz  not null,
    status_code    integer,
    error          varchar(500),
    duration_ms    integer      not null
);
create index webhook_attempt_endpoint on webhook_attempt (endpoint_id, id desc);
