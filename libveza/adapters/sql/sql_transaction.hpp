#pragma once
#include <soci/soci.h>

#include <veza/persistence/database.hpp>

#include "adapters/sql/sql_api_token_repository.hpp"
#include "adapters/sql/sql_invoice_repository.hpp"
#include "adapters/sql/sql_licence_repository.hpp"
#include "adapters/sql/sql_oauth_identity_repository.hpp"
#include "adapters/sql/sql_order_repository.hpp"
#include "adapters/sql/sql_product_repository.hpp"
#include "adapters/sql/sql_refund_repository.hpp"
#include "adapters/sql/sql_review_repository.hpp"
#include "adapters/sql/sql_user_repository.hpp"
#include "adapters/sql/sql_webhook_event_repository.hpp"

namespace veza::adapters {

// The repositories of one open transaction, all over the same leased session. Lives only
// for the duration of Database::run's work.
class SqlTransaction final : public Transaction {
 public:
  SqlTransaction(soci::session& sql, StatementCache& statements)
      : users_(sql, statements), api_tokens_(sql, statements), products_(sql, statements), orders_(sql), licences_(sql), refunds_(sql), webhook_events_(sql), invoices_(sql), document_sequences_(sql), billing_profiles_(sql), reviews_(sql, statements),
        oauth_identities_(sql), sessions_(sql, statements, SqlApiTokenRepository::Table::sessions) {}

  identity::UserRepository& users() override { return users_; }
  identity::ApiTokenRepository& api_tokens() override { return api_tokens_; }
  catalog::ProductRepository& products() override { return products_; }
  orders::OrderRepository& orders() override { return orders_; }
  orders::LicenceRepository& licences() override { return licences_; }
  payments::RefundRepository& refunds() override { return refunds_; }
  payments::WebhookEventRepository& webhook_events() override { return webhook_events_; }
  invoicing::InvoiceRepository& invoices() override { return invoices_; }
  invoicing::DocumentSequenceRepository& document_sequences() override { return document_sequences_; }
  invoicing::BillingProfileRepository& billing_profiles() override { return billing_profiles_; }
  reviews::ReviewRepository& reviews() override { return reviews_; }
  identity::OAuthIdentityRepository& oauth_identities() override { return oauth_identities_; }
  identity::ApiTokenRepository& sessions() override { return sessions_; }

 private:
  SqlUserRepository users_;
  SqlApiTokenRepository api_tokens_;
  SqlProductRepository products_;
  SqlOrderRepository orders_;
  SqlLicenceRepository licences_;
  SqlRefundRepository refunds_;
  SqlWebhookEventRepository webhook_events_;
  SqlInvoiceRepository invoices_;
  SqlDocumentSequenceRepository document_sequences_;
  SqlBillingProfileRepository billing_profiles_;
  SqlReviewRepository reviews_;
  SqlOAuthIdentityRepository oauth_identities_;
  SqlApiTokenRepository sessions_;
};

}  // namespace veza::adapters
