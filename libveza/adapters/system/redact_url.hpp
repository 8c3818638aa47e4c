#pragma once
#include <string>
#include <string_view>

#include <veza/core/export.hpp>

namespace veza::adapters {

// `url` with the password of its user-info part replaced by `***` (unchanged when it has none):
// what every adapter shows of a database, Redis or AMQP URL in messages and logs.
VEZA_API std::string redact_url(std::string_view url);

}  // namespace veza::adapters
