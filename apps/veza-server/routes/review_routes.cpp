// Product reviews under /api/v1/products/{id}/reviews: create, list (keyset pages), summary,
// the caller's own review (PUT/DELETE …/mine), the seller's reply and reports.
#include <veza/json/review_json.hpp>

#include "../app_context.hpp"
#include "../json_body.hpp"
#include "../router.hpp"

namespace veza::server {
namespace {

constexpr std::size_t kDefaultLimit = 20;

// 4.5, "5" or no rating are malformed (400); 0 or 6 are well-formed but out of range (422, domain).
Result<reviews::ReviewInput> review_input(const Request& req) {
  auto body = JsonBody::parse(req);
  if (!body) return body.error();
  auto rating = body->integer("rating");
  if (!rating) {
    if (rating.error().code == ErrorCode::validation_failed) return rating.error();
    return make_error(ErrorCode::invalid_argument, "rating is required and must be a whole number from 1 to 5");
  }
  auto comment = body->optional_string("comment");
  if (!comment) return comment.error();
  return reviews::ReviewInput{*rating, std::move(*comment)};
}

Result<std::string> text_field(const Request& req, std::string_view field) {
  auto body = JsonBody::parse(req);
  if (!body) return body.error();
  return body->string(field);
}

Response create_review(Request& req, AppContext& app) {
  auto user = authenticate(req, app);
  if (!user) return error_response(user.error());
  auto input = review_input(req);
  if (!input) return error_response(input.error());
  auto review = app.runtime.reviews().create(user->id, req.param("id"), *input);
  if (!review) return error_response(review.error());
  Response res = json_response(201, json::to_json(*review));
  res.headers.emplace_back("Location", "/api/v1/products/" + review->product_id + "/reviews/mine");
  return res;
}

Response list_reviews(Request& req, AppContext& app) {
  auto limit = limit_param(req, kDefaultLimit, reviews::kMaxReviewPageSize);
  if (!limit) return error_response(limit.error());
  const auto sort_text = query_param(req, "sort");
  auto sort = sort_text ? reviews::parse_review_sort(*sort_text) : reviews::ReviewSort::newest;
  if (!sort) return error_response(make_error(ErrorCode::invalid_argument, "sort must be newest, highest or lowest"));
  const auto cursor = query_param(req, "cursor");
  auto page = app.runtime.reviews().list(req.param("id"), *sort, *limit,
                                         cursor ? std::optional<std::string_view>(*cursor) : std::nullopt);
  if (!page) return error_response(page.error());
  return json_response(200, json::to_json(*page));
}

Response summary(Request& req, AppContext& app) {
  auto s = app.runtime.reviews().summary(req.param("id"));
  if (!s) return error_response(s.error());
  return json_response(200, json::to_json(*s));
}

Response get_mine(Request& req, AppContext& app) {
  auto user = authenticate(req, app);
  if (!user) return error_response(user.error());
  auto review = app.runtime.reviews().get_mine(user->id, req.param("id"));
  if (!review) return error_response(review.error());
  return json_response(200, json::to_json(*review));
}

Response edit_mine(Request& req, AppContext& app) {
  auto user = authenticate(req, app);
  if (!user) return error_response(user.error());
  auto input = review_input(req);
  if (!input) return error_response(input.error());
  auto review = app.runtime.reviews().edit_mine(user->id, req.param("id"), *input);
  if (!review) return error_response(review.error());
  return json_response(200, json::to_json(*review));
}

Response delete_mine(Request& req, AppContext& app) {
  auto user = authenticate(req, app);
  if (!user) return error_response(user.error());
  auto done = app.runtime.reviews().delete_mine(user->id, req.param("id"));
  if (!done) return error_response(done.error());
  Response res;
  res.status = 204;
  return res;
}

Response reply(Request& req, AppContext& app) {
  auto user = authenticate(req, app);
  if (!user) return error_response(user.error());
  auto text = text_field(req, "text");
  if (!text) return error_response(text.error());
  auto review = app.runtime.reviews().reply(user->id, req.param("id"), req.param("review_id"), *text);
  if (!review) return error_response(review.error());
  return json_response(200, json::to_json(*review));
}

Response report(Request& req, AppContext& app) {
  auto user = authenticate(req, app);
  if (!user) return error_response(user.error());
  auto reason = text_field(req, "reason");
  if (!reason) return error_response(reason.error());
  auto review = app.runtime.reviews().report(user->id, req.param("id"), req.param("review_id"), *reason);
  if (!review) return error_response(review.error());
  // The reporter learns it was received, not the moderation state.
  return json_response(201, R"({"status":"received"})");
}

}  // namespace

void add_review_routes(Router& router) {
  router.add({"POST", "/api/v1/products/{id}/reviews", create_review, {}});
  router.add({"GET", "/api/v1/products/{id}/reviews", list_reviews, {}});
  router.add({"GET", "/api/v1/products/{id}/reviews/summary", summary, {}});
  router.add({"GET", "/api/v1/products/{id}/reviews/mine", get_mine, {}});
  router.add({"PUT", "/api/v1/products/{id}/reviews/mine", edit_mine, {}});
  router.add({"DELETE", "/api/v1/products/{id}/reviews/mine", delete_mine, {}});
  router.add({"PUT", "/api/v1/products/{id}/reviews/{review_id}/reply", reply, {}});
  router.add({"POST", "/api/v1/products/{id}/reviews/{review_id}/report", report, {}});
}

}  // namespace veza::server
