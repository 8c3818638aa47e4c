#pragma once
// JSON for reviews, in the shape every front-end prints (see json.hpp for the conventions).
#include <string>

#include <veza/catalog/product.hpp>
#include <veza/core/export.hpp>
#include <veza/reviews/review.hpp>
#include <veza/reviews/review_service.hpp>

namespace veza::json {

// {"id","product_id","user_id","rating","comment"|null,"verified_purchase","status",
//  "reply":null|{"text","created_at","updated_at"},"created_at","updated_at"}
VEZA_API std::string to_json(const reviews::Review& review);
// {"items":[review…],"next_cursor":…|null}
VEZA_API std::string to_json(const reviews::ReviewPage& page);
// {"average":4.25|null,"count":4,"distribution":{"1":0,"2":0,"3":1,"4":1,"5":2}}; the average
// is written with at most two decimals (never 4.25E0).
VEZA_API std::string to_json(const reviews::RatingSummary& summary);
// The product's JSON (json.hpp) with "review_summary": <summary> added.
VEZA_API std::string to_json(const catalog::Product& product, const reviews::RatingSummary& summary);
// {"products_checked":N,"drifted":[{"product_id","stored":summary,"recomputed":summary}]}
VEZA_API std::string to_json(const reviews::RebuildReport& report);

}  // namespace veza::json
