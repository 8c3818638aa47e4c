#include "adapters/sql/sql_api_token_repository.hpp"

#include "adapters/sql/sql_support.hpp"

namespace veza::adapters {

namespace {

struct TokenRow {
  std::string id, user_id, token_hash, created_at, expires_at, revoked_at;
  soci::indicator expires_ind = soci::i_ok, revoked_ind = soci::i_ok;

  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(user_id));
    st.exchange(soci::into(token_hash));
    st.exchange(soci::into(created_at));
    st.exchange(soci::into(expires_at, expires_ind));
    st.exchange(soci::into(revoked_at, revoked_ind));
  }
};

Result<identity::ApiToken> to_token(const TokenRow& row) {
  identity::ApiToken t;
  t.id = row.id;
  t.user_id = row.user_id;
  t.token_hash = row.token_hash;
  auto created = read_timestamp(row.created_at, "api_tokens.created_at");
  if (!created) return std::move(created).error();
  t.created_at = *created;
  auto expires = read_timestamp(row.expires_at, row.expires_ind, "api_tokens.expires_at");
  if (!expires) return std::move(expires).error();
  t.expires_at = *expires;
  auto revoked = read_timestamp(row.revoked_at, row.revoked_ind, "api_tokens.revoked_at");
  if (!revoked) return std::move(revoked).error();
  t.revoked_at = *revoked;
  return t;
}

template <class T>
Result<std::optional<T>> first(Result<std::vector<T>> rows) {
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<T>{};
  return std::optional<T>{std::move(rows->front())};
}

}  // namespace

Result<std::vector<identity::ApiToken>> SqlApiTokenRepository::query(const std::string& where, const std::string& value) {
  return guarded("reading " + many_, [&]() -> Result<std::vector<identity::ApiToken>> {
    return query_rows<TokenRow>(
        statements_, sql_, "SELECT id, user_id, token_hash, created_at, expires_at, revoked_at FROM " + table_ + " " + where,
        {value}, to_token);
  });
}

Result<void> SqlApiTokenRepository::insert(const identity::ApiToken& token) {
  auto id = new_row_id(token.id, one_.substr(one_.find(' ') + 1));
  if (!id) return std::move(id).error();
  auto user_id = uuid_key(token.user_id);
  if (!user_id) return make_error(ErrorCode::not_found, "no user has id " + token.user_id);
  return guarded(
      "inserting " + one_,
      [&]() -> Result<void> {
        const std::string created = format_timestamp(token.created_at);
        NullableText expires = nullable(token.expires_at);
        NullableText revoked = nullable(token.revoked_at);
        return with_savepoint(sql_, [&]() -> Result<void> {
          sql_ << "INSERT INTO " + table_ + " (id, user_id, token_hash, created_at, expires_at, revoked_at) "
                  "VALUES (:id, :user_id, :hash, :created, :expires, :revoked)",
              soci::use(*id), soci::use(*user_id), soci::use(token.token_hash), soci::use(created),
              soci::use(expires.value, expires.ind), soci::use(revoked.value, revoked.ind);
          return {};
        });
      },
      {{"token_hash", one_ + " with this hash already exists"},
       {table_ + ".id", one_ + " with this id already exists"},
       {table_ + "_pkey", one_ + " with this id already exists"}});
}

Result<std::optional<identity::ApiToken>> SqlApiTokenRepository::find_by_hash(std::string_view token_hash) {
  return first(query("WHERE token_hash = :hash", std::string(token_hash)));
}

Result<std::optional<identity::ApiToken>> SqlApiTokenRepository::find_by_id(std::string_view id) {
  auto key = uuid_key(id);
  if (!key) return std::optional<identity::ApiToken>{};
  return first(query("WHERE id = :id", *key));
}

Result<std::vector<identity::ApiToken>> SqlApiTokenRepository::list_for_user(std::string_view user_id) {
  auto key = uuid_key(user_id);
  if (!key) return std::vector<identity::ApiToken>{};
  return query("WHERE user_id = :user_id ORDER BY created_at, id", *key);
}

Result<bool> SqlApiTokenRepository::revoke(std::string_view id, Timestamp at) {
  auto key = uuid_key(id);
  if (!key) return false;
  return guarded("revoking " + one_, [&]() -> Result<bool> {
    const std::string when = format_timestamp(at);
    soci::statement st = (sql_.prepare << "UPDATE " + table_ + " SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL",
                          soci::use(when), soci::use(*key));
    st.execute(true);
    return st.get_affected_rows() > 0;
  });
}

}  // namespace veza::adapters
