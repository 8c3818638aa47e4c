// GET /api/v1/orders/{id}/invoice, GET /api/v1/orders/{id}/credit-notes/{n} (application/pdf,
// for the buyer and admins; anyone else gets 404), and the buyer's billing profile
// (GET/PUT /api/v1/me/billing) that later invoices state.
#include <charconv>

#include <veza/json/json.hpp>

#include "../app_context.hpp"
#include "../json_body.hpp"
#include "../router.hpp"

namespace veza::server {
namespace {

Response pdf_response(invoicing::RenderedDocument doc) {
  Response r = text_response(200, "application/pdf", std::move(doc.pdf));
  // Numbers are [A-Z0-9-] only, so the filename needs no quoting beyond the quotes.
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + doc.filename + "\"");
  r.headers.emplace_back("Cache-Control", "private, no-store");
  return r;
}

Response get_invoice(Request& req, AppContext& app) {
  auto user = authenticate(req, app);
  if (!user) return error_response(user.error());
  auto doc = app.runtime.invoices().invoice_for(req.param("id"), *user);
  if (!doc) return error_response(doc.error());
  return pdf_response(std::move(*doc));
}

Response get_credit_note(Request& req, AppContext& app) {
  auto user = authenticate(req, app);
  if (!user) return error_response(user.error());
  const std::string& text = req.param("n");
  int n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || p != text.data() + text.size() || n < 1) {
    return error_response(make_error(ErrorCode::not_found, "credit notes are numbered 1, 2, … within an order"));
  }
  auto doc = app.runtime.invoices().credit_note_for(req.param("id"), n, *user);
  if (!doc) return error_response(doc.error());
  return pdf_response(std::move(*doc));
}

Response put_billing(Request& req, AppContext& app) {
  auto user = authenticate(req, app);
  if (!user) return error_response(user.error());
  auto body = JsonBody::parse(req);
  if (!body) return error_response(body.error());
  auto name = body->string("name");
  if (!name) return error_response(name.error());
  auto address = body->string("address");
  if (!address) return error_response(address.error());
  auto country = body->string("country");
  if (!country) return error_response(country.error());
  auto vat = body->optional_string("vat_number");
  if (!vat) return error_response(vat.error());
  auto saved = app.runtime.invoices().set_billing_profile(user->id, {*name, *address, *country, *vat});
  if (!saved) return error_response(saved.error());
  return json_response(200, json::to_json(*saved));
}

Response get_billing(Request& req, AppContext& app) {
  auto user = authenticate(req, app);
  if (!user) return error_response(user.error());
  auto found = app.runtime.invoices().billing_profile(user->id);
  if (!found) return error_response(found.error());
  if (!*found) return error_response(make_error(ErrorCode::not_found, "no billing profile yet: PUT /api/v1/me/billing"));
  return json_response(200, json::to_json(**found));
}

}  // namespace

void add_invoice_routes(Router& router) {
  router.add({"GET", "/api/v1/orders/{id}/invoice", get_invoice, {}});
  router.add({"GET", "/api/v1/orders/{id}/credit-notes/{n}", get_credit_note, {}});
  router.add({"PUT", "/api/v1/me/billing", put_billing, {}});
  router.add({"GET", "/api/v1/me/billing", get_billing, {}});
}

}  // namespace veza::server
