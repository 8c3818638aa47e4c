#include "adapters/system/redact_url.hpp"

namespace veza::adapters {

std::string redact_url(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    // Not a URL we understand: hide anything that could be user info.
    const auto at = url.rfind('@');
    return at == std::string_view::npos ? std::string(url) : "***" + std::string(url.substr(at));
  }
  const auto authority_begin = scheme_end + 3;
  const auto authority_end = url.find_first_of("/?#", authority_begin);
  const auto authority = url.substr(authority_begin, authority_end == std::string_view::npos
                                                         ? std::string_view::npos
                                                         : authority_end - authority_begin);
  // The last '@' ends the user info: a password may itself contain '@' when not encoded.
  const auto at = authority.rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  const auto colon = authority.substr(0, at).find(':');
  if (colon == std::string_view::npos) return std::string(url);
  std::string out(url.substr(0, authority_begin + colon + 1));
  out += "***";
  out += url.substr(authority_begin + at);
  return out;
}

}  // namespace veza::adapters
