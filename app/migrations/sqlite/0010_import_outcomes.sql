-- What an import leaves besides its deals: the rows it skipped, each with the reason
-- (its result names them, as it names failed rows), and the contacts and companies it
-- created for rows naming ones that did not exist (its undo removes those that nothing
-- else uses by then). Written with each chunk, like import_rows.
CREATE TABLE import_skips (
    import_id BIGINT NOT NULL,
    row_number BIGINT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (import_id, row_number)
);

CREATE TABLE import_created_records (
    import_id BIGINT NOT NULL,
    record_kind TEXT NOT NULL CHECK (record_kind IN ('contact', 'company')),
    record_id BIGINT NOT NULL,
    PRIMARY KEY (import_id, record_kind, record_id)
);
