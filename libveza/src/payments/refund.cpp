#include <veza/payments/refund.hpp>

namespace veza::payments {

std::string_view to_string(RefundState s) noexcept {
  switch (s) {
    case RefundState::pending: return "pending";
    case RefundState::succeeded: return "succeeded";
    case RefundState::failed: return "failed";
  }
  return "pending";
}

std::optional<RefundState> parse_refund_state(std::string_view text) noexcept {
  if (text == "pending") return RefundState::pending;
  if (text == "succeeded") return RefundState::succeeded;
  if (text == "failed") return RefundState::failed;
  return std::nullopt;
}

std::string_view to_string(RefundKind k) noexcept {
  switch (k) {
    case RefundKind::whole: return "whole";
    case RefundKind::items: return "items";
    case RefundKind::amount: return "amount";
    case RefundKind::external: return "external";
  }
  return "whole";
}

std::optional<RefundKind> parse_refund_kind(std::string_view text) noexcept {
  if (text == "whole") return RefundKind::whole;
  if (text == "items") return RefundKind::items;
  if (text == "amount") return RefundKind::amount;
  if (text == "external") return RefundKind::external;
  return std::nullopt;
}

}  // namespace veza::payments
