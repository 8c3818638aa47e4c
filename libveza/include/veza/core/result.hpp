#pragma once
#include <stdexcept>
#include <utility>

#include <boost/system/result.hpp>

#include <veza/core/error.hpp>

namespace veza {

// Thrown only by Result<T>::value() on an error; services return results, never throw.
class VEZA_API ErrorException : public std::runtime_error {
 public:
  explicit ErrorException(Error error);
  [[nodiscard]] const Error& error() const noexcept { return error_; }

 private:
  Error error_;
};

// Found by ADL so boost::system::result<T, Error>::value() compiles and throws ErrorException.
[[noreturn]] VEZA_API void throw_exception_from_error(const Error& error, const boost::source_location& loc);

template <class T>
using Result = boost::system::result<T, Error>;

// The success value of a Result<void>.
inline Result<void> ok() { return {}; }

}  // namespace veza

// Propagates an error from an expression yielding a Result; binds nothing.
#define VEZA_TRY_VOID(expr)                                 \
  do {                                                      \
    auto veza_try_r_ = (expr);                              \
    if (!veza_try_r_) return std::move(veza_try_r_).error(); \
  } while (false)
