-- Least privilege for the role the gateway runs as (anchor.database.runtime-role, given to Flyway as the
-- placeholder runtimeRole). Migrations run as the schema's owner (quarkus.flyway.username); the gateway connects as
-- the runtime role (quarkus.datasource.username), which reads and writes rows and nothing else: it owns nothing, so
-- it cannot drop the audit log's append-only trigger, alter a table or rewrite the migration history, and it may
-- only insert into and read audit_event.
--
-- Repeatable and re-applied at every start (the timestamp below changes its checksum), so tables added by later
-- migrations are covered. A role that does not exist (dev and tests connect as the owner) is skipped.
-- Applied at ${flyway:timestamp}.
do $grants$
declare
    runtime text := '${runtimeRole}';
begin
    if runtime = '' or runtime = current_user or not exists (select 1 from pg_roles where rolname = runtime) then
        raise notice 'runtime role "%" absent or the migrating role itself: no grants', runtime;
        return;
    end if;
    -- Nobody but the owner creates objects here (PostgreSQL before 15 lets everyone create in public).
    execute format('revoke create on schema %I from public', current_schema());
    execute format('revoke create on schema %I from %I', current_schema(), runtime);
    execute format('grant usage on schema %I to %I', current_schema(), runtime);
    execute format('grant select, insert, update, delete on all tables in schema %I to %I', current_schema(), runtime);
    execute format('grant usage, select on all sequences in schema %I to %I', current_schema(), runtime);
    execute format('revoke update, delete, truncate, references, trigger on audit_event from %I', runtime);
    execute format('revoke all on %I from %I', '${flyway:table}', runtime);
end
$grants$;
