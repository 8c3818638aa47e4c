-- 001 initial schema (SQLite dialect). Ids are UUIDv7 TEXT from IdGenerator; timestamps are
-- RFC 3339 UTC TEXT with milliseconds; money is INTEGER minor units beside a currency code.

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT,
    email_verified INTEGER NOT NULL DEFAULT 0 CHECK (email_verified IN (0, 1)),
    display_name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    created_at TEXT NOT NULL
);
-- Emails are ASCII (validated in the domain), so lower() folds case completely.
CREATE UNIQUE INDEX idx_users_email ON users (lower(email)) WHERE email IS NOT NULL;

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    revoked_at TEXT
);
CREATE INDEX idx_api_tokens_user ON api_tokens(user_id);

CREATE TABLE products (
    id TEXT PRIMARY KEY,
    seller_id TEXT NOT NULL REFERENCES users(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    vat_rate_bp INTEGER NOT NULL CHECK (vat_rate_bp >= 0 AND vat_rate_bp <= 10000),
    file_sha256 TEXT,
    file_size INTEGER,
    file_content_type TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX idx_products_seller ON products(seller_id, id);

CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    buyer_id TEXT NOT NULL REFERENCES users(id),
    status TEXT NOT NULL CHECK (status IN ('pending_payment', 'paid', 'failed', 'cancelled',
                                           'partially_refunded', 'refunded')),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
    net_cents INTEGER NOT NULL CHECK (net_cents >= 0),
    vat_cents INTEGER NOT NULL CHECK (vat_cents >= 0),
    payment_id TEXT UNIQUE,
    refund_status TEXT NOT NULL DEFAULT 'none'
        CHECK (refund_status IN ('none', 'pending', 'succeeded', 'failed', 'partially_refunded')),
    withdrawal_waiver_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX idx_orders_buyer ON orders(buyer_id, id);

CREATE TABLE order_items (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    product_id TEXT NOT NULL REFERENCES products(id),
    seller_id TEXT NOT NULL REFERENCES users(id),
    title TEXT NOT NULL,
    unit_gross_cents INTEGER NOT NULL CHECK (unit_gross_cents >= 0),
    vat_rate_bp INTEGER NOT NULL CHECK (vat_rate_bp >= 0 AND vat_rate_bp <= 10000),
    net_cents INTEGER NOT NULL,
    vat_cents INTEGER NOT NULL,
    UNIQUE (order_id, product_id),
    UNIQUE (order_id, position)
);

CREATE TABLE licences (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    order_id TEXT NOT NULL REFERENCES orders(id),
    status TEXT NOT NULL CHECK (status IN ('active', 'revoked')),
    granted_at TEXT NOT NULL,
    revoked_at TEXT,
    first_downloaded_at TEXT
);
-- At most one active licence per user and product; revoked ones are history.
CREATE UNIQUE INDEX idx_licences_active ON licences(user_id, product_id) WHERE status = 'active';
CREATE INDEX idx_licences_order ON licences(order_id);

-- The seed's table (COM1-01), in the SQLite dialect.
CREATE TABLE IF NOT EXISTS product_reviews (
    id TEXT PRIMARY KEY,
    product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    rating INTEGER NOT NULL CHECK (rating >= 1 AND rating <= 5),
    comment TEXT,
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE(product_id, user_id)
);
CREATE INDEX idx_product_reviews_product ON product_reviews(product_id);
