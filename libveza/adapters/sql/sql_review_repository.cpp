#include "adapters/sql/sql_review_repository.hpp"


#include "adapters/sql/sql_support.hpp"

namespace veza::adapters {

namespace {

using reviews::RatingSummary;
using reviews::Review;
using reviews::ReviewSort;

// updated_at is NULL on rows written before migration 002 (none in practice): read it as created_at.
constexpr const char* kColumns =
    "SELECT id, product_id, user_id, rating, comment, CAST(verified_purchase AS INTEGER), status, report_count, "
    "reply_text, reply_created_at, reply_updated_at, created_at, COALESCE(updated_at, created_at) "
    "FROM product_reviews ";

struct ReviewRow {
  std::string id, product_id, user_id, comment, status, reply_text, reply_created, reply_updated, created, updated;
  int rating = 0, verified = 0, reports = 0;
  soci::indicator comment_ind = soci::i_ok, reply_ind = soci::i_ok, reply_created_ind = soci::i_ok,
                  reply_updated_ind = soci::i_ok;

  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(product_id));
    st.exchange(soci::into(user_id));
    st.exchange(soci::into(rating));
    st.exchange(soci::into(comment, comment_ind));
    st.exchange(soci::into(verified));
    st.exchange(soci::into(status));
    st.exchange(soci::into(reports));
    st.exchange(soci::into(reply_text, reply_ind));
    st.exchange(soci::into(reply_created, reply_created_ind));
    st.exchange(soci::into(reply_updated, reply_updated_ind));
    st.exchange(soci::into(created));
    st.exchange(soci::into(updated));
  }
};

Result<Review> to_review(const ReviewRow& r) {
  Review v;
  v.id = r.id;
  v.product_id = r.product_id;
  v.user_id = r.user_id;
  v.rating = r.rating;
  v.comment = optional_text(r.comment, r.comment_ind);
  v.verified_purchase = r.verified != 0;
  auto status = reviews::parse_review_status(r.status);
  if (!status) return make_error(ErrorCode::internal, "unknown status '" + r.status + "' stored for review " + r.id);
  v.status = *status;
  v.report_count = r.reports;
  auto created = read_timestamp(r.created, "product_reviews.created_at");
  if (!created) return std::move(created).error();
  v.created_at = *created;
  auto updated = read_timestamp(r.updated, "product_reviews.updated_at");
  if (!updated) return std::move(updated).error();
  v.updated_at = *updated;
  if (r.reply_ind != soci::i_null) {
    reviews::ReviewReply reply;
    reply.text = r.reply_text;
    auto rc = read_timestamp(r.reply_created, r.reply_created_ind, "product_reviews.reply_created_at");
    if (!rc) return std::move(rc).error();
    auto ru = read_timestamp(r.reply_updated, r.reply_updated_ind, "product_reviews.reply_updated_at");
    if (!ru) return std::move(ru).error();
    reply.created_at = rc->value_or(v.created_at);
    reply.updated_at = ru->value_or(reply.created_at);
    v.reply = std::move(reply);
  }
  return v;
}

// The maintained summary row of one product.
struct SummaryRow {
  long long v[7] = {0, 0, 0, 0, 0, 0, 0};  // SOCI binds long long, not int64_t (long)
  void bind(soci::statement& st) {
    for (auto& x : v) st.exchange(soci::into(x));
  }
};

}  // namespace

const char* SqlReviewRepository::lock_clause() const {
  // SQLite has no row locks; its write transactions (BEGIN IMMEDIATE) serialise writers already.
  return sql_.get_backend_name() == "postgresql" ? " FOR UPDATE" : "";
}

Result<std::vector<Review>> SqlReviewRepository::query(const std::string& where, const std::vector<std::string>& params) {
  return query_rows<ReviewRow>(statements_, sql_, kColumns + where, params, to_review);
}

Result<void> SqlReviewRepository::insert(const Review& review) {
  auto id = new_row_id(review.id, "review");
  if (!id) return std::move(id).error();
  auto product = uuid_key(review.product_id), user = uuid_key(review.user_id);
  if (!product || !user) {
    return make_error(ErrorCode::invalid_argument, "review " + review.id + " refers to an id that is not a UUID");
  }
  return guarded(
      "inserting a review",
      [&]() -> Result<void> {
        const int verified = review.verified_purchase ? 1 : 0;
        const std::string status(reviews::to_string(review.status));
        const std::string created = format_timestamp(review.created_at), updated = format_timestamp(review.updated_at);
        NullableText comment = nullable(review.comment);
        return with_savepoint(sql_, [&]() -> Result<void> {
          sql_ << "INSERT INTO product_reviews (id, product_id, user_id, rating, comment, verified_purchase, status, "
                  "report_count, created_at, updated_at) VALUES (:id, :product, :user_id, :rating, :comment, "
                  ":verified, :status, :reports, :created, :updated)",
              soci::use(*id), soci::use(*product), soci::use(*user), soci::use(review.rating),
              soci::use(comment.value, comment.ind), soci::use(verified), soci::use(status),
              soci::use(review.report_count), soci::use(created), soci::use(updated);
          return {};
        });
      },
      {{"product_reviews.product_id, product_reviews.user_id", "the user already reviewed this product"},
       {"product_reviews_product_id_user_id_key", "the user already reviewed this product"},
       {"product_reviews.id", "a review with this id already exists"},
       {"product_reviews_pkey", "a review with this id already exists"}});
}

Result<std::optional<Review>> SqlReviewRepository::find_by_id(std::string_view id, bool for_update) {
  auto key = uuid_key(id);
  if (!key) return std::optional<Review>{};
  return guarded("finding a review", [&]() -> Result<std::optional<Review>> {
    auto rows = query(std::string("WHERE id = :id") + (for_update ? lock_clause() : ""), {*key});
    if (!rows) return std::move(rows).error();
    if (rows->empty()) return std::optional<Review>{};
    return std::optional<Review>{std::move(rows->front())};
  });
}

Result<std::optional<Review>> SqlReviewRepository::find_by_author(std::string_view product_id, std::string_view user_id,
                                                                  bool for_update) {
  auto product = uuid_key(product_id), user = uuid_key(user_id);
  if (!product || !user) return std::optional<Review>{};
  return guarded("finding a review", [&]() -> Result<std::optional<Review>> {
    auto rows = query(std::string("WHERE product_id = :product AND user_id = :user_id") +
                          (for_update ? lock_clause() : ""),
                      {*product, *user});
    if (!rows) return std::move(rows).error();
    if (rows->empty()) return std::optional<Review>{};
    return std::optional<Review>{std::move(rows->front())};
  });
}

Result<bool> SqlReviewRepository::update(const Review& review) {
  auto key = uuid_key(review.id);
  if (!key) return false;
  return guarded("updating a review", [&]() -> Result<bool> {
    const int verified = review.verified_purchase ? 1 : 0;
    const std::string status(reviews::to_string(review.status)), updated = format_timestamp(review.updated_at);
    NullableText comment = nullable(review.comment), reply, reply_created, reply_updated;
    if (review.reply) {
      reply = nullable(std::optional<std::string>(review.reply->text));
      reply_created = nullable(std::optional<Timestamp>(review.reply->created_at));
      reply_updated = nullable(std::optional<Timestamp>(review.reply->updated_at));
    }
    soci::statement st =
        (sql_.prepare << "UPDATE product_reviews SET rating = :rating, comment = :comment, verified_purchase = :verified, "
                         "status = :status, report_count = :reports, reply_text = :reply, reply_created_at = :rc, "
                         "reply_updated_at = :ru, updated_at = :updated WHERE id = :id",
         soci::use(review.rating), soci::use(comment.value, comment.ind), soci::use(verified), soci::use(status),
         soci::use(review.report_count), soci::use(reply.value, reply.ind),
         soci::use(reply_created.value, reply_created.ind), soci::use(reply_updated.value, reply_updated.ind),
         soci::use(updated), soci::use(*key));
    st.execute(true);
    return st.get_affected_rows() > 0;
  });
}

Result<bool> SqlReviewRepository::remove(std::string_view id) {
  auto key = uuid_key(id);
  if (!key) return false;
  return guarded("deleting a review", [&]() -> Result<bool> {
    soci::statement st = (sql_.prepare << "DELETE FROM product_reviews WHERE id = :id", soci::use(*key));
    st.execute(true);
    return st.get_affected_rows() > 0;
  });
}

Result<std::vector<Review>> SqlReviewRepository::list_published(std::string_view product_id, ReviewSort sort,
                                                                std::size_t limit,
                                                                const std::optional<reviews::ReviewCursor>& after) {
  auto product = uuid_key(product_id);
  if (!product) return std::vector<Review>{};
  const bool pg = sql_.get_backend_name() == "postgresql";
  // Typed placeholders: PostgreSQL compares a row value only with typed values, and SQLite must
  // not cast an id at all (it would turn it into a number).
  const std::string id_param = pg ? "CAST(:after_id AS UUID)" : ":after_id";
  std::string where = "WHERE product_id = :product AND status = 'published'";
  std::vector<std::string> params{*product};
  std::string order;
  switch (sort) {
    case ReviewSort::newest:
      order = " ORDER BY created_at DESC, id DESC";
      if (after) {
        where += " AND " + created_before(sql_, after->created_at, after->id, params);
      }
      break;
    case ReviewSort::highest:
      order = " ORDER BY rating DESC, id DESC";
      if (after) {
        where += " AND (rating, id) < (CAST(:after_key AS INTEGER), " + id_param + ")";
        params.push_back(std::to_string(after->rating));
        params.push_back(uuid_key(after->id).value_or(after->id));
      }
      break;
    case ReviewSort::lowest:
      order = " ORDER BY rating ASC, id DESC";
      if (after) {
        where += " AND (rating > CAST(:after_key AS INTEGER) OR (rating = CAST(:same_key AS INTEGER) AND id < " +
                 id_param + "))";
        params.push_back(std::to_string(after->rating));
        params.push_back(std::to_string(after->rating));
        params.push_back(uuid_key(after->id).value_or(after->id));
      }
      break;
  }
  // The page size is a value, not text, so every size shares one prepared statement.
  params.push_back(std::to_string(limit));
  return guarded("listing reviews", [&] { return query(where + order + " LIMIT CAST(:page_size AS INTEGER)", params); });
}

Result<bool> SqlReviewRepository::add_report(const reviews::ReviewReport& report) {
  auto review = uuid_key(report.review_id), user = uuid_key(report.user_id);
  if (!review || !user) return make_error(ErrorCode::invalid_argument, "a report names a review and a user by UUID");
  return guarded("reporting a review", [&]() -> Result<bool> {
    const std::string at = format_timestamp(report.created_at);
    return with_savepoint(sql_, [&]() -> Result<bool> {
      soci::statement st = (sql_.prepare << "INSERT INTO product_review_reports (review_id, user_id, reason, created_at) "
                                            "VALUES (:review, :user_id, :reason, :at) "
                                            "ON CONFLICT (review_id, user_id) DO NOTHING",
                            soci::use(*review), soci::use(*user), soci::use(report.reason), soci::use(at));
      st.execute(true);
      return st.get_affected_rows() > 0;
    });
  });
}

Result<RatingSummary> SqlReviewRepository::summary(std::string_view product_id) {
  auto product = uuid_key(product_id);
  if (!product) return RatingSummary{};
  return guarded("reading a rating summary", [&]() -> Result<RatingSummary> {
    RatingSummary s;  // no row: all zero
    auto done = run_query<SummaryRow>(statements_, sql_,
                                      "SELECT review_count, rating_sum, stars_1, stars_2, stars_3, stars_4, stars_5 "
                                      "FROM product_rating_summaries WHERE product_id = :product",
                                      {*product}, [&](const SummaryRow& row) -> Result<void> {
                                        s.count = row.v[0];
                                        s.sum = row.v[1];
                                        for (std::size_t i = 0; i < 5; ++i) s.stars[i] = row.v[i + 2];
                                        return {};
                                      });
    if (!done) return std::move(done).error();
    return s;
  });
}

Result<void> SqlReviewRepository::adjust_summary(std::string_view product_id, int rating, int delta) {
  auto product = uuid_key(product_id);
  if (!product) return make_error(ErrorCode::invalid_argument, "a summary is kept per product UUID");
  if (rating < reviews::kMinRating || rating > reviews::kMaxRating) {
    return make_error(ErrorCode::internal, "a rating outside 1..5 reached the summary");
  }
  return guarded("updating a rating summary", [&]() -> Result<void> {
    const long long d = delta, s = static_cast<long long>(rating) * delta;
    long long star[5] = {0, 0, 0, 0, 0};
    star[rating - 1] = d;
    // One statement: the arithmetic happens in the database, under its lock, never read-then-write here.
    sql_ << "INSERT INTO product_rating_summaries (product_id, review_count, rating_sum, stars_1, stars_2, stars_3, "
            "stars_4, stars_5) VALUES (:product, :d, :s, :s1, :s2, :s3, :s4, :s5) "
            "ON CONFLICT (product_id) DO UPDATE SET "
            "review_count = product_rating_summaries.review_count + excluded.review_count, "
            "rating_sum = product_rating_summaries.rating_sum + excluded.rating_sum, "
            "stars_1 = product_rating_summaries.stars_1 + excluded.stars_1, "
            "stars_2 = product_rating_summaries.stars_2 + excluded.stars_2, "
            "stars_3 = product_rating_summaries.stars_3 + excluded.stars_3, "
            "stars_4 = product_rating_summaries.stars_4 + excluded.stars_4, "
            "stars_5 = product_rating_summaries.stars_5 + excluded.stars_5",
        soci::use(*product), soci::use(d), soci::use(s), soci::use(star[0]), soci::use(star[1]), soci::use(star[2]),
        soci::use(star[3]), soci::use(star[4]);
    return {};
  });
}

Result<RatingSummary> SqlReviewRepository::recompute_summary(std::string_view product_id) {
  auto product = uuid_key(product_id);
  if (!product) return RatingSummary{};
  return guarded("recomputing a rating summary", [&]() -> Result<RatingSummary> {
    RatingSummary s;
    int rating = 0;
    long long n = 0;
    soci::statement st = (sql_.prepare << "SELECT rating, COUNT(*) FROM product_reviews WHERE product_id = :product "
                                          "AND verified_purchase = TRUE AND status = 'published' GROUP BY rating",
                          soci::into(rating), soci::into(n), soci::use(*product));
    if (st.execute(true)) {
      do {
        if (rating < reviews::kMinRating || rating > reviews::kMaxRating) continue;
        s.count += n;
        s.sum += n * rating;
        s.stars[static_cast<std::size_t>(rating - 1)] += n;
      } while (st.fetch());
    }
    return s;
  });
}

Result<void> SqlReviewRepository::store_summary(std::string_view product_id, const RatingSummary& s) {
  auto product = uuid_key(product_id);
  if (!product) return make_error(ErrorCode::invalid_argument, "a summary is kept per product UUID");
  return guarded("storing a rating summary", [&]() -> Result<void> {
    const long long n = s.count, total = s.sum, s1 = s.stars[0], s2 = s.stars[1], s3 = s.stars[2], s4 = s.stars[3],
                    s5 = s.stars[4];
    sql_ << "INSERT INTO product_rating_summaries (product_id, review_count, rating_sum, stars_1, stars_2, stars_3, "
            "stars_4, stars_5) VALUES (:product, :n, :s, :s1, :s2, :s3, :s4, :s5) "
            "ON CONFLICT (product_id) DO UPDATE SET review_count = excluded.review_count, "
            "rating_sum = excluded.rating_sum, stars_1 = excluded.stars_1, stars_2 = excluded.stars_2, "
            "stars_3 = excluded.stars_3, stars_4 = excluded.stars_4, stars_5 = excluded.stars_5",
        soci::use(*product), soci::use(n), soci::use(total), soci::use(s1), soci::use(s2), soci::use(s3), soci::use(s4),
        soci::use(s5);
    return {};
  });
}

Result<std::vector<std::string>> SqlReviewRepository::products_with_reviews() {
  return guarded("listing reviewed products", [&]() -> Result<std::vector<std::string>> {
    std::vector<std::string> out;
    std::string id;
    soci::statement st = (sql_.prepare << "SELECT product_id FROM product_reviews UNION "
                                          "SELECT product_id FROM product_rating_summaries ORDER BY 1",
                          soci::into(id));
    if (st.execute(true)) {
      do {
        out.push_back(id);
      } while (st.fetch());
    }
    return out;
  });
}

}  // namespace veza::adapters
