#include <veza/json/json.hpp>

#include <optional>

#include <boost/json.hpp>

namespace veza::json {
namespace {

namespace bj = boost::json;

bj::value timestamp(Timestamp t) { return bj::value(format_timestamp(t)); }

bj::value optional_timestamp(const std::optional<Timestamp>& t) {
  return t ? timestamp(*t) : bj::value(nullptr);
}

bj::value optional_string(const std::optional<std::string>& s) { return s ? bj::value(*s) : bj::value(nullptr); }

bj::value sv(std::string_view s) { return bj::value(bj::string_view(s.data(), s.size())); }

bj::object user_object(const identity::User& u) {
  return {{"id", u.id},
          {"email", optional_string(u.email)},
          {"email_verified", u.email_verified},
          {"display_name", u.display_name},
          {"role", sv(identity::to_string(u.role))},
          {"created_at", timestamp(u.created_at)}};
}

bj::object token_object(const identity::ApiToken& t) {
  return {{"id", t.id},
          {"user_id", t.user_id},
          {"created_at", timestamp(t.created_at)},
          {"expires_at", optional_timestamp(t.expires_at)},
          {"revoked_at", optional_timestamp(t.revoked_at)}};
}

bj::object product_object(const catalog::Product& p) {
  bj::value file = nullptr;
  if (p.file) {
    file = bj::object{{"sha256", p.file->sha256}, {"size", p.file->size}, {"content_type", p.file->content_type}};
  }
  return {{"id", p.id},
          {"seller_id", p.seller_id},
          {"title", p.title},
          {"description", p.description},
          {"price_cents", p.price.minor_units()},
          {"currency", sv(p.price.currency().code())},
          {"vat_rate_bp", p.vat_rate_bp},
          {"file", std::move(file)},
          {"created_at", timestamp(p.created_at)},
          {"updated_at", timestamp(p.updated_at)}};
}

bj::object item_object(const orders::OrderItem& i) {
  return {{"id", i.id},
          {"product_id", i.product_id},
          {"seller_id", i.seller_id},
          {"title", i.title},
          {"unit_gross_cents", i.unit_gross_cents},
          {"vat_rate_bp", i.vat_rate_bp},
          {"net_cents", i.net_cents},
          {"vat_cents", i.vat_cents}};
}

bj::object order_object(const orders::Order& o) {
  bj::array items;
  items.reserve(o.items.size());
  for (const auto& i : o.items) items.emplace_back(item_object(i));
  return {{"id", o.id},
          {"buyer_id", o.buyer_id},
          {"status", sv(orders::to_string(o.status))},
          {"currency", sv(o.currency.code())},
          {"total_cents", o.total_cents},
          {"net_cents", o.net_cents},
          {"vat_cents", o.vat_cents},
          {"payment_id", optional_string(o.payment_id)},
          {"refund_status", sv(orders::to_string(o.refund_status))},
          {"created_at", timestamp(o.created_at)},
          {"updated_at", timestamp(o.updated_at)},
          {"items", std::move(items)}};
}

bj::object refund_object(const payments::Refund& r) {
  bj::array products;
  for (const auto& id : r.product_ids) products.emplace_back(sv(id));
  return {{"id", r.id},
          {"order_id", r.order_id},
          {"payment_id", r.payment_id},
          {"kind", sv(payments::to_string(r.kind))},
          {"product_ids", std::move(products)},
          {"amount_cents", r.amount_cents},
          {"currency", r.currency},
          {"status", sv(payments::to_string(r.status))},
          {"reason", r.reason},
          {"error_code", optional_string(r.error_code)},
          {"created_at", timestamp(r.created_at)},
          {"updated_at", timestamp(r.updated_at)}};
}

std::string text(const bj::value& v) { return bj::serialize(v); }

}  // namespace

std::string to_json(const identity::User& user) { return text(user_object(user)); }

std::string to_json(const identity::ApiToken& token) { return text(token_object(token)); }

std::string to_json(const identity::IssuedToken& issued) {
  return text(bj::object{{"token", issued.token},
                         {"id", issued.record.id},
                         {"user_id", issued.record.user_id},
                         {"expires_at", optional_timestamp(issued.record.expires_at)}});
}

std::string to_json(const identity::LoginResult& login) {
  return text(bj::object{{"token", login.session.token},
                         {"user", user_object(login.user)},
                         {"new_user", login.outcome == identity::LoginOutcome::new_user}});
}

std::string to_json(const std::vector<identity::OAuthIdentity>& identities) {
  bj::array items;
  for (const auto& i : identities) {
    items.emplace_back(bj::object{{"provider", i.provider},
                                  {"provider_user_id", i.provider_user_id},
                                  {"email", optional_string(i.email)},
                                  {"email_verified", i.email_verified},
                                  {"created_at", timestamp(i.created_at)}});
  }
  return text(bj::object{{"items", std::move(items)}});
}

std::string to_json(const catalog::Product& product) { return text(product_object(product)); }

std::string to_json(const catalog::ProductPage& page) {
  bj::array items;
  items.reserve(page.items.size());
  for (const auto& p : page.items) items.emplace_back(product_object(p));
  return text(bj::object{{"items", std::move(items)}, {"next_cursor", optional_string(page.next_cursor)}});
}

std::string to_json(const orders::Order& order) { return text(order_object(order)); }

std::string to_json(const std::vector<orders::Order>& orders) {
  bj::array items;
  items.reserve(orders.size());
  for (const auto& o : orders) items.emplace_back(order_object(o));
  return text(bj::object{{"items", std::move(items)}});
}

std::string to_json(const orders::OrderPage& page) {
  std::string out = to_json(page.items);
  // The list's JSON is one object: add the cursor before its closing brace.
  out.pop_back();
  return out + ",\"next_cursor\":" + (page.next_cursor ? text(bj::value(*page.next_cursor)) : std::string("null")) + "}";
}

std::string to_json(const payments::Checkout& checkout) {
  bj::object o = order_object(checkout.order);
  o["payment"] = bj::object{{"payment_id", checkout.payment_id}, {"client_secret", optional_string(checkout.client_secret)}};
  return text(o);
}

std::string to_json(const payments::Refund& refund) { return text(refund_object(refund)); }

std::string to_json(const std::vector<payments::Refund>& refunds) {
  bj::array items;
  items.reserve(refunds.size());
  for (const auto& r : refunds) items.emplace_back(refund_object(r));
  return text(bj::object{{"items", std::move(items)}});
}

std::string to_json(const MigrationStatus& status) {
  bj::array applied;
  for (const auto& m : status.applied) {
    applied.emplace_back(bj::object{{"version", m.version},
                                    {"name", m.name},
                                    {"checksum", m.checksum},
                                    {"applied_at", timestamp(m.applied_at)}});
  }
  bj::array pending;
  for (const auto& m : status.pending) pending.emplace_back(bj::object{{"version", m.version}, {"name", m.name}});
  return text(bj::object{{"current", status.current},
                         {"latest", status.latest},
                         {"applied", std::move(applied)},
                         {"pending", std::move(pending)}});
}

std::string to_json(const invoicing::BillingProfile& p) {
  return text(bj::object{{"user_id", p.user_id},
                         {"name", p.name},
                         {"address", p.address},
                         {"country", p.country},
                         {"vat_number", optional_string(p.vat_id)},
                         {"updated_at", format_timestamp(p.updated_at)}});
}

std::string error_json(const Error& error) {
  return text(bj::object{{"error", bj::object{{"code", sv(error.code_name())}, {"message", error.message}}}});
}

}  // namespace veza::json
