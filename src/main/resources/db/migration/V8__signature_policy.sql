-- Once a department has had a signing key, its submissions must stay signed: revoking its last key must not turn
-- signing off (a stolen API key would then submit unsigned). Only an administrator turns the requirement off.
alter table department add column signatures_required boolean not null default false;
update department d set signatures_required = true
 where exists (select 1 from department_key k where k.department_id = d.id);
