-- Credentials carry roles. Department keys (submitter, revoker) belong to a department; operator keys (admin,
-- auditor) belong to none.
alter table api_key alter column department_id drop not null;
alter table api_key add column roles varchar(16)[] not null default '{submitter}';
alter table api_key add column label varchar(100);
alter table api_key add constraint api_key_known_roles
    check (cardinality(roles) > 0 and roles <@ array['submitter', 'revoker', 'auditor', 'admin']::varchar[]);
alter table api_key add constraint api_key_department_roles
    check (department_id is not null or not (roles && array['submitter', 'revoker']::varchar[]));

-- Who did what, when and from where: every write and every admin action. Append-only: the trigger refuses
-- UPDATE, DELETE and TRUNCATE for everyone, the gateway included.
create table audit_event (
    id              bigserial    primary key,
    at              timestamptz  not null default now(),
    actor           varchar(64)  not null,
    department      varchar(32),
    action          varchar(64)  not null,
    target          varchar(200),
    detail          varchar(1000),
    remote_address  varchar(100),
    request_id      varchar(64)
);

create function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only';
end
$$;

create trigger audit_event_append_only before update or delete or truncate on audit_event
    for each statement execute function audit_event_is_append_only();
