-- The list view: each person's chosen columns, and indexes its sorts read in order, so a
-- first page never sorts 100,000 deals. Deals without an expected close date come last
-- in both directions, hence the IS NULL part of those two indexes.
CREATE TABLE list_columns (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    columns TEXT NOT NULL
);
CREATE INDEX opportunities_list_close ON opportunities ((expected_close_date IS NULL), expected_close_date, id);
CREATE INDEX opportunities_list_close_desc ON opportunities ((expected_close_date IS NULL), expected_close_date DESC, id DESC);
CREATE INDEX opportunities_list_value ON opportunities (value_minor, id);
CREATE INDEX opportunities_list_name ON opportunities (name, id);
CREATE INDEX opportunities_list_updated ON opportunities (updated_at, id);
CREATE INDEX opportunities_list_created ON opportunities (created_at, id);
