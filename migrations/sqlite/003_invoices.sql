-- 003 invoices (SQLite dialect): issued invoices and credit notes (insert only), their
-- gap-free per-year counters, and buyers' billing profiles.

-- One counter per (kind, year); advanced inside the transaction that issues the document, so
-- a rolled-back issue gives its number back and writers serialise on the row.
CREATE TABLE document_sequences (
    kind TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    year INTEGER NOT NULL CHECK (year >= 1970 AND year <= 9999),
    next_number INTEGER NOT NULL CHECK (next_number >= 1),
    PRIMARY KEY (kind, year)
);

CREATE TABLE invoices (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL UNIQUE REFERENCES orders(id),
    number TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL,
    sequence INTEGER NOT NULL CHECK (sequence >= 1),
    issued_at TEXT NOT NULL,
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    gross_cents INTEGER NOT NULL,
    content TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    pdf_sha256 TEXT NOT NULL,
    UNIQUE (year, sequence)
);

CREATE TABLE credit_notes (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders(id),
    invoice_id TEXT NOT NULL REFERENCES invoices(id),
    ordinal INTEGER NOT NULL CHECK (ordinal >= 1),
    number TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL,
    sequence INTEGER NOT NULL CHECK (sequence >= 1),
    issued_at TEXT NOT NULL,
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    gross_cents INTEGER NOT NULL,
    content TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    pdf_sha256 TEXT NOT NULL,
    UNIQUE (order_id, ordinal),
    UNIQUE (year, sequence)
);
CREATE INDEX idx_credit_notes_order ON credit_notes(order_id, ordinal);

-- An issued document is never edited or deleted (a correction is a credit note).
CREATE TRIGGER invoices_no_update BEFORE UPDATE ON invoices
BEGIN SELECT RAISE(ABORT, 'invoices are immutable'); END;
CREATE TRIGGER invoices_no_delete BEFORE DELETE ON invoices
BEGIN SELECT RAISE(ABORT, 'invoices are immutable'); END;
CREATE TRIGGER credit_notes_no_update BEFORE UPDATE ON credit_notes
BEGIN SELECT RAISE(ABORT, 'credit notes are immutable'); END;
CREATE TRIGGER credit_notes_no_delete BEFORE DELETE ON credit_notes
BEGIN SELECT RAISE(ABORT, 'credit notes are immutable'); END;

CREATE TABLE billing_profiles (
    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    country TEXT NOT NULL CHECK (length(country) = 2),
    vat_id TEXT,
    updated_at TEXT NOT NULL
);
