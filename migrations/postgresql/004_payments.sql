-- Payments (issue 5): refunds through the provider, and the webhook events seen (dedup).
CREATE TABLE refunds (
    id UUID PRIMARY KEY,
    order_id UUID NOT NULL REFERENCES orders(id),
    payment_id TEXT NOT NULL,
    provider_refund_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('whole', 'items', 'amount', 'external')),
    product_ids TEXT NOT NULL DEFAULT '',
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    currency CHAR(3) NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    reason TEXT NOT NULL,
    requested_by UUID,
    error_code TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_refunds_order ON refunds(order_id, created_at);
-- One refund in flight per order (and so per payment): the provider has let concurrent
-- refunds exceed the captured amount, so we serialise them here, across every instance.
CREATE UNIQUE INDEX idx_refunds_one_pending ON refunds(order_id) WHERE status = 'pending';
CREATE INDEX idx_refunds_pending ON refunds(status, updated_at);

CREATE TABLE webhook_events (
    id UUID PRIMARY KEY,
    provider_event_id TEXT NOT NULL UNIQUE,
    event_type TEXT NOT NULL,
    outcome TEXT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX idx_orders_status ON orders(status, updated_at);
