-- 001 initial schema (PostgreSQL dialect): same tables and meaning as sqlite/001_initial.sql.

CREATE TABLE users (
    id UUID PRIMARY KEY,
    email TEXT,
    email_verified BOOLEAN NOT NULL DEFAULT FALSE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX idx_users_email ON users (lower(email)) WHERE email IS NOT NULL;

CREATE TABLE api_tokens (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX idx_api_tokens_user ON api_tokens(user_id);

CREATE TABLE products (
    id UUID PRIMARY KEY,
    seller_id UUID NOT NULL REFERENCES users(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    price_cents BIGINT NOT NULL CHECK (price_cents >= 0),
    currency CHAR(3) NOT NULL,
    vat_rate_bp INTEGER NOT NULL CHECK (vat_rate_bp >= 0 AND vat_rate_bp <= 10000),
    file_sha256 TEXT,
    file_size BIGINT,
    file_content_type TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_products_seller ON products(seller_id, id);

CREATE TABLE orders (
    id UUID PRIMARY KEY,
    buyer_id UUID NOT NULL REFERENCES users(id),
    status TEXT NOT NULL CHECK (status IN ('pending_payment', 'paid', 'failed', 'cancelled',
                                           'partially_refunded', 'refunded')),
    currency CHAR(3) NOT NULL,
    total_cents BIGINT NOT NULL CHECK (total_cents >= 0),
    net_cents BIGINT NOT NULL CHECK (net_cents >= 0),
    vat_cents BIGINT NOT NULL CHECK (vat_cents >= 0),
    payment_id TEXT UNIQUE,
    refund_status TEXT NOT NULL DEFAULT 'none'
        CHECK (refund_status IN ('none', 'pending', 'succeeded', 'failed', 'partially_refunded')),
    withdrawal_waiver_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_orders_buyer ON orders(buyer_id, id);

CREATE TABLE order_items (
    id UUID PRIMARY KEY,
    order_id UUID NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    product_id UUID NOT NULL REFERENCES products(id),
    seller_id UUID NOT NULL REFERENCES users(id),
    title TEXT NOT NULL,
    unit_gross_cents BIGINT NOT NULL CHECK (unit_gross_cents >= 0),
    vat_rate_bp INTEGER NOT NULL CHECK (vat_rate_bp >= 0 AND vat_rate_bp <= 10000),
    net_cents BIGINT NOT NULL,
    vat_cents BIGINT NOT NULL,
    UNIQUE (order_id, product_id),
    UNIQUE (order_id, position)
);

CREATE TABLE licences (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    product_id UUID NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    order_id UUID NOT NULL REFERENCES orders(id),
    status TEXT NOT NULL CHECK (status IN ('active', 'revoked')),
    granted_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ,
    first_downloaded_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX idx_licences_active ON licences(user_id, product_id) WHERE status = 'active';
CREATE INDEX idx_licences_order ON licences(order_id);

-- The seed's table (COM1-01), exactly. gen_random_uuid() is built in since PostgreSQL 13.
CREATE TABLE IF NOT EXISTS product_reviews (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    product_id UUID NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    rating INT NOT NULL CHECK (rating >= 1 AND rating <= 5),
    comment TEXT,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    UNIQUE(product_id, user_id)
);
CREATE INDEX idx_product_reviews_product ON product_reviews(product_id);
