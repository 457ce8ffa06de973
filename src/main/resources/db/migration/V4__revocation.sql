-- A department's revocation of one of its documents, recorded on chain by revokeBatch (several per transaction).
create table revocation (
    document_id     uuid         primary key references document (id),
    reason          varchar(16)  not null
        check (reason in ('superseded', 'issued-in-error', 'withdrawn', 'fraud', 'other')),
    replacement_id  uuid         references document (id),
    requested_at    timestamptz  not null,
    requested_by    varchar(64)  not null,
    status          varchar(16)  not null check (status in ('PENDING', 'SUBMITTED', 'RECORDED')),
    tx_hash         bytea,
    raw_tx          bytea,
    tx_nonce        bigint,
    submitted_at    timestamptz,
    block_number    bigint,
    recorded_at     timestamptz,
    last_error      varchar(1000)
);
create index revocation_unfinished on revocation (requested_at) where status <> 'RECORDED';
