// The merchant portal (issue #18): a single-page app under /_sim/ui/ that reads the control API.
// Its files are open (no control token) so the page can load and ask for the token; the data it
// shows comes from the JSON routes, which the token protects as usual.
#include <algorithm>
#include <string_view>

#include "server/control/control_router.hpp"
#include "server/portal/portal_assets.hpp"

namespace antom::server {
namespace {

std::string_view content_type_of(std::string_view name) {
  if (name.ends_with(".html")) return "text/html; charset=utf-8";
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

RawResponse asset_response(const EmbeddedFile& file) {
  RawResponse res;
  res.status = 200;
  res.body = std::string(file.text);
  res.set_header("content-type", std::string(content_type_of(file.name)));
  // Assets change only with the binary; no-cache revalidates cheaply and never shows a stale page
  // after an upgrade.
  res.set_header("cache-control", "no-cache");
  // Only our own files: no inline script, no other origin, no framing (the portal will gain actions).
  res.set_header("content-security-policy",
                 "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                 "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  res.set_header("x-frame-options", "DENY");
  res.set_header("x-content-type-options", "nosniff");
  res.set_header("referrer-policy", "no-referrer");
  res.log_code = "200";
  return res;
}

// Looked up by exact name in the embedded table: "..", "%2e%2e" or a slash can name nothing else.
RawResponse serve(std::string_view name) {
  const auto files = portal_asset_files();
  const auto it = std::find_if(files.begin(), files.end(), [&](const EmbeddedFile& f) { return f.name == name; });
  if (it == files.end())
    return json_error(404, "NOT_FOUND", "The portal has no file named '" + std::string(name) + "'; open /_sim/ui/.");
  return asset_response(*it);
}

}  // namespace

void add_portal_routes(ControlRouter& router) {
  router.add("GET", "/_sim/ui",
             {.summary = "The merchant portal, a page to keep open while tests run (HTML; also at /_sim/ui/).",
              .response_type = "text/html",
              .tag = "portal"},
             [](App&, const ControlRequest&) { return serve("index.html"); }, /*open=*/true);
  router.add("GET", "/_sim/ui/{file}",
             {.summary = "One of the portal's files (its script and style sheet).",
              .response_type = "text/plain",
              .tag = "portal"},
             [](App&, const ControlRequest& req) { return serve(req.param("file")); }, /*open=*/true);
}

}  // namespace antom::server
