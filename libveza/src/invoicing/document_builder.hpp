#pragma once
// Private to invoicing: the lines and totals a document states, from an order or an invoice.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <veza/core/result.hpp>
#include <veza/invoicing/document.hpp>
#include <veza/orders/order.hpp>

namespace veza::invoicing::detail {

// One line per order item (quantity 1: one licence), as frozen at checkout; `artists` maps a
// seller id to the name printed on the line.
std::vector<DocumentLine> invoice_lines(const orders::Order& order, const std::map<std::string, std::string>& artists);

// The lines of a credit note against `invoice`, given the credit notes already issued. With no
// amount, everything not yet credited (exactly: the invoice's net and VAT minus earlier
// credits, so the sums close). With an amount, the lines at `positions` (an item refund) take
// it first, up to what they have left, and the rest is spread over the other lines in
// proportion to what they have left; each line's share is split into net and VAT by its rate.
// The rounding rule is in the .cpp: the lines' net + VAT always sum exactly to the amount.
// `validation_failed` for a non-positive amount or one above what is left; `conflict` when
// nothing is left.
Result<std::vector<DocumentLine>> credit_lines(const DocumentSnapshot& invoice, const std::vector<DocumentSnapshot>& earlier,
                                               std::optional<std::int64_t> gross_cents, const std::vector<int>& positions);

// Fills the breakdown and the totals from the lines.
void close_totals(DocumentSnapshot& snapshot);

}  // namespace veza::invoicing::detail
