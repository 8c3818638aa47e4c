-- 003 invoices (PostgreSQL dialect): issued invoices and credit notes (insert only), their
-- gap-free per-year counters, and buyers' billing profiles.

-- One counter per (kind, year); advanced inside the transaction that issues the document
-- (INSERT … ON CONFLICT DO UPDATE … RETURNING locks the row until commit), so a rolled-back
-- issue gives its number back and concurrent issuers serialise on the row.
CREATE TABLE document_sequences (
    kind TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    year INTEGER NOT NULL CHECK (year >= 1970 AND year <= 9999),
    next_number BIGINT NOT NULL CHECK (next_number >= 1),
    PRIMARY KEY (kind, year)
);

CREATE TABLE invoices (
    id UUID PRIMARY KEY,
    order_id UUID NOT NULL UNIQUE REFERENCES orders(id),
    number TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL,
    sequence BIGINT NOT NULL CHECK (sequence >= 1),
    issued_at TIMESTAMPTZ NOT NULL,
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    gross_cents BIGINT NOT NULL,
    content TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    pdf_sha256 TEXT NOT NULL,
    UNIQUE (year, sequence)
);

CREATE TABLE credit_notes (
    id UUID PRIMARY KEY,
    order_id UUID NOT NULL REFERENCES orders(id),
    invoice_id UUID NOT NULL REFERENCES invoices(id),
    ordinal INTEGER NOT NULL CHECK (ordinal >= 1),
    number TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL,
    sequence BIGINT NOT NULL CHECK (sequence >= 1),
    issued_at TIMESTAMPTZ NOT NULL,
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    gross_cents BIGINT NOT NULL,
    content TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    pdf_sha256 TEXT NOT NULL,
    UNIQUE (order_id, ordinal),
    UNIQUE (year, sequence)
);
CREATE INDEX idx_credit_notes_order ON credit_notes(order_id, ordinal);

-- An issued document is never edited or deleted (a correction is a credit note).
CREATE FUNCTION veza_refuse_document_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% are immutable', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER invoices_immutable BEFORE UPDATE OR DELETE ON invoices
    FOR EACH ROW EXECUTE FUNCTION veza_refuse_document_change();
CREATE TRIGGER credit_notes_immutable BEFORE UPDATE OR DELETE ON credit_notes
    FOR EACH ROW EXECUTE FUNCTION veza_refuse_document_change();

CREATE TABLE billing_profiles (
    user_id UUID PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    country TEXT NOT NULL CHECK (length(country) = 2),
    vat_id TEXT,
    updated_at TIMESTAMPTZ NOT NULL
);
