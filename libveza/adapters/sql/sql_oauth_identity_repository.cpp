#include "adapters/sql/sql_oauth_identity_repository.hpp"

#include "adapters/sql/sql_support.hpp"

namespace veza::adapters {
namespace {

constexpr const char* kColumns =
    "SELECT id, user_id, provider, provider_user_id, email, CAST(email_verified AS INTEGER), created_at "
    "FROM oauth_identities ";

struct IdentityRow {
  std::string id, user_id, provider, provider_user_id, email, created_at;
  soci::indicator email_ind = soci::i_ok;
  int email_verified = 0;
};

// Runs a SELECT of kColumns + `where` with two text parameters (the second may be unused).
Result<std::vector<identity::OAuthIdentity>> select(soci::session& sql, const std::string& where,
                                                    const std::string& a, const std::string* b) {
  IdentityRow row;
  soci::statement st = (sql.prepare << kColumns + where, soci::into(row.id), soci::into(row.user_id),
                        soci::into(row.provider), soci::into(row.provider_user_id), soci::into(row.email, row.email_ind),
                        soci::into(row.email_verified), soci::into(row.created_at));
  st.exchange(soci::use(a));
  if (b) st.exchange(soci::use(*b));
  st.define_and_bind();
  std::vector<identity::OAuthIdentity> out;
  if (st.execute(true)) {
    do {
      identity::OAuthIdentity i;
      i.id = row.id;
      i.user_id = row.user_id;
      i.provider = row.provider;
      i.provider_user_id = row.provider_user_id;
      i.email = optional_text(row.email, row.email_ind);
      i.email_verified = row.email_verified != 0;
      auto created = read_timestamp(row.created_at, "oauth_identities.created_at");
      if (!created) return std::move(created).error();
      i.created_at = *created;
      out.push_back(std::move(i));
    } while (st.fetch());
  }
  return out;
}

}  // namespace

Result<void> SqlOAuthIdentityRepository::insert(const identity::OAuthIdentity& identity) {
  auto id = new_row_id(identity.id, "identity");
  if (!id) return std::move(id).error();
  auto user_id = uuid_key(identity.user_id);
  if (!user_id) return make_error(ErrorCode::not_found, "no user has id " + identity.user_id);
  return guarded(
      "inserting an OAuth identity",
      [&]() -> Result<void> {
        NullableText email = nullable(identity.email);
        const int verified = identity.email_verified ? 1 : 0;
        const std::string created = format_timestamp(identity.created_at);
        return with_savepoint(sql_, [&]() -> Result<void> {
          sql_ << "INSERT INTO oauth_identities (id, user_id, provider, provider_user_id, email, email_verified, "
                  "created_at) VALUES (:id, :user_id, :provider, :key, :email, :verified, :created)",
              soci::use(*id), soci::use(*user_id), soci::use(identity.provider), soci::use(identity.provider_user_id),
              soci::use(email.value, email.ind), soci::use(verified), soci::use(created);
          return {};
        });
      },
      // SQLite names the columns of a UNIQUE violation; PostgreSQL names the constraint.
      {{"oauth_identities.provider, oauth_identities.provider_user_id", "this provider account is already linked"},
       {"provider_provider_user_id", "this provider account is already linked"},
       {"oauth_identities.user_id, oauth_identities.provider", "the user already has an identity at this provider"},
       {"user_id_provider", "the user already has an identity at this provider"},
       {"oauth_identities.id", "an identity with this id already exists"},
       {"oauth_identities_pkey", "an identity with this id already exists"}});
}

Result<std::optional<identity::OAuthIdentity>> SqlOAuthIdentityRepository::find(std::string_view provider,
                                                                                 std::string_view provider_user_id) {
  return guarded("reading an OAuth identity", [&]() -> Result<std::optional<identity::OAuthIdentity>> {
    const std::string p(provider), key(provider_user_id);
    auto rows = select(sql_, "WHERE provider = :provider AND provider_user_id = :key", p, &key);
    if (!rows) return std::move(rows).error();
    if (rows->empty()) return std::optional<identity::OAuthIdentity>{};
    return std::optional<identity::OAuthIdentity>{std::move(rows->front())};
  });
}

Result<std::vector<identity::OAuthIdentity>> SqlOAuthIdentityRepository::list_for_user(std::string_view user_id) {
  auto key = uuid_key(user_id);
  if (!key) return std::vector<identity::OAuthIdentity>{};
  return guarded("listing OAuth identities", [&]() {
    return select(sql_, "WHERE user_id = :user_id ORDER BY provider", *key, nullptr);
  });
}

Result<bool> SqlOAuthIdentityRepository::remove(std::string_view user_id, std::string_view provider) {
  auto key = uuid_key(user_id);
  if (!key) return false;
  return guarded("removing an OAuth identity", [&]() -> Result<bool> {
    const std::string p(provider);
    soci::statement st = (sql_.prepare << "DELETE FROM oauth_identities WHERE user_id = :user_id AND provider = :provider",
                          soci::use(*key), soci::use(p));
    st.execute(true);
    return st.get_affected_rows() > 0;
  });
}

}  // namespace veza::adapters
