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

Result<std::vector<DocumentLine>> credit_lines(const DocumentSnapshot& invoice, const std::vector<DocumentSnapshot>& earlier,
                                               std::optional<std::int64_t> gross_cents) {
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

  std::vector<DocumentLine> out;
  if (amount == total_left) {
    for (const auto& l : left) {
      if (l.gross_cents <= 0) continue;
      out.push_back(l);
    }
  } else {
    // Largest remainder: floor shares, then one more cent to the lines with the largest
    // fractional parts (earlier lines first on ties), so the shares sum to `amount` exactly.
    __extension__ typedef __int128 wide;
    std::vector<std::int64_t> share(left.size(), 0);
    std::vector<std::pair<wide, std::size_t>> rest;
    std::int64_t given = 0;
    for (std::size_t i = 0; i < left.size(); ++i) {
      if (left[i].gross_cents <= 0) continue;
      const wide product = static_cast<wide>(amount) * left[i].gross_cents;
      share[i] = static_cast<std::int64_t>(product / total_left);
      rest.emplace_back(product % total_left, i);
      given += share[i];
    }
    std::stable_sort(rest.begin(), rest.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t k = 0; given < amount && k < rest.size(); ++k, ++given) ++share[rest[k].second];
    for (std::size_t i = 0; i < left.size(); ++i) {
      if (share[i] == 0) continue;
      DocumentLine l = left[i];
      if (share[i] != left[i].gross_cents) {
        auto split = split_gross(share[i], l.vat_rate_bp);
        if (!split) return std::move(split).error();
        l.net_cents = split->net;
        l.vat_cents = split->vat;
        l.gross_cents = share[i];
      }
      out.push_back(std::move(l));
    }
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
