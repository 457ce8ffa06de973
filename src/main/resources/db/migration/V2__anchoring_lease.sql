-- Which replica anchors: one row per role, held for a short time and renewed. Every takeover increments
-- token, the fencing token; a replica writes batch state only while the row still carries its token.
create table anchoring_lease (
    name        varchar(32)  primary key,
    holder      varchar(128),
    token       bigint       not null default 0,
    expires_at  timestamptz  not null default '-infinity'
);
insert into anchoring_lease (name) values ('anchorer');
