-- What a proof needs to be checked without a node: the anchoring block's header (RLP, as sealed) and the
-- eth_getProof answer for the registry's anchors[root] slot at that block. Collected once per batch after it is
-- anchored; a node that cannot give them leaves them null and the proofs are checked on chain only.
alter table batch add column block_header bytea;
alter table batch add column anchor_proof text;
alter table batch add column evidence_attempts integer not null default 0;
create index batch_missing_evidence on batch (id) where status = 'ANCHORED' and block_header is null;
