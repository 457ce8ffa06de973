-- A department finds its own documents by time (keyset pagination on received_at, id) and by its own reference.
create index document_department_received on document (department_id, received_at, id);
create index document_department_reference on document (department_id, reference) where reference is not null;
