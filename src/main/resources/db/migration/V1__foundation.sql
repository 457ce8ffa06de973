-- Departments and their API keys. Keys are stored only as SHA-256 hashes; the prefix names a key in logs.
create table department (
    id          bigserial primary key,
    code        varchar(32)  not null unique,
    name        varchar(200) not null,
    status      varchar(16)  not null default 'ACTIVE' check (status in ('ACTIVE', 'SUSPENDED')),
    created_at  timestamptz  not null default now()
);

create table api_key (
    id             bigserial primary key,
    department_id  bigint       not null references department (id),
    key_prefix     varchar(24)  not null unique,
    key_hash       bytea        not null,
    created_at     timestamptz  not null default now(),
    expires_at     timestamptz,
    revoked_at     timestamptz
);

-- One row per sealed batch; the id is the batch id anchored on chain (gapless, from 1).
create table batch (
    id             bigint       primary key check (id > 0),
    root           bytea        not null unique check (octet_length(root) = 32),
    leaf_count     integer      not null check (leaf_count > 0),
    status         varchar(16)  not null check (status in ('SEALED', 'SUBMITTED', 'ANCHORED', 'FAILED')),
    sealed_at      timestamptz  not null,
    chain_id       bigint,
    registry       varchar(42),
    tx_hash        bytea,
    raw_tx         bytea,
    tx_nonce       bigint,
    submitted_at   timestamptz,
    block_number   bigint,
    block_hash     bytea,
    block_time     timestamptz,
    anchored_at    timestamptz,
    attempts       integer      not null default 0,
    last_error     text
);
create index batch_unfinished on batch (id) where status in ('SEALED', 'SUBMITTED');

-- An accepted document digest. batch_id, leaf_index and proof are set when its batch is sealed.
create table document (
    id             uuid         primary key,
    department_id  bigint       not null references department (id),
    digest         bytea        not null check (octet_length(digest) = 32),
    algorithm      varchar(16)  not null,
    reference      varchar(128),
    received_at    timestamptz  not null,
    batch_id       bigint       references batch (id),
    leaf           bytea,
    proof          bytea,
    constraint document_department_digest unique (department_id, digest)
);
create index document_pending on document (received_at, id) where batch_id is null;
create index document_digest on document (digest);
create index document_batch on document (batch_id);

-- The registry contract this gateway anchors into, per chain; written once, by auto-deployment (dev, test)
-- or taken from configuration (prod).
create table registry_deployment (
    chain_id     bigint       primary key,
    address      varchar(42)  not null,
    deployed_at  timestamptz  not null default now()
);
