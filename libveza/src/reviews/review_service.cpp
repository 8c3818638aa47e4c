#include <veza/reviews/review_service.hpp>

#include <utility>

#include <veza/catalog/product.hpp>
#include <veza/core/text.hpp>
#include <veza/reviews/review.hpp>

namespace veza::reviews {
namespace {

Error no_product(std::string_view id) {
  return make_error(ErrorCode::not_found, "no product with id " + std::string(id.substr(0, 64)));
}

Error no_review(std::string_view id) {
  return make_error(ErrorCode::not_found, "no review with id " + std::string(id.substr(0, 64)) + " on this product");
}

Error no_own_review() { return make_error(ErrorCode::not_found, "you have not reviewed this product"); }

struct CleanInput {
  int rating = 0;
  std::optional<std::string> comment;
};

// Validation needs no database, so bad input never opens a transaction (or touches a summary).
Result<CleanInput> clean(const ReviewInput& input) {
  if (input.rating < kMinRating || input.rating > kMaxRating) {
    return make_error(ErrorCode::validation_failed, "rating must be a whole number from 1 to 5");
  }
  CleanInput out;
  out.rating = static_cast<int>(input.rating);
  if (input.comment) {
    auto c = clean_text(*input.comment, "comment", kMaxCommentChars, true);
    if (!c) return std::move(c).error();
    if (!c->empty()) out.comment = std::move(*c);  // a blank comment is no comment
  }
  return out;
}

Result<catalog::Product> load_product(Transaction& tx, std::string_view id) {
  if (!is_uuid(id)) return no_product(id);
  auto found = tx.products().find_by_id(id);
  if (!found) return std::move(found).error();
  if (!*found) return no_product(id);
  return std::move(**found);
}

// The one place the summary follows a review: whatever changed (rating, verified flag,
// moderation), the old contribution leaves and the new one enters, in the caller's transaction.
Result<void> follow(Transaction& tx, const std::optional<Review>& before, const std::optional<Review>& after) {
  const bool was = before && before->counts();
  const bool is = after && after->counts();
  if (was && is && before->rating == after->rating) return ok();
  const std::string& product = before ? before->product_id : after->product_id;
  if (was) VEZA_TRY_VOID(tx.reviews().adjust_summary(product, before->rating, -1));
  if (is) VEZA_TRY_VOID(tx.reviews().adjust_summary(product, after->rating, 1));
  return ok();
}

// A review of this product, locked for the rest of the transaction.
Result<Review> load_review(Transaction& tx, std::string_view product_id, std::string_view review_id) {
  if (!is_uuid(review_id)) return no_review(review_id);
  auto found = tx.reviews().find_by_id(review_id, true);
  if (!found) return std::move(found).error();
  if (!*found || (*found)->product_id != product_id) return no_review(review_id);
  return std::move(**found);
}

Result<void> updated(Result<bool> r, std::string_view id) {
  if (!r) return std::move(r).error();
  if (!*r) return no_review(id);
  return ok();
}

}  // namespace

ReviewService::ReviewService(Database& db, IdGenerator& ids, const Clock& clock, Metrics* metrics,
                             ReviewOptions options)
    : db_(db), ids_(ids), clock_(clock), options_(options) {
  if (metrics) created_ = &metrics->counter("veza_reviews_created_total", "Product reviews created");
  if (options_.report_threshold < 1) options_.report_threshold = 1;
}

Result<Review> ReviewService::create(std::string_view user_id, std::string_view product_id, const ReviewInput& input) {
  auto in = clean(input);
  if (!in) return std::move(in).error();
  if (!is_uuid(product_id)) return no_product(product_id);
  auto created = transact<Review>(db_, TxMode::write, [&](Transaction& tx) -> Result<Review> {
    auto product = load_product(tx, product_id);
    if (!product) return std::move(product).error();
    if (product->seller_id == user_id) {
      return make_error(ErrorCode::forbidden, "you sell this product; sellers cannot review their own products");
    }
    auto existing = tx.reviews().find_by_author(product->id, user_id, false);
    if (!existing) return std::move(existing).error();
    if (*existing) {
      return make_error(ErrorCode::conflict,
                        "you already reviewed this product (review " + (*existing)->id +
                            "); edit it with PUT /api/v1/products/" + product->id + "/reviews/mine",
                        "review_exists");
    }
    // Locked until commit: a full refund revoking it meanwhile waits, then finds this review and
    // unverifies it; one that committed first leaves no active licence to find.
    auto licence = tx.licences().lock_active(user_id, product->id);
    if (!licence) return std::move(licence).error();
    if (!*licence) {
      return make_error(ErrorCode::forbidden,
                        "only verified buyers may review: a purchase of this product is needed first");
    }
    Review r;
    r.id = ids_.next();
    r.product_id = product->id;
    r.user_id = std::string(user_id);
    r.rating = in->rating;
    r.comment = std::move(in->comment);
    r.verified_purchase = true;
    r.status = ReviewStatus::published;
    r.created_at = clock_.now();
    r.updated_at = r.created_at;
    VEZA_TRY_VOID(tx.reviews().insert(r));
    VEZA_TRY_VOID(follow(tx, std::nullopt, r));
    return r;
  });
  if (created && created_) created_->increment();
  return created;
}

Result<Review> ReviewService::edit_mine(std::string_view user_id, std::string_view product_id,
                                        const ReviewInput& input) {
  auto in = clean(input);
  if (!in) return std::move(in).error();
  if (!is_uuid(product_id)) return no_product(product_id);
  return transact<Review>(db_, TxMode::write, [&](Transaction& tx) -> Result<Review> {
    auto product = load_product(tx, product_id);
    if (!product) return std::move(product).error();
    auto found = tx.reviews().find_by_author(product->id, user_id, true);
    if (!found) return std::move(found).error();
    if (!*found) return no_own_review();
    const Review before = **found;
    Review after = before;
    after.rating = in->rating;
    after.comment = std::move(in->comment);
    after.updated_at = clock_.now();
    VEZA_TRY_VOID(updated(tx.reviews().update(after), after.id));
    VEZA_TRY_VOID(follow(tx, before, after));
    return after;
  });
}

Result<void> ReviewService::delete_mine(std::string_view user_id, std::string_view product_id) {
  if (!is_uuid(product_id)) return no_product(product_id);
  return db_.run(TxMode::write, [&](Transaction& tx) -> Result<void> {
    auto product = load_product(tx, product_id);
    if (!product) return std::move(product).error();
    auto found = tx.reviews().find_by_author(product->id, user_id, true);
    if (!found) return std::move(found).error();
    if (!*found) return no_own_review();
    VEZA_TRY_VOID(updated(tx.reviews().remove((*found)->id), (*found)->id));
    return follow(tx, **found, std::nullopt);
  });
}

Result<Review> ReviewService::get_mine(std::string_view user_id, std::string_view product_id) {
  if (!is_uuid(product_id)) return no_product(product_id);
  return transact<Review>(db_, TxMode::read, [&](Transaction& tx) -> Result<Review> {
    auto product = load_product(tx, product_id);
    if (!product) return std::move(product).error();
    auto found = tx.reviews().find_by_author(product->id, user_id, false);
    if (!found) return std::move(found).error();
    if (!*found) return no_own_review();
    return std::move(**found);
  });
}

Result<ReviewPage> ReviewService::list(std::string_view product_id, ReviewSort sort, std::size_t limit,
                                       std::optional<std::string_view> cursor) {
  if (limit < 1 || limit > kMaxReviewPageSize) {
    return make_error(ErrorCode::validation_failed,
                      "limit must be between 1 and " + std::to_string(kMaxReviewPageSize));
  }
  std::optional<ReviewCursor> after;
  if (cursor) {
    auto c = decode_cursor(*cursor, sort);
    if (!c) return std::move(c).error();
    after = std::move(*c);
  }
  if (!is_uuid(product_id)) return no_product(product_id);
  return transact<ReviewPage>(db_, TxMode::read, [&](Transaction& tx) -> Result<ReviewPage> {
    // One row more than asked says whether another page follows, so the last page has no cursor.
    auto rows = tx.reviews().list_published(product_id, sort, limit + 1, after);
    if (!rows) return std::move(rows).error();
    // Reviews go with their product (ON DELETE CASCADE), so a row proves the product exists;
    // only an empty page needs the lookup that tells "no reviews" from an unknown product. That
    // is one statement less on every page read (the benchmark's hot path).
    if (rows->empty()) {
      auto product = load_product(tx, product_id);
      if (!product) return std::move(product).error();
    }
    ReviewPage page;
    page.items = std::move(*rows);
    if (page.items.size() > limit) {
      page.items.resize(limit);
      const Review& last = page.items.back();
      page.next_cursor = encode_cursor({sort, last.created_at, last.rating, last.id});
    }
    return page;
  });
}

Result<RatingSummary> ReviewService::summary(std::string_view product_id) {
  if (!is_uuid(product_id)) return no_product(product_id);
  return transact<RatingSummary>(db_, TxMode::read, [&](Transaction& tx) -> Result<RatingSummary> {
    auto s = tx.reviews().summary(product_id);
    if (!s) return s;
    // A counted review proves the product (as in list); an empty summary may be an unknown one.
    if (s->count == 0) {
      auto product = load_product(tx, product_id);
      if (!product) return std::move(product).error();
    }
    return s;
  });
}

Result<Review> ReviewService::reply(std::string_view seller_id, std::string_view product_id,
                                    std::string_view review_id, std::string_view text) {
  auto body = clean_text(text, "reply", kMaxReplyChars);
  if (!body) return std::move(body).error();
  if (!is_uuid(product_id)) return no_product(product_id);
  return transact<Review>(db_, TxMode::write, [&](Transaction& tx) -> Result<Review> {
    auto product = load_product(tx, product_id);
    if (!product) return std::move(product).error();
    if (product->seller_id != seller_id) {
      return make_error(ErrorCode::forbidden, "only the product's seller may reply to its reviews");
    }
    auto review = load_review(tx, product->id, review_id);
    if (!review) return review;
    if (review->status == ReviewStatus::removed) return no_review(review_id);
    const Timestamp now = clock_.now();
    ReviewReply r{std::move(*body), now, now};
    if (review->reply) r.created_at = review->reply->created_at;  // one reply: a second call edits it
    review->reply = std::move(r);
    VEZA_TRY_VOID(updated(tx.reviews().update(*review), review->id));
    return review;
  });
}

Result<Review> ReviewService::report(std::string_view user_id, std::string_view product_id,
                                     std::string_view review_id, std::string_view reason) {
  auto why = clean_text(reason, "reason", kMaxReportReasonChars);
  if (!why) return std::move(why).error();
  if (!is_uuid(product_id)) return no_product(product_id);
  return transact<Review>(db_, TxMode::write, [&](Transaction& tx) -> Result<Review> {
    auto product = load_product(tx, product_id);
    if (!product) return std::move(product).error();
    auto review = load_review(tx, product->id, review_id);
    if (!review) return review;
    if (review->status == ReviewStatus::removed) return no_review(review_id);
    auto added = tx.reviews().add_report({review->id, std::string(user_id), std::move(*why), clock_.now()});
    if (!added) return std::move(added).error();
    if (!*added) return make_error(ErrorCode::conflict, "you have already reported this review", "already_reported");
    const Review before = *review;
    review->report_count += 1;
    if (review->status == ReviewStatus::published && review->report_count >= options_.report_threshold) {
      review->status = ReviewStatus::hidden;
    }
    VEZA_TRY_VOID(updated(tx.reviews().update(*review), review->id));
    VEZA_TRY_VOID(follow(tx, before, *review));
    return review;
  });
}

Result<Review> ReviewService::moderate(std::string_view review_id, ModerationAction action) {
  if (!is_uuid(review_id)) return no_review(review_id);
  return transact<Review>(db_, TxMode::write, [&](Transaction& tx) -> Result<Review> {
    auto found = tx.reviews().find_by_id(review_id, true);
    if (!found) return std::move(found).error();
    if (!*found) return no_review(review_id);
    const Review before = **found;
    Review after = before;
    if (action == ModerationAction::publish) {
      // Published by a person: the reports that hid it are answered, so counting starts over.
      after.status = ReviewStatus::published;
      after.report_count = 0;
    } else {
      after.status = ReviewStatus::removed;
    }
    VEZA_TRY_VOID(updated(tx.reviews().update(after), after.id));
    VEZA_TRY_VOID(follow(tx, before, after));
    return after;
  });
}

Result<RebuildReport> ReviewService::rebuild_summaries(std::optional<std::string_view> product_id) {
  std::vector<std::string> products;
  if (product_id) {
    if (!is_uuid(*product_id)) return no_product(*product_id);
    auto p = transact<catalog::Product>(db_, TxMode::read, [&](Transaction& tx) { return load_product(tx, *product_id); });
    if (!p) return std::move(p).error();
    products.push_back(p->id);
  } else {
    auto all = transact<std::vector<std::string>>(db_, TxMode::read,
                                                  [](Transaction& tx) { return tx.reviews().products_with_reviews(); });
    if (!all) return std::move(all).error();
    products = std::move(*all);
  }
  RebuildReport report;
  // One short write transaction per product: a rebuild never holds the write lock for long,
  // and each product's comparison and correction are atomic against concurrent writers.
  for (const auto& id : products) {
    auto drift = transact<std::optional<SummaryDrift>>(
        db_, TxMode::write, [&](Transaction& tx) -> Result<std::optional<SummaryDrift>> {
          auto stored = tx.reviews().summary(id);
          if (!stored) return std::move(stored).error();
          auto fresh = tx.reviews().recompute_summary(id);
          if (!fresh) return std::move(fresh).error();
          if (*stored == *fresh) return std::optional<SummaryDrift>{};
          VEZA_TRY_VOID(tx.reviews().store_summary(id, *fresh));
          return std::optional<SummaryDrift>{SummaryDrift{id, *stored, *fresh}};
        });
    if (!drift) return std::move(drift).error();
    ++report.products_checked;
    if (*drift) report.drifted.push_back(std::move(**drift));
  }
  return report;
}

Result<void> ReviewService::set_verified(Transaction& tx, const orders::Licence& licence, bool verified) {
  auto found = tx.reviews().find_by_author(licence.product_id, licence.user_id, true);
  if (!found) return std::move(found).error();
  if (!*found || (*found)->verified_purchase == verified) return ok();
  if (!verified) {
    // Another active licence (bought again in between) keeps the review verified.
    auto still = tx.licences().find_active(licence.user_id, licence.product_id);
    if (!still) return std::move(still).error();
    if (*still) return ok();
  }
  const Review before = **found;
  Review after = before;
  after.verified_purchase = verified;  // updated_at is the author's edit time: left alone
  VEZA_TRY_VOID(updated(tx.reviews().update(after), after.id));
  return follow(tx, before, after);
}

Result<void> ReviewService::on_paid(Transaction& tx, const orders::Order&, const std::vector<orders::Licence>& granted) {
  for (const auto& l : granted) VEZA_TRY_VOID(set_verified(tx, l, true));
  return ok();
}

Result<void> ReviewService::on_refund_settled(Transaction& tx, const orders::Order&,
                                              const std::vector<orders::Licence>& revoked, const orders::RefundSettlement&) {
  for (const auto& l : revoked) VEZA_TRY_VOID(set_verified(tx, l, false));
  return ok();
}

}  // namespace veza::reviews
