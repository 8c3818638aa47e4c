#include <doctest/doctest.h>

#include <chrono>
#include <set>
#include <string>

#include <boost/json.hpp>

#include <veza/json/json.hpp>

namespace bj = boost::json;
using veza::Timestamp;

namespace {

const Timestamp kT{std::chrono::milliseconds{1'782'900'930'123}};  // 2026-07-01T10:15:30.123Z

bj::object parse_object(const std::string& text) {
  bj::value v = bj::parse(text);
  REQUIRE(v.is_object());
  return v.as_object();
}

std::set<std::string> keys(const bj::object& o) {
  std::set<std::string> out;
  for (const auto& kv : o) out.emplace(kv.key());
  return out;
}

veza::orders::Order sample_order() {
  veza::orders::Order o;
  o.id = "00000000-0000-7000-8000-000000000010";
  o.buyer_id = "00000000-0000-7000-8000-000000000001";
  o.status = veza::orders::OrderStatus::paid;
  o.currency = *veza::Currency::parse("EUR");
  o.total_cents = 1250;
  o.net_cents = 1042;
  o.vat_cents = 208;
  o.refund_status = veza::orders::RefundStatus::none;
  o.created_at = kT;
  o.updated_at = kT + std::chrono::seconds{1};
  veza::orders::OrderItem i;
  i.id = "00000000-0000-7000-8000-000000000011";
  i.order_id = o.id;
  i.product_id = "00000000-0000-7000-8000-000000000003";
  i.seller_id = "00000000-0000-7000-8000-000000000002";
  i.title = "Track \"one\"";
  i.unit_gross_cents = 1250;
  i.vat_rate_bp = 2000;
  i.net_cents = 1042;
  i.vat_cents = 208;
  o.items.push_back(i);
  return o;
}

}  // namespace

TEST_SUITE("json") {
  TEST_CASE("a user is written with snake_case keys, an RFC 3339 timestamp and null for no email") {
    veza::identity::User u;
    u.id = "00000000-0000-7000-8000-000000000001";
    u.display_name = "Ada";
    u.role = veza::identity::Role::admin;
    u.created_at = kT;
    auto o = parse_object(veza::json::to_json(u));
    CHECK(keys(o) == std::set<std::string>{"id", "email", "email_verified", "display_name", "role", "created_at"});
    CHECK(o.at("email").is_null());
    CHECK(o.at("email_verified") == false);
    CHECK(o.at("role") == "admin");
    CHECK(o.at("created_at") == "2026-07-01T10:15:30.123Z");

    u.email = "ada@example.com";
    CHECK(parse_object(veza::json::to_json(u)).at("email") == "ada@example.com");
  }

  TEST_CASE("an API token is written without its hash") {
    veza::identity::ApiToken t;
    t.id = "00000000-0000-7000-8000-000000000005";
    t.user_id = "00000000-0000-7000-8000-000000000001";
    t.token_hash = "deadbeef";
    t.created_at = kT;
    t.revoked_at = kT;
    const std::string text = veza::json::to_json(t);
    CHECK(text.find("deadbeef") == std::string::npos);
    auto o = parse_object(text);
    CHECK(keys(o) == std::set<std::string>{"id", "user_id", "created_at", "expires_at", "revoked_at"});
    CHECK(o.at("expires_at").is_null());
    CHECK(o.at("revoked_at") == "2026-07-01T10:15:30.123Z");
  }

  TEST_CASE("an issued token shows the token text once, beside its id") {
    veza::identity::IssuedToken issued;
    issued.token = "veza_abc";
    issued.record.id = "00000000-0000-7000-8000-000000000005";
    issued.record.user_id = "00000000-0000-7000-8000-000000000001";
    issued.record.token_hash = "deadbeef";
    issued.record.expires_at = kT;
    auto o = parse_object(veza::json::to_json(issued));
    CHECK(keys(o) == std::set<std::string>{"token", "id", "user_id", "expires_at"});
    CHECK(o.at("token") == "veza_abc");
    CHECK(o.at("expires_at") == "2026-07-01T10:15:30.123Z");
  }

  TEST_CASE("a product carries integer cents, its currency and its file or null") {
    veza::catalog::Product p;
    p.id = "00000000-0000-7000-8000-000000000003";
    p.seller_id = "00000000-0000-7000-8000-000000000002";
    p.title = "Été";
    p.price = veza::Money(1250, *veza::Currency::parse("EUR"));
    p.vat_rate_bp = 2000;
    p.created_at = kT;
    p.updated_at = kT;
    auto o = parse_object(veza::json::to_json(p));
    CHECK(keys(o) == std::set<std::string>{"id", "seller_id", "title", "description", "price_cents", "currency",
                                           "vat_rate_bp", "file", "created_at", "updated_at"});
    CHECK(o.at("price_cents") == 1250);
    CHECK(o.at("price_cents").is_int64());
    CHECK(o.at("currency") == "EUR");
    CHECK(o.at("title") == "Été");
    CHECK(o.at("file").is_null());

    p.file = veza::catalog::ProductFile{std::string(64, 'a'), 123, "audio/mpeg"};
    auto with_file = parse_object(veza::json::to_json(p));
    REQUIRE(with_file.at("file").is_object());
    const auto& f = with_file.at("file").as_object();
    CHECK(keys(f) == std::set<std::string>{"sha256", "size", "content_type"});
    CHECK(f.at("size") == 123);
    CHECK(f.at("content_type") == "audio/mpeg");
  }

  TEST_CASE("a product page lists items and a next_cursor that is null on the last page") {
    veza::catalog::ProductPage page;
    page.items.resize(2);
    auto o = parse_object(veza::json::to_json(page));
    CHECK(o.at("items").as_array().size() == 2);
    CHECK(o.at("next_cursor").is_null());
    page.next_cursor = "00000000-0000-7000-8000-000000000003";
    CHECK(parse_object(veza::json::to_json(page)).at("next_cursor") == "00000000-0000-7000-8000-000000000003");
  }

  TEST_CASE("an order carries its status, totals, refund status and frozen items") {
    auto o = parse_object(veza::json::to_json(sample_order()));
    CHECK(keys(o) == std::set<std::string>{"id", "buyer_id", "status", "currency", "total_cents", "net_cents",
                                           "vat_cents", "payment_id", "refund_status", "created_at", "updated_at",
                                           "items"});
    CHECK(o.at("status") == "paid");
    CHECK(o.at("refund_status") == "none");
    CHECK(o.at("payment_id").is_null());
    CHECK(o.at("total_cents") == 1250);
    CHECK(o.at("updated_at") == "2026-07-01T10:15:31.123Z");
    const auto& items = o.at("items").as_array();
    REQUIRE(items.size() == 1);
    const auto& item = items[0].as_object();
    CHECK(keys(item) == std::set<std::string>{"id", "product_id", "seller_id", "title", "unit_gross_cents",
                                              "vat_rate_bp", "net_cents", "vat_cents"});
    CHECK(item.at("title") == "Track \"one\"");
    CHECK(item.at("net_cents") == 1042);
  }

  TEST_CASE("a list of orders is wrapped in items") {
    auto o = parse_object(veza::json::to_json(std::vector<veza::orders::Order>{sample_order(), sample_order()}));
    CHECK(keys(o) == std::set<std::string>{"items"});
    CHECK(o.at("items").as_array().size() == 2);
    CHECK(parse_object(veza::json::to_json(std::vector<veza::orders::Order>{})).at("items").as_array().empty());
  }

  TEST_CASE("a migration status lists applied and pending versions") {
    veza::MigrationStatus s;
    s.current = 1;
    s.latest = 2;
    s.applied.push_back({1, "init", std::string(64, 'c'), kT});
    s.pending.push_back({2, "reviews", "CREATE TABLE x (y INT);"});
    auto o = parse_object(veza::json::to_json(s));
    CHECK(o.at("current") == 1);
    CHECK(o.at("latest") == 2);
    const auto& applied = o.at("applied").as_array().at(0).as_object();
    CHECK(keys(applied) == std::set<std::string>{"version", "name", "checksum", "applied_at"});
    CHECK(applied.at("applied_at") == "2026-07-01T10:15:30.123Z");
    const auto& pending = o.at("pending").as_array().at(0).as_object();
    CHECK(keys(pending) == std::set<std::string>{"version", "name"});
    CHECK(pending.at("name") == "reviews");
  }

  TEST_CASE("an error is written as code and message, the code being the finer detail when set") {
    auto plain = parse_object(veza::json::error_json(veza::make_error(veza::ErrorCode::not_found, "no order")));
    CHECK(keys(plain) == std::set<std::string>{"error"});
    const auto& e = plain.at("error").as_object();
    CHECK(e.at("code") == "not_found");
    CHECK(e.at("message") == "no order");
    auto fine = parse_object(
        veza::json::error_json(veza::make_error(veza::ErrorCode::conflict, "order is failed", "state_invalid")));
    CHECK(fine.at("error").at("code") == "state_invalid");
  }
}
