#include "document_builder.hpp"

#include <algorithm>
#include <numeric>

#include <veza/core/vat.hpp>

namespace veza::invoicing::detail {

std::vector<DocumentLine> invoice_lines(const orders::Order& order, const std::map<std::string, std::string>& artists) {
  std::vector<DocumentLine> out;
  int position = 0;
  for (const auto& item : order.items) {
    DocumentLine l;
    l.position = position++;
    l.title = item.title;
    const auto it = artists.find(item.seller_id);
    l.artist = it == artists.end() ? std::string() : it->second;
    l.quantity = 1;
    l.unit_net_cents = item.net_cents;
    l.vat_rate_bp = item.vat_rate_bp;
    l.net_cents = item.net_cents;
    l.vat_cents = item.vat_cents;
    l.gross_cents = item.unit_gross_cents;
    out.push_back(std::move(l));
  }
  return out;
}

namespace {

__extension__ typedef __int128 wide;  // amount × weight can pass 2^63 for large totals

// `amount` spread over `weights` in proportion (0 <= amount <= sum of weights). Rounding rule
// (largest remainder): each share is floor(amount × weight / sum); the cents this leaves
// (fewer than the number of weights) go one each to the shares with the largest remainders,
// earlier lines first on ties. So the shares sum to `amount` exactly, none exceeds its
// weight, and a weight of 0 gets 0.
std::vector<std::int64_t> spread(std::int64_t amount, const std::vector<std::int64_t>& weights) {
  std::vector<std::int64_t> share(weights.size(), 0);
  const std::int64_t sum = std::accumulate(weights.begin(), weights.end(), std::int64_t{0});
  if (amount <= 0 || sum <= 0) return share;
  std::vector<std::pair<wide, std::size_t>> rest;
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] <= 0) continue;
    const wide product = static_cast<wide>(amount) * weights[i];
    share[i] = static_cast<std::int64_t>(product / sum);
    rest.emplace_back(product % sum, i);
    given += share[i];
  }
  std::stable_sort(rest.begin(), rest.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; given < amount && k < rest.size(); ++k, ++given) ++share[rest[k].second];
  return share;
}

// A share of what `left` has left, split into net and VAT at the line's rate: net half-up
// (split_gross), VAT the rest, so net + VAT == share. The net is then kept within what the
// line has left of each (earlier partial credits may have rounded the other way), so no
// credit note ever takes more net or VAT from a line than the invoice gave it.
Result<DocumentLine> credited_share(const DocumentLine& left, std::int64_t share) {
  DocumentLine l = left;
  if (share == left.gross_cents) return l;  // all that is left, exactly: the sums close to zero
  auto split = split_gross(share, l.vat_rate_bp);
  if (!split) return std::move(split).error();
  const std::int64_t lowest = std::max<std::int64_t>(0, share - left.vat_cents);
  const std::int64_t highest = std::min(share, left.net_cents);
  l.net_cents = std::clamp(split->net, lowest, std::max(lowest, highest));
  l.vat_cents = share - l.net_cents;
  l.gross_cents = share;
  return l;
}

}  // namespace

Result<std::vector<DocumentLine>> credit_lines(const DocumentSnapshot& invoice, const std::vector<DocumentSnapshot>& earlier,
                                               std::optional<std::int64_t> gross_cents, const std::vector<int>& positions) {
  // What each invoice line has left: its amounts minus every earlier credit against it.
  std::vector<DocumentLine> left = invoice.lines;
  for (const auto& note : earlier) {
    for (const auto& c : note.lines) {
      for (auto& l : left) {
        if (l.position != c.position) continue;
        l.net_cents -= c.net_cents;
        l.vat_cents -= c.vat_cents;
        l.gross_cents -= c.gross_cents;
      }
    }
  }
  const std::int64_t total_left =
      std::accumulate(left.begin(), left.end(), std::int64_t{0},
                      [](std::int64_t sum, const DocumentLine& l) { return sum + std::max<std::int64_t>(l.gross_cents, 0); });
  if (total_left <= 0) {
    return make_error(ErrorCode::conflict, "invoice " + invoice.number + " is fully credited already", "state_invalid");
  }
  const std::int64_t amount = gross_cents.value_or(total_left);
  if (amount <= 0) return make_error(ErrorCode::validation_failed, "a credited amount must be positive");
  if (amount > total_left) {
    return make_error(ErrorCode::validation_failed, "a credit of " + std::to_string(amount) +
                                                        " exceeds what invoice " + invoice.number + " has left (" +
                                                        std::to_string(total_left) + ")");
  }

  // The named lines (an item refund) take the amount first, up to what they have left; the
  // rest (a goodwill amount, or what an earlier goodwill credit took from the named lines)
  // is spread over the other lines in proportion to what they have left.
  std::vector<std::int64_t> named(left.size(), 0), others(left.size(), 0);
  for (std::size_t i = 0; i < left.size(); ++i) {
    const std::int64_t weight = std::max<std::int64_t>(left[i].gross_cents, 0);
    const bool is_named = std::find(positions.begin(), positions.end(), left[i].position) != positions.end();
    (is_named ? named : others)[i] = weight;
  }
  const std::int64_t named_left = std::accumulate(named.begin(), named.end(), std::int64_t{0});
  const std::int64_t to_named = std::min(amount, named_left);
  const auto named_share = spread(to_named, named);
  const auto other_share = spread(amount - to_named, others);

  std::vector<DocumentLine> out;
  for (std::size_t i = 0; i < left.size(); ++i) {
    const std::int64_t share = named_share[i] + other_share[i];
    if (share == 0) continue;
    auto line = credited_share(left[i], share);
    if (!line) return std::move(line).error();
    out.push_back(std::move(*line));
  }
  for (auto& l : out) {
    l.quantity = 1;
    l.unit_net_cents = l.net_cents;
  }
  return out;
}

void close_totals(DocumentSnapshot& s) {
  s.breakdown = vat_breakdown(s.lines);
  s.net_cents = s.vat_cents = s.gross_cents = 0;
  for (const auto& r : s.breakdown) {
    s.net_cents += r.net_cents;
    s.vat_cents += r.vat_cents;
    s.gross_cents += r.gross_cents;
  }
}

}  // namespace veza::invoicing::detail
