-- A batch covers a range of document sequence numbers and stores its tree once, as its sorted leaf level; sealing
-- no longer rewrites a row per document (batch id, leaf and a 32-byte-per-level path), and a proof is read off the
-- batch's leaves.
--
-- Every document gets a sequence number at intake. Intake takes the advisory lock 0x696e74616b65 ("intake") in
-- shared mode for its transaction; the sealer takes it exclusively for a moment to learn the highest committed
-- number, so that no number at or below it can still commit. A batch then covers (previous last_seq, last_seq].

create sequence document_seq as bigint;
alter table document add column seq bigint;

-- Existing documents: the sealed ones by batch, then the pending ones, each in the order they were sealed in.
with ordered as (
    select id, row_number() over (order by batch_id nulls last, received_at, id) as n from document
)
update document d set seq = o.n from ordered o where o.id = d.id;
select setval('document_seq', coalesce((select max(seq) from document), 0) + 1, false);
alter table document alter column seq set default nextval('document_seq'), alter column seq set not null;
alter sequence document_seq owned by document.seq;
create unique index document_seq_key on document (seq);

alter table batch add column first_seq bigint, add column last_seq bigint, add column leaves bytea;
update batch b set first_seq = s.lo, last_seq = s.hi
  from (select batch_id, min(seq) as lo, max(seq) as hi from document where batch_id is not null group by batch_id) s
 where s.batch_id = b.id;
alter table batch alter column first_seq set not null, alter column last_seq set not null,
    add constraint batch_seq_range check (first_seq > 0 and last_seq >= first_seq);
create unique index batch_last_seq on batch (last_seq);
-- 32 bytes a leaf, sorted ascending; random bytes do not compress, and external storage lets a reader fetch a
-- slice without the whole value. Null for batches sealed before this migration until the gateway first serves a
-- proof from them: it rebuilds them from their documents and checks the root (BatchTrees).
alter table batch alter column leaves set storage external;
alter table batch add constraint batch_leaves_size check (leaves is null or octet_length(leaves) = 32 * leaf_count);

drop index document_pending;
drop index document_batch;
alter table document drop column batch_id, drop column leaf, drop column proof;

-- One index serves both the uniqueness of (department, digest) and the public lookup by digest.
alter table document drop constraint document_department_digest;
drop index document_digest;
alter table document add constraint document_digest_department unique (digest, department_id);
