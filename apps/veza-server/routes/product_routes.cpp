// POST /api/v1/products, GET /api/v1/products/{id}, PUT /api/v1/products/{id}/file (streamed
// upload), GET /api/v1/products/{id}/download (the seller or an active licence holder).
#include <veza/json/json.hpp>
#include <veza/json/review_json.hpp>

#include "../app_context.hpp"
#include "../json_body.hpp"
#include "../router.hpp"

namespace veza::server {
namespace {

Response create_product(Request& req, AppContext& app) {
  auto user = authenticate(req, app);
  if (!user) return error_response(user.error());
  auto body = JsonBody::parse(req);
  if (!body) return error_response(body.error());
  catalog::NewProduct input;
  auto title = body->string("title");
  if (!title) return error_response(title.error());
  auto description = body->optional_string("description");
  if (!description) return error_response(description.error());
  auto price = body->integer("price_cents");
  if (!price) return error_response(price.error());
  auto currency = body->string("currency");
  if (!currency) return error_response(currency.error());
  auto vat = body->integer("vat_rate_bp");
  if (!vat) return error_response(vat.error());
  input.title = std::move(*title);
  input.description = description->value_or("");
  input.price_cents = *price;
  input.currency = std::move(*currency);
  input.vat_rate_bp = *vat;
  auto product = app.runtime.catalog().create(user->id, input);
  if (!product) return error_response(product.error());
  Response res = json_response(201, json::to_json(*product));
  res.headers.emplace_back("Location", "/api/v1/products/" + product->id);
  return res;
}

Response get_product(Request& req, AppContext& app) {
  auto product = app.runtime.catalog().get(req.param("id"));
  if (!product) return error_response(product.error());
  // The maintained rating summary: one row read, never a scan of the reviews.
  auto summary = app.runtime.reviews().summary(product->id);
  if (!summary) return error_response(summary.error());
  return json_response(200, json::to_json(*product, *summary));
}

bool is_audio(std::string_view content_type) { return content_type.substr(0, 6) == "audio/"; }

// Before any body byte: the caller must be the seller and send an audio type.
Result<std::unique_ptr<catalog::BlobWriter>> open_upload(Request& req, AppContext& app) {
  auto user = authenticate(req, app);
  if (!user) return user.error();
  auto product = app.runtime.catalog().get(req.param("id"));
  if (!product) return product.error();
  if (product->seller_id != user->id) {
    return make_error(ErrorCode::forbidden, "only the product's seller may upload its file");
  }
  const auto type = req.header("content-type");
  if (!type || !is_audio(*type)) {
    return make_error(ErrorCode::unsupported_media_type, "upload audio: send Content-Type audio/mpeg, audio/wav, …");
  }
  req.user = std::move(*user);
  return app.runtime.blobs().open_writer(app.runtime.config().max_upload_bytes);
}

Response finish_upload(Request& req, AppContext& app, const catalog::BlobInfo& blob) {
  const std::string type(req.header("content-type").value_or(""));
  auto product = app.runtime.catalog().attach_file(req.param("id"), req.user->id, blob, type);
  if (!product) return error_response(product.error());
  // 201: the upload created the product's file resource (issue 4).
  return json_response(201, json::to_json(*product));
}

Response download(Request& req, AppContext& app) {
  auto user = authenticate(req, app);
  if (!user) return error_response(user.error());
  auto product = app.runtime.catalog().get(req.param("id"));
  if (!product) return error_response(product.error());
  // The file is opened before the download is recorded: a first download ends a waived
  // withdrawal right, so a missing or unreadable file must not cost the buyer their refund.
  // (Whether a product has a file is public: its JSON says so.)
  if (!product->file) return error_response(make_error(ErrorCode::not_found, "this product has no file yet"));
  auto reader = app.runtime.blobs().open_reader(product->file->sha256);
  if (!reader) return error_response(reader.error());
  auto allowed = app.runtime.orders().record_download(user->id, product->id);
  if (!allowed) return error_response(allowed.error());
  if (!*allowed) return error_response(make_error(ErrorCode::forbidden, "buy a licence to download this product"));
  Response res;
  res.content_type = product->file->content_type;
  res.headers.emplace_back("Content-Disposition", "attachment");
  res.headers.emplace_back("Cache-Control", "private, no-store");
  res.stream = std::move(*reader);
  return res;
}

}  // namespace

void add_product_routes(Router& router) {
  router.add({"POST", "/api/v1/products", create_product, {}});
  router.add({"GET", "/api/v1/products/{id}", get_product, {}});
  router.add({"PUT", "/api/v1/products/{id}/file", {}, {open_upload, finish_upload}});
  router.add({"GET", "/api/v1/products/{id}/download", download, {}});
}

}  // namespace veza::server
