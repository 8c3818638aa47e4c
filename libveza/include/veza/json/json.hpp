#pragma once
// JSON for domain types, written once and used by every front-end (server, CLI --json, C API),
// so they all print the same shape: snake_case keys, RFC 3339 UTC timestamps with
// milliseconds, amounts as integer minor units beside a currency, null for an absent value.
// Takes and returns text only; the JSON library stays inside libveza.
#include <string>
#include <vector>

#include <veza/catalog/product.hpp>
#include <veza/core/error.hpp>
#include <veza/core/export.hpp>
#include <veza/identity/api_token.hpp>
#include <veza/identity/oauth_service.hpp>
#include <veza/identity/token_service.hpp>
#include <veza/identity/user.hpp>
#include <veza/invoicing/invoice_repository.hpp>
#include <veza/orders/order.hpp>
#include <veza/orders/order_service.hpp>
#include <veza/payments/payment_service.hpp>
#include <veza/payments/refund.hpp>
#include <veza/persistence/migrations.hpp>

namespace veza::json {

// {"id","email"|null,"email_verified","display_name","role","created_at"}
VEZA_API std::string to_json(const identity::User& user);
// {"id","user_id","created_at","expires_at"|null,"revoked_at"|null}; never the hash.
VEZA_API std::string to_json(const identity::ApiToken& token);
// {"token","id","user_id","expires_at"|null}: the one time the token text is shown.
VEZA_API std::string to_json(const identity::IssuedToken& issued);
// {"token","user":{user},"new_user"}: the OAuth callback's answer (the session shown once).
VEZA_API std::string to_json(const identity::LoginResult& login);
// {"items":[{"provider","provider_user_id","email"|null,"email_verified","created_at"}…]}
VEZA_API std::string to_json(const std::vector<identity::OAuthIdentity>& identities);
// {"id","seller_id","title","description","price_cents","currency","vat_rate_bp",
//  "file":null|{"sha256","size","content_type"},"created_at","updated_at"}
VEZA_API std::string to_json(const catalog::Product& product);
// {"items":[product…],"next_cursor":…|null}
VEZA_API std::string to_json(const catalog::ProductPage& page);
// The order (as below) plus "payment":{"payment_id","client_secret"|null}: POST /orders' answer.
VEZA_API std::string to_json(const payments::Checkout& checkout);
// {"id","order_id","payment_id","kind","product_ids":[…],"amount_cents","currency","status",
//  "reason","error_code"|null,"created_at","updated_at"}
VEZA_API std::string to_json(const payments::Refund& refund);
// {"items":[refund…]}
VEZA_API std::string to_json(const std::vector<payments::Refund>& refunds);
// {"id","buyer_id","status","currency","total_cents","net_cents","vat_cents","payment_id"|null,
//  "refund_status","created_at","updated_at","items":[{"id","product_id","seller_id","title",
//  "unit_gross_cents","vat_rate_bp","net_cents","vat_cents"}]}
VEZA_API std::string to_json(const orders::Order& order);
// {"items":[order…]}
VEZA_API std::string to_json(const std::vector<orders::Order>& orders);
// {"items":[order…],"next_cursor":…|null}
VEZA_API std::string to_json(const orders::OrderPage& page);
// {"current","latest","applied":[{"version","name","checksum","applied_at"}],
//  "pending":[{"version","name"}]}
VEZA_API std::string to_json(const MigrationStatus& status);
// {"user_id","name","address","country","vat_number"|null,"updated_at"}
VEZA_API std::string to_json(const invoicing::BillingProfile& profile);
// {"error":{"code":<Error::code_name()>,"message":…}}
VEZA_API std::string error_json(const Error& error);

}  // namespace veza::json
