#pragma once
#include <soci/soci.h>

#include <veza/orders/order.hpp>

namespace veza::adapters {

// orders::LicenceRepository over one SOCI session (inside the caller's transaction). The
// partial unique index idx_licences_active keeps one active licence per user and product.
class SqlLicenceRepository final : public orders::LicenceRepository {
 public:
  explicit SqlLicenceRepository(soci::session& sql) : sql_(sql) {}
  Result<void> insert(const orders::Licence& licence) override;
  Result<std::optional<orders::Licence>> find_active(std::string_view user_id, std::string_view product_id) override;
  Result<std::optional<orders::Licence>> lock_active(std::string_view user_id, std::string_view product_id) override;
  Result<std::vector<orders::Licence>> list_for_user(std::string_view user_id) override;
  Result<std::vector<orders::Licence>> list_for_order(std::string_view order_id) override;
  Result<std::vector<orders::Licence>> revoke_for_order(std::string_view order_id, Timestamp at) override;
  Result<std::vector<orders::Licence>> revoke_for_order_products(std::string_view order_id,
                                                                 const std::vector<std::string>& product_ids,
                                                                 Timestamp at) override;
  Result<bool> mark_downloaded(std::string_view licence_id, Timestamp at) override;

 private:
  Result<std::vector<orders::Licence>> query(const std::string& where, const std::vector<std::string>& params);
  Result<std::optional<orders::Licence>> active(std::string_view user_id, std::string_view product_id, bool lock);

  soci::session& sql_;
};

}  // namespace veza::adapters
