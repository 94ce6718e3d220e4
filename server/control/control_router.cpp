#include "server/control/control_router.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <optional>
#include <stdexcept>

#include "server/control/control_access.hpp"
#include "server/crypto/codec.hpp"
#include "server/protocol/utf8.hpp"

namespace antom::server {
namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    const auto slash = path.find('/');
    out.emplace_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
  }
  return out;
}

std::map<std::string, std::string> parse_query(std::string_view query) {
  std::map<std::string, std::string> out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    out[form_decode(pair.substr(0, eq))] = eq == std::string_view::npos ? std::string{} : form_decode(pair.substr(eq + 1));
  }
  return out;
}

// nullopt: allowed; else the answer that says how to get in.
std::optional<RawResponse> refusal(const App& app, const RawRequest& req) {
  switch (control_access(app.options.control_token, app.options.control_open, req.remote,
                         find_header(req.headers, "authorization"))) {
    case ControlAccess::Allowed: return std::nullopt;
    case ControlAccess::TokenMissing:
      return json_error(401, "UNAUTHORIZED", "This control API needs Authorization: Bearer <control token>.");
    case ControlAccess::NotLoopback: break;
  }
  return json_error(403, "CONTROL_API_LOOPBACK_ONLY",
                    "Without a control token the control API answers only to loopback peers, and this request came "
                    "from " + req.remote + ". Start antom-sim with --control-token TOKEN (ANTOM_SIM_CONTROL_TOKEN) and "
                    "send Authorization: Bearer TOKEN, or with --control-open (ANTOM_SIM_CONTROL_OPEN=1) to answer "
                    "every peer.");
}

}  // namespace

std::string ControlRequest::param(const std::string& name) const {
  const auto it = params.find(name);
  return it == params.end() ? std::string{} : it->second;
}

std::string ControlRequest::query_value(const std::string& name, std::string fallback) const {
  const auto it = query.find(name);
  return it == query.end() ? fallback : it->second;
}

void ControlRouter::add(std::string method, std::string pattern, RouteSpec spec, ControlHandler handler, bool open) {
  if (spec.summary.empty()) throw std::logic_error("control route " + method + " " + pattern + " has no summary");
  auto segments = split_path(pattern);
  if (spec.tag.empty()) spec.tag = segments.size() < 2 ? "index" : segments.front() == "_sim" ? segments[1] : segments.front();
  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(segments), std::move(spec), std::move(handler), open});
}

std::vector<ControlRouter::RouteInfo> ControlRouter::routes() const {
  std::vector<RouteInfo> out;
  for (const auto& r : routes_) out.push_back({r.method, r.pattern, r.spec, r.open});
  return out;
}

RawResponse ControlRouter::handle(App& app, const RawRequest& req, const std::string& base_url) const {
  const std::string path = req.path();
  const auto segments = split_path(path);
  bool path_known = false;
  for (const Route& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool match = true;
    for (std::size_t i = 0; i < segments.size() && match; ++i) {
      const std::string& want = route.segments[i];
      if (want.size() > 2 && want.front() == '{' && want.back() == '}')
        params[want.substr(1, want.size() - 2)] = form_decode(segments[i]);
      else
        match = want == segments[i];
    }
    if (!match) continue;
    path_known = true;
    if (route.method != req.method) continue;
    if (!route.open)
      if (auto refused = refusal(app, req)) return std::move(*refused);
    ControlRequest creq{req, path, parse_query(req.query()), std::move(params), base_url};
    if (auto problem = check_request(route.spec, creq); !problem.empty()) return json_error(400, "BAD_REQUEST", problem);
    RawResponse res = route.handler(app, creq);
    // An old spelling still works for this release; the answer says so (RFC 7234 Warning, code 299).
    for (const auto& [old_name, name] : creq.deprecated)
      res.set_header("warning", "299 antom-sim \"" + old_name + " is deprecated and goes in the next release: use " + name + "\"");
    return res;
  }
  if (path_known) return json_error(405, "METHOD_NOT_ALLOWED", "Method " + req.method + " is not allowed on " + path + ".");
  return json_error(404, "NOT_FOUND", "No control endpoint at " + path + ". GET /_sim/ lists them.");
}

RawResponse json_response(int status, std::string body) {
  RawResponse res;
  res.status = status;
  // What an answer quotes may come from outside as any bytes (a header value, a percent-decoded
  // path, a merchant endpoint's reply): the JSON sent is UTF-8 all the same (RFC 8259 section 8.1).
  res.body = is_valid_utf8(body) ? std::move(body) : to_valid_utf8(body);
  res.set_header("content-type", "application/json");
  res.set_header("cache-control", "no-store");
  res.log_code = std::to_string(status);
  return res;
}

RawResponse json_error(int status, std::string_view code, std::string_view message) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("error");
  w.String(code.data(), static_cast<rapidjson::SizeType>(code.size()));
  w.Key("message");
  w.String(message.data(), static_cast<rapidjson::SizeType>(message.size()));
  w.EndObject();
  return json_response(status, std::string(buf.GetString(), buf.GetSize()));
}

RawResponse html_response(int status, std::string body) {
  RawResponse res;
  res.status = status;
  res.body = std::move(body);
  res.set_header("content-type", "text/html; charset=utf-8");
  res.set_header("cache-control", "no-store");
  // The wallet page approves payments with one click: no other site may frame it (clickjacking).
  // Its only resources are inline styles; its forms post to itself.
  res.set_header("content-security-policy",
                 "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'");
  res.set_header("x-frame-options", "DENY");
  res.log_code = std::to_string(status);
  return res;
}

RawResponse redirect_response(std::string location) {
  RawResponse res;
  res.status = 302;
  res.set_header("location", std::move(location));
  res.set_header("cache-control", "no-store");
  res.log_code = "302";
  return res;
}

RawResponse deferred_response(AnswerLater start) {
  RawResponse res;
  res.answer_later = std::move(start);
  return res;
}

}  // namespace antom::server
