#include "adapters/sql/sql_licence_repository.hpp"

#include "adapters/sql/sql_support.hpp"

namespace veza::adapters {

namespace {

constexpr const char* kColumns =
    "SELECT id, user_id, product_id, order_id, status, granted_at, revoked_at, first_downloaded_at FROM licences ";

struct LicenceRow {
  std::string id, user_id, product_id, order_id, status, granted_at, revoked_at, downloaded_at;
  soci::indicator revoked_ind = soci::i_ok, downloaded_ind = soci::i_ok;
};

Result<orders::Licence> to_licence(const LicenceRow& r) {
  orders::Licence l;
  l.id = r.id;
  l.user_id = r.user_id;
  l.product_id = r.product_id;
  l.order_id = r.order_id;
  auto status = orders::parse_licence_status(r.status);
  if (!status) return make_error(ErrorCode::internal, "unknown status '" + r.status + "' stored for licence " + r.id);
  l.status = *status;
  auto granted = read_timestamp(r.granted_at, "licences.granted_at");
  if (!granted) return std::move(granted).error();
  l.granted_at = *granted;
  auto revoked = read_timestamp(r.revoked_at, r.revoked_ind, "licences.revoked_at");
  if (!revoked) return std::move(revoked).error();
  l.revoked_at = *revoked;
  auto downloaded = read_timestamp(r.downloaded_at, r.downloaded_ind, "licences.first_downloaded_at");
  if (!downloaded) return std::move(downloaded).error();
  l.first_downloaded_at = *downloaded;
  return l;
}

}  // namespace

Result<std::vector<orders::Licence>> SqlLicenceRepository::query(const std::string& where,
                                                                 const std::vector<std::string>& params) {
  LicenceRow row;
  auto p = (sql_.prepare << std::string(kColumns) + where, soci::into(row.id), soci::into(row.user_id),
            soci::into(row.product_id), soci::into(row.order_id), soci::into(row.status), soci::into(row.granted_at),
            soci::into(row.revoked_at, row.revoked_ind), soci::into(row.downloaded_at, row.downloaded_ind));
  for (const auto& param : params) p, soci::use(param);
  soci::statement st = p;
  std::vector<orders::Licence> out;
  if (st.execute(true)) {
    do {
      auto l = to_licence(row);
      if (!l) return std::move(l).error();
      out.push_back(std::move(*l));
    } while (st.fetch());
  }
  return out;
}

Result<void> SqlLicenceRepository::insert(const orders::Licence& licence) {
  auto id = new_row_id(licence.id, "licence");
  if (!id) return std::move(id).error();
  auto user = uuid_key(licence.user_id), product = uuid_key(licence.product_id), order = uuid_key(licence.order_id);
  if (!user || !product || !order) {
    return make_error(ErrorCode::invalid_argument, "licence " + licence.id + " refers to an id that is not a UUID");
  }
  return guarded(
      "inserting a licence",
      [&]() -> Result<void> {
        const std::string status(orders::to_string(licence.status)), granted = format_timestamp(licence.granted_at);
        NullableText revoked = nullable(licence.revoked_at), downloaded = nullable(licence.first_downloaded_at);
        return with_savepoint(sql_, [&]() -> Result<void> {
          sql_ << "INSERT INTO licences (id, user_id, product_id, order_id, status, granted_at, revoked_at, "
                  "first_downloaded_at) VALUES (:id, :user_id, :product, :order_id, :status, :granted, :revoked, "
                  ":downloaded)",
              soci::use(*id), soci::use(*user), soci::use(*product), soci::use(*order), soci::use(status),
              soci::use(granted), soci::use(revoked.value, revoked.ind), soci::use(downloaded.value, downloaded.ind);
          return {};
        });
      },
      {{"idx_licences_active", "the user already holds an active licence for this product"},
       {"licences.user_id, licences.product_id", "the user already holds an active licence for this product"},
       {"licences.id", "a licence with this id already exists"},
       {"licences_pkey", "a licence with this id already exists"}});
}

Result<std::optional<orders::Licence>> SqlLicenceRepository::find_active(std::string_view user_id,
                                                                         std::string_view product_id) {
  return active(user_id, product_id, false);
}

Result<std::optional<orders::Licence>> SqlLicenceRepository::lock_active(std::string_view user_id,
                                                                         std::string_view product_id) {
  return active(user_id, product_id, true);
}

Result<std::optional<orders::Licence>> SqlLicenceRepository::active(std::string_view user_id,
                                                                    std::string_view product_id, bool lock) {
  auto user = uuid_key(user_id), product = uuid_key(product_id);
  if (!user || !product) return std::optional<orders::Licence>{};
  // PostgreSQL re-checks `status = 'active'` once a concurrent revoke commits, so a locked read
  // after a revoke finds nothing. SQLite has no row locks: BEGIN IMMEDIATE serialises writers.
  const bool row_lock = lock && sql_.get_backend_name() == "postgresql";
  return guarded("finding a licence", [&]() -> Result<std::optional<orders::Licence>> {
    auto rows = query(std::string("WHERE user_id = :user_id AND product_id = :product AND status = 'active'") +
                          (row_lock ? " FOR UPDATE" : ""),
                      {*user, *product});
    if (!rows) return std::move(rows).error();
    if (rows->empty()) return std::optional<orders::Licence>{};
    return std::optional<orders::Licence>{std::move(rows->front())};
  });
}

Result<std::vector<orders::Licence>> SqlLicenceRepository::list_for_user(std::string_view user_id) {
  auto user = uuid_key(user_id);
  if (!user) return std::vector<orders::Licence>{};
  return guarded("listing licences", [&] { return query("WHERE user_id = :user_id ORDER BY granted_at, id", {*user}); });
}

Result<std::vector<orders::Licence>> SqlLicenceRepository::list_for_order(std::string_view order_id) {
  auto order = uuid_key(order_id);
  if (!order) return std::vector<orders::Licence>{};
  return guarded("listing licences", [&] { return query("WHERE order_id = :order_id ORDER BY id", {*order}); });
}

Result<std::vector<orders::Licence>> SqlLicenceRepository::revoke_for_order(std::string_view order_id, Timestamp at) {
  auto order = uuid_key(order_id);
  if (!order) return std::vector<orders::Licence>{};
  return guarded("revoking licences", [&]() -> Result<std::vector<orders::Licence>> {
    // Read then update inside the caller's write transaction (SQLite: BEGIN IMMEDIATE holds
    // the write lock; PostgreSQL: FOR UPDATE locks the rows), so the list is exactly what
    // this call revoked.
    auto active = query(std::string("WHERE order_id = :order_id AND status = 'active' ORDER BY id") +
                            (sql_.get_backend_name() == "postgresql" ? " FOR UPDATE" : ""),
                        {*order});
    if (!active) return std::move(active).error();
    const std::string when = format_timestamp(at);
    sql_ << "UPDATE licences SET status = 'revoked', revoked_at = :at WHERE order_id = :order_id AND status = 'active'",
        soci::use(when), soci::use(*order);
    for (auto& l : *active) {
      l.status = orders::LicenceStatus::revoked;
      l.revoked_at = at;
    }
    return active;
  });
}

Result<std::vector<orders::Licence>> SqlLicenceRepository::revoke_for_order_products(
    std::string_view order_id, const std::vector<std::string>& product_ids, Timestamp at) {
  auto order = uuid_key(order_id);
  if (!order) return std::vector<orders::Licence>{};
  return guarded("revoking licences", [&]() -> Result<std::vector<orders::Licence>> {
    std::vector<orders::Licence> out;
    const std::string when = format_timestamp(at);
    // One product at a time, inside the caller's write transaction (as revoke_for_order).
    for (const auto& product_id : product_ids) {
      auto product = uuid_key(product_id);
      if (!product) continue;
      auto active = query(std::string("WHERE order_id = :order_id AND product_id = :product AND status = 'active'") +
                              (sql_.get_backend_name() == "postgresql" ? " FOR UPDATE" : ""),
                          {*order, *product});
      if (!active) return std::move(active).error();
      sql_ << "UPDATE licences SET status = 'revoked', revoked_at = :at WHERE order_id = :order_id AND "
              "product_id = :product AND status = 'active'",
          soci::use(when), soci::use(*order), soci::use(*product);
      for (auto& l : *active) {
        l.status = orders::LicenceStatus::revoked;
        l.revoked_at = at;
        out.push_back(std::move(l));
      }
    }
    return out;
  });
}

Result<bool> SqlLicenceRepository::mark_downloaded(std::string_view licence_id, Timestamp at) {
  auto id = uuid_key(licence_id);
  if (!id) return false;
  return guarded("recording a download", [&]() -> Result<bool> {
    const std::string when = format_timestamp(at);
    soci::statement st = (sql_.prepare << "UPDATE licences SET first_downloaded_at = :at "
                                          "WHERE id = :id AND first_downloaded_at IS NULL",
                          soci::use(when), soci::use(*id));
    st.execute(true);
    return st.get_affected_rows() > 0;
  });
}

}  // namespace veza::adapters
