// GET /_sim/openapi.json: an OpenAPI 3.1 description of the control API, written from the same
// route declarations (route_spec.hpp) the router checks requests against, so the two cannot drift.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <map>
#include <set>

#include "server/control/control_json.hpp"
#include "server/control/control_router.hpp"

namespace antom::server {
namespace {

using Routes = std::vector<ControlRouter::RouteInfo>;

void write_types(JsonWriter& w, unsigned types) {
  static const std::pair<unsigned, const char*> kNames[] = {{kString, "string"}, {kInteger, "integer"}, {kNumber, "number"},
                                                            {kBoolean, "boolean"}, {kObject, "object"}, {kArray, "array"},
                                                            {kNull, "null"}};
  std::vector<const char*> names;
  for (const auto& [bit, name] : kNames)
    if ((types & bit) && !(bit == kInteger && (types & kNumber))) names.push_back(name);
  w.Key("type");
  if (names.size() == 1) {
    w.String(names.front());
    return;
  }
  w.StartArray();
  for (const char* n : names) w.String(n);
  w.EndArray();
}

void write_schema(JsonWriter& w, const ControlField& f) {
  w.StartObject();
  write_types(w, f.types);
  if (!f.description.empty()) write_string(w, "description", f.description);
  if (!f.values.empty()) {
    w.Key("enum");
    w.StartArray();
    for (const auto& v : f.values) w.String(v.c_str());
    w.EndArray();
  }
  w.EndObject();
}

// {"type":"object","properties":{...},"required":[...]}
void write_object_schema(JsonWriter& w, const std::vector<ControlField>& fields, std::optional<bool> additional) {
  w.StartObject();
  write_string(w, "type", "object");
  w.Key("properties");
  w.StartObject();
  for (const auto& f : fields) {
    w.Key(f.name.c_str());
    write_schema(w, f);
    for (const auto& alias : f.aliases) {
      w.Key(alias.c_str());
      w.StartObject();
      write_types(w, f.types);
      write_string(w, "description", "Deprecated spelling of " + f.name + "; accepted for one release.");
      w.Key("deprecated");
      w.Bool(true);
      w.EndObject();
    }
  }
  w.EndObject();
  std::vector<std::string> required;
  for (const auto& f : fields)
    if (f.required) required.push_back(f.name);
  if (!required.empty()) {
    w.Key("required");
    w.StartArray();
    for (const auto& r : required) w.String(r.c_str());
    w.EndArray();
  }
  if (additional) {
    w.Key("additionalProperties");
    w.Bool(*additional);
  }
  w.EndObject();
}

std::vector<std::string> path_params(const std::string& pattern) {
  std::vector<std::string> out;
  for (std::size_t at = pattern.find('{'); at != std::string::npos; at = pattern.find('{', at + 1))
    out.push_back(pattern.substr(at + 1, pattern.find('}', at) - at - 1));
  return out;
}

// GET /_sim/wallet/{clientId}/{attemptId} -> getWalletByClientIdByAttemptId
std::string operation_id(const std::string& method, const std::string& pattern) {
  std::string out;
  for (char c : method) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool upper = true;
  for (std::size_t i = pattern.starts_with("/_sim") ? 5 : 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '{') {
      out += "By";
      upper = true;
    } else if (std::isalnum(static_cast<unsigned char>(c))) {
      out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    } else {
      upper = true;
    }
  }
  return out == "get" ? "getIndex" : out;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void write_operation(JsonWriter& w, const ControlRouter::RouteInfo& r) {
  const RouteSpec& s = r.spec;
  w.StartObject();
  write_string(w, "operationId", operation_id(r.method, r.pattern));
  write_string(w, "summary", s.summary);
  w.Key("tags");
  w.StartArray();
  w.String(s.tag.c_str());
  w.EndArray();
  if (r.open) {  // no token needed: pages a browser opens, health
    w.Key("security");
    w.StartArray();
    w.EndArray();
  }
  const auto params = path_params(r.pattern);
  if (!params.empty() || !s.query.empty()) {
    w.Key("parameters");
    w.StartArray();
    for (const auto& p : params) {
      w.StartObject();
      write_string(w, "name", p);
      write_string(w, "in", "path");
      w.Key("required");
      w.Bool(true);
      w.Key("schema");
      w.StartObject();
      write_string(w, "type", "string");
      w.EndObject();
      w.EndObject();
    }
    for (const auto& q : s.query) {
      auto param = [&](const std::string& name, bool deprecated) {
        w.StartObject();
        write_string(w, "name", name);
        write_string(w, "in", "query");
        if (deprecated) {
          write_string(w, "description", "Deprecated spelling of " + q.name + "; accepted for one release.");
          w.Key("deprecated");
          w.Bool(true);
        } else if (!q.description.empty()) {
          write_string(w, "description", q.description);
        }
        w.Key("required");
        w.Bool(q.required && !deprecated);
        w.Key("schema");
        write_schema(w, ControlField{.name = q.name, .types = q.types, .values = q.values});
        w.EndObject();
      };
      param(q.name, false);
      for (const auto& alias : q.aliases) param(alias, true);
    }
    w.EndArray();
  }
  if (s.body) {
    w.Key("requestBody");
    w.StartObject();
    w.Key("required");
    w.Bool(std::any_of(s.body->fields.begin(), s.body->fields.end(), [](const ControlField& f) { return f.required; }));
    w.Key("content");
    w.StartObject();
    w.Key("application/json");
    w.StartObject();
    w.Key("schema");
    write_object_schema(w, s.body->fields, s.body->raw ? std::optional<bool>{} : std::optional<bool>{false});
    w.EndObject();
    w.EndObject();
    w.EndObject();
  }
  w.Key("responses");
  w.StartObject();
  w.Key(std::to_string(s.status).c_str());
  w.StartObject();
  write_string(w, "description", s.summary);
  w.Key("content");
  w.StartObject();
  w.Key(s.response_type.c_str());
  w.StartObject();
  w.Key("schema");
  if (s.response_type == "application/json") {
    write_object_schema(w, s.response, std::nullopt);
  } else {
    w.StartObject();
    write_string(w, "type", "string");
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  w.EndObject();
  w.Key("4XX");
  w.StartObject();
  write_string(w, "$ref", "#/components/responses/Error");
  w.EndObject();
  w.EndObject();
  w.EndObject();
}

}  // namespace

std::string openapi_document(const Routes& routes) {
  // Paths in the order first registered; each path's methods under it.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const ControlRouter::RouteInfo*>> by_path;
  std::set<std::string> tags;
  for (const auto& r : routes) {
    if (!by_path.contains(r.pattern)) order.push_back(r.pattern);
    by_path[r.pattern].push_back(&r);
    tags.insert(r.spec.tag);
  }
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  write_string(w, "openapi", "3.1.0");
  w.Key("info");
  w.StartObject();
  write_string(w, "title", "antom-sim control API");
  write_string(w, "version", ANTOM_SIM_VERSION);
  write_string(w, "description",
               "The simulator's own endpoints under /_sim/: virtual clock, scenarios, state inspection. Plain JSON, "
               "never Antom-signed. Unknown query parameters and body fields are refused with 400 BAD_REQUEST naming "
               "them; unknown ids and merchants answer 404 NOT_FOUND.");
  w.EndObject();
  w.Key("servers");
  w.StartArray();
  w.StartObject();
  write_string(w, "url", "http://127.0.0.1:8080");
  write_string(w, "description", "antom-sim's default listen address");
  w.EndObject();
  w.EndArray();
  // Loopback callers need no token unless --control-token is set: the empty requirement says so.
  w.Key("security");
  w.StartArray();
  w.StartObject();
  w.Key("controlToken");
  w.StartArray();
  w.EndArray();
  w.EndObject();
  w.StartObject();
  w.EndObject();
  w.EndArray();
  w.Key("tags");
  w.StartArray();
  for (const auto& t : tags) {
    w.StartObject();
    write_string(w, "name", t);
    write_string(w, "description", t == "index" ? "What the control API offers." : "Control routes of the " + t + " area.");
    w.EndObject();
  }
  w.EndArray();
  w.Key("paths");
  w.StartObject();
  for (const auto& path : order) {
    w.Key(path.c_str());
    w.StartObject();
    for (const auto* r : by_path[path]) {
      w.Key(lower(r->method).c_str());
      write_operation(w, *r);
    }
    w.EndObject();
  }
  w.EndObject();
  w.Key("components");
  w.StartObject();
  w.Key("securitySchemes");
  w.StartObject();
  w.Key("controlToken");
  w.StartObject();
  write_string(w, "type", "http");
  write_string(w, "scheme", "bearer");
  write_string(w, "description", "--control-token TOKEN (ANTOM_SIM_CONTROL_TOKEN); without one, loopback peers only.");
  w.EndObject();
  w.EndObject();
  w.Key("responses");
  w.StartObject();
  w.Key("Error");
  w.StartObject();
  write_string(w, "description", "A refusal: 400 BAD_REQUEST names the problem, 404 NOT_FOUND the missing id or merchant.");
  w.Key("content");
  w.StartObject();
  w.Key("application/json");
  w.StartObject();
  w.Key("schema");
  write_object_schema(w,
                      {{.name = "error", .description = "BAD_REQUEST, NOT_FOUND, METHOD_NOT_ALLOWED, UNAUTHORIZED, ...", .required = true},
                       {.name = "message", .description = "What was wrong, naming the field or id.", .required = true}},
                      std::nullopt);
  w.EndObject();
  w.EndObject();
  w.EndObject();
  w.EndObject();
  w.EndObject();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace antom::server
