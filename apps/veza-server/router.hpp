#pragma once
// The route table: method + path template → handler. Matching knows no sockets; handlers know
// no routes (Beast's advanced_server split, with a table instead of one big function).
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <veza/catalog/blob_store.hpp>
#include <veza/core/result.hpp>

#include "http_types.hpp"

namespace veza::server {

struct AppContext;

using Handler = std::function<Response(Request&, AppContext&)>;

// A route whose body is streamed to the BlobStore instead of read whole: `open` runs before
// any body byte is read (authorise, check the content type, open the writer), the session
// then writes each chunk, commits, and `finish` builds the response from the committed blob.
struct UploadHandler {
  std::function<Result<std::unique_ptr<catalog::BlobWriter>>(Request&, AppContext&)> open;
  std::function<Response(Request&, AppContext&, const catalog::BlobInfo&)> finish;
};

struct Route {
  std::string method;
  std::string path_template;  // segments like {id} capture
  Handler handler;            // plain routes
  UploadHandler upload{};     // upload routes (handler empty)
  bool runs_inline = false;   // cheap and non-blocking: run on the I/O thread (healthz, readyz)
  // Tried on the I/O thread first when set; nullopt means "needs the pool": `handler` then runs
  // there. For answers that are usually ready without blocking (a cached health report).
  std::function<std::optional<Response>(Request&, AppContext&)> fast_path{};
  // Waits on Hyperswitch, Discord or Spotify (seconds, when they are slow): runs on its own
  // pool (--provider-threads), so the worker pool, sized to the CPUs for SQLite, keeps serving.
  // Set by Router::add(route, RunsOn::provider).
  bool calls_provider = false;
};

struct RouteMatch {
  const Route* route = nullptr;  // null: no route
  bool path_known = false;       // the path exists under another method (405, not 404)
  std::string allow;             // without a route: the methods of that path, for Allow
};

// Which pool runs a route's handler: `provider` sets Route::calls_provider.
enum class RunsOn { workers, provider };

class Router {
 public:
  void add(Route route, RunsOn runs_on = RunsOn::workers);
  // Fills request.params and request.route on a match.
  RouteMatch match(Request& request) const;

 private:
  std::vector<Route> routes_;
};

// Each resource registers its routes (routes/<resource>.cpp).
void add_health_routes(Router& router);
void add_me_routes(Router& router);
void add_product_routes(Router& router);
void add_order_routes(Router& router);
void add_invoice_routes(Router& router);
void add_review_routes(Router& router);
void add_order_checkout_routes(Router& router);
void add_refund_routes(Router& router);
void add_webhook_routes(Router& router);
void add_auth_routes(Router& router);

}  // namespace veza::server
