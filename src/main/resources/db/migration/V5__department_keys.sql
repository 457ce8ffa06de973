-- Public keys a department signs its submissions with (ECDSA P-256, Ed25519, SM2), as PEM (key or certificate).
create table department_key (
    id             bigserial    primary key,
    department_id  bigint       not null references department (id),
    algorithm      varchar(16)  not null check (algorithm in ('ecdsa-p256', 'ed25519', 'sm2')),
    fingerprint    varchar(80)  not null,
    pem            text         not null,
    certificate    boolean      not null,
    created_at     timestamptz  not null default now(),
    revoked_at     timestamptz,
    constraint department_key_unique unique (department_id, fingerprint)
);

-- A signed submission keeps its signature and the key it verified under.
alter table document add column signature bytea;
alter table document add column signature_key_id bigint references department_key (id);
