#include "adapters/sql/sql_user_repository.hpp"

#include "adapters/sql/sql_support.hpp"

namespace veza::adapters {

namespace {

constexpr const char* kColumns =
    "SELECT id, email, CAST(email_verified AS INTEGER), display_name, role, created_at FROM users ";

struct UserRow {
  std::string id, email, display_name, role, created_at;
  soci::indicator email_ind = soci::i_ok;
  int email_verified = 0;

  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(email, email_ind));
    st.exchange(soci::into(email_verified));
    st.exchange(soci::into(display_name));
    st.exchange(soci::into(role));
    st.exchange(soci::into(created_at));
  }
};

Result<identity::User> to_user(const UserRow& row) {
  identity::User u;
  u.id = row.id;
  u.email = optional_text(row.email, row.email_ind);
  u.email_verified = row.email_verified != 0;
  u.display_name = row.display_name;
  auto role = identity::parse_role(row.role);
  if (!role) return make_error(ErrorCode::internal, "unknown role '" + row.role + "' stored for user " + row.id);
  u.role = *role;
  auto created = read_timestamp(row.created_at, "users.created_at");
  if (!created) return std::move(created).error();
  u.created_at = *created;
  return u;
}

Result<std::optional<identity::User>> fetch_one(soci::session& sql, StatementCache& statements,
                                                const std::string& where, const std::string& value) {
  auto rows = query_rows<UserRow>(statements, sql, kColumns + where, {value}, to_user);
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<identity::User>{};
  return std::optional<identity::User>{std::move(rows->front())};
}

}  // namespace

Result<void> SqlUserRepository::insert(const identity::User& user) {
  auto id = new_row_id(user.id, "user");
  if (!id) return std::move(id).error();
  return guarded(
      "inserting a user",
      [&]() -> Result<void> {
        NullableText email = nullable(user.email);
        const int verified = user.email_verified ? 1 : 0;
        const std::string role(identity::to_string(user.role));
        const std::string created = format_timestamp(user.created_at);
        return with_savepoint(sql_, [&]() -> Result<void> {
          sql_ << "INSERT INTO users (id, email, email_verified, display_name, role, created_at) "
                  "VALUES (:id, :email, :verified, :name, :role, :created)",
              soci::use(*id), soci::use(email.value, email.ind), soci::use(verified), soci::use(user.display_name),
              soci::use(role), soci::use(created);
          return {};
        });
      },
      {{"idx_users_email", "a user with this email already exists"},
       {"users.email", "a user with this email already exists"},
       {"users.id", "a user with this id already exists"},
       {"users_pkey", "a user with this id already exists"}});
}

Result<std::optional<identity::User>> SqlUserRepository::find_by_id(std::string_view id) {
  auto key = uuid_key(id);
  if (!key) return std::optional<identity::User>{};
  return guarded("finding a user", [&] { return fetch_one(sql_, statements_, "WHERE id = :id", *key); });
}

Result<std::optional<identity::User>> SqlUserRepository::find_by_email(std::string_view email) {
  const std::string value(email);
  // lower() on both sides matches the unique index idx_users_email (emails are ASCII).
  return guarded("finding a user", [&] { return fetch_one(sql_, statements_, "WHERE lower(email) = lower(:email)", value); });
}

}  // namespace veza::adapters
