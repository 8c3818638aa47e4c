-- 002 product reviews (SQLite dialect). Expands the seed's product_reviews (001, unchanged):
-- every new column is nullable or has a default, so the previous release keeps working.
-- A review counts in its product's summary while verified_purchase = 1 and status = 'published';
-- the service keeps product_rating_summaries equal to that count in the same transaction.
ALTER TABLE product_reviews ADD COLUMN updated_at TEXT;
-- 0 for rows no release of ours verified: such a row never enters a summary by accident.
ALTER TABLE product_reviews ADD COLUMN verified_purchase INTEGER NOT NULL DEFAULT 0
    CHECK (verified_purchase IN (0, 1));
ALTER TABLE product_reviews ADD COLUMN status TEXT NOT NULL DEFAULT 'published'
    CHECK (status IN ('published', 'hidden', 'removed'));
ALTER TABLE product_reviews ADD COLUMN report_count INTEGER NOT NULL DEFAULT 0 CHECK (report_count >= 0);
-- The seller's one public reply.
ALTER TABLE product_reviews ADD COLUMN reply_text TEXT;
ALTER TABLE product_reviews ADD COLUMN reply_created_at TEXT;
ALTER TABLE product_reviews ADD COLUMN reply_updated_at TEXT;

-- Keyset pages: newest (created_at, id) descending; highest (rating, id) descending; lowest
-- rating ascending, then id descending. Each page is an index range, whatever the row count.
CREATE INDEX idx_product_reviews_newest ON product_reviews (product_id, status, created_at, id);
CREATE INDEX idx_product_reviews_rating ON product_reviews (product_id, status, rating, id);
CREATE INDEX idx_product_reviews_lowest ON product_reviews (product_id, status, rating ASC, id DESC);

CREATE TABLE product_review_reports (
    review_id TEXT NOT NULL REFERENCES product_reviews(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (review_id, user_id)
);

-- One row per reviewed product, changed only by arithmetic UPSERTs.
CREATE TABLE product_rating_summaries (
    product_id TEXT PRIMARY KEY REFERENCES products(id) ON DELETE CASCADE,
    review_count INTEGER NOT NULL DEFAULT 0,
    rating_sum INTEGER NOT NULL DEFAULT 0,
    stars_1 INTEGER NOT NULL DEFAULT 0,
    stars_2 INTEGER NOT NULL DEFAULT 0,
    stars_3 INTEGER NOT NULL DEFAULT 0,
    stars_4 INTEGER NOT NULL DEFAULT 0,
    stars_5 INTEGER NOT NULL DEFAULT 0
);
