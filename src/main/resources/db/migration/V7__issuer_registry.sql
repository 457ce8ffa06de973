-- The issuer registry the anchor registry names, recorded with the block that deployed it (where following its
-- events starts). Null for a registry that names none.
alter table registry_deployment add column issuer_registry varchar(42);
alter table registry_deployment add column issuer_registry_block bigint;

-- What the issuer registry's events say, applied in chain order by the follower (IssuerFollower). The chain is the
-- record: these tables can be emptied at any time and are rebuilt from the events.
create table issuer_department (
    code           varchar(32)   primary key,
    name_zh        varchar(400)  not null,
    name_en        varchar(400)  not null,
    registered_at  timestamptz   not null,
    block_number   bigint        not null
);

-- Status history, oldest first: entry 0 is (active, registered_at); an entry with the same from_at as the one
-- before it replaces it from that time on (the contract's rule).
create table issuer_department_status (
    id            bigserial     primary key,
    code          varchar(32)   not null references issuer_department (code) on delete cascade,
    position      integer       not null,
    active        boolean       not null,
    from_at       timestamptz   not null,
    block_number  bigint        not null,
    constraint issuer_department_status_unique unique (code, position)
);

create table issuer_key (
    id                 bigserial    primary key,
    code               varchar(32)  not null references issuer_department (code) on delete cascade,
    fingerprint        varchar(71)  not null,
    algorithm          varchar(16)  not null check (algorithm in ('ecdsa-p256', 'ed25519', 'sm2')),
    spki               bytea        not null,
    valid_from         timestamptz  not null,
    registered_at      timestamptz  not null,
    revocation_reason  varchar(16)  check (revocation_reason in ('superseded', 'compromised')),
    effective_at       timestamptz,
    revoked_at         timestamptz,
    block_number       bigint       not null,
    constraint issuer_key_unique unique (code, fingerprint)
);

create table issuer_document_type (
    id        bigserial    primary key,
    code      varchar(32)  not null references issuer_department (code) on delete cascade,
    doc_type  varchar(64)  not null,
    constraint issuer_document_type_unique unique (code, doc_type)
);

-- How far the follower has applied the events of one issuer registry: every block below next_block, and the hash
-- of the last of them as it was then (a different hash now means a reorganisation: the tables are rebuilt).
create table issuer_follower (
    registry         varchar(42)  primary key,
    from_block       bigint       not null,
    next_block       bigint       not null,
    last_block_hash  bytea
);

-- The PEM an administrator registered a key with (a certificate chain, or the key), kept to be shown in proofs;
-- the chain holds only the SubjectPublicKeyInfo.
create table issuer_key_material (
    code         varchar(32)  not null,
    fingerprint  varchar(71)  not null,
    pem          text         not null,
    certificate  boolean      not null,
    primary key (code, fingerprint)
);

-- The gateway's own department and key rows follow the issuer tables (names, status now, key validity).
alter table department add column name_zh varchar(400);
alter table department alter column name type varchar(400);
alter table department_key add column valid_from timestamptz;
alter table department_key add column revocation_reason varchar(16);

-- A revocation the department signed: the key and the signature, sent on chain with revokeSigned.
alter table revocation add column key_fingerprint varchar(71);
alter table revocation add column signature bytea;
