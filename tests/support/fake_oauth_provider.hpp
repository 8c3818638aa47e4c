#pragma once
// An in-memory OAuthProvider: hands out the profile it is told to, records what it was given,
// and fails on demand. The wire-level fakes (tests/integration/oauth) check the real contract.
#include <optional>
#include <string>
#include <string_view>

#include <veza/identity/oauth.hpp>

namespace veza::testing {

class FakeOAuthProvider final : public identity::OAuthProvider {
 public:
  explicit FakeOAuthProvider(std::string name) : name_(std::move(name)) {}

  [[nodiscard]] std::string_view name() const noexcept override { return name_; }
  [[nodiscard]] std::string authorize_url(std::string_view state, std::string_view challenge) const override {
    return "https://" + name_ + ".example/authorize?state=" + std::string(state) + "&code_challenge=" +
           std::string(challenge);
  }
  Result<identity::OAuthProfile> fetch_profile(std::string_view code, std::string_view verifier) override {
    ++calls;
    last_code = std::string(code);
    last_verifier = std::string(verifier);
    if (failure) return *failure;
    return profile;
  }

  identity::OAuthProfile profile{"1001", std::nullopt, false, "Ada", std::nullopt};
  std::optional<Error> failure;
  int calls = 0;
  std::string last_code, last_verifier;

 private:
  std::string name_;
};

// The query parameter `name` of `url` (test URLs only: no decoding needed).
inline std::string url_param(std::string_view url, std::string_view name) {
  const std::string key = std::string(name) + "=";
  std::size_t at = url.find("?" + key);
  if (at == std::string_view::npos) at = url.find("&" + key);
  if (at == std::string_view::npos) return {};
  const std::size_t begin = at + 1 + key.size();
  const std::size_t end = url.find('&', begin);
  return std::string(url.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin));
}

}  // namespace veza::testing
