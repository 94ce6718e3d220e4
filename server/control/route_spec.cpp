#include "server/control/route_spec.hpp"

#include <algorithm>

#include "server/control/control_json.hpp"
#include "server/control/control_router.hpp"

namespace antom::server {
namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

std::string names_of(const std::vector<ControlField>& fields) {
  std::vector<std::string> names;
  for (const auto& f : fields) names.push_back(f.name);
  return joined(names);
}

const ControlField* find_field(const std::vector<ControlField>& fields, std::string_view name) {
  for (const auto& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

bool has_type(const rapidjson::Value& v, unsigned types) {
  if (v.IsString()) return types & kString;
  if (v.IsBool()) return types & kBoolean;
  if (v.IsNull()) return types & kNull;
  if (v.IsObject()) return types & kObject;
  if (v.IsArray()) return types & kArray;
  if (v.IsInt64() || v.IsUint64()) return types & (kInteger | kNumber);
  return types & kNumber;
}

bool allowed(const ControlField& f, std::string_view value) {
  return f.values.empty() || std::find(f.values.begin(), f.values.end(), value) != f.values.end();
}

std::string check_query(const RouteSpec& spec, ControlRequest& req) {
  for (const auto& f : spec.query)
    for (const auto& alias : f.aliases) {
      auto it = req.query.find(alias);
      if (it == req.query.end()) continue;
      if (auto current = req.query.find(f.name); current != req.query.end() && current->second != it->second)
        return "Give " + f.name + " or its old spelling " + alias + ", not both.";
      req.query[f.name] = it->second;
      req.query.erase(alias);
      req.deprecated.emplace_back(alias, f.name);
    }
  for (const auto& [name, value] : req.query) {
    const ControlField* f = find_field(spec.query, name);
    if (!f)
      return "Unknown query parameter '" + name + "'; " +
             (spec.query.empty() ? "this route takes none." : "this route takes " + names_of(spec.query) + ".");
    if (!allowed(*f, value)) return name + " must be one of " + joined(f->values) + " (not '" + value + "').";
  }
  return {};
}

std::string check_body(const BodySpec& spec, ControlRequest& req) {
  if (!json_body(req)) return json_body_problem(req);
  rapidjson::Document& doc = *req.json;
  for (const auto& f : spec.fields)
    for (const auto& alias : f.aliases) {
      auto it = doc.FindMember(alias.c_str());
      if (it == doc.MemberEnd()) continue;
      req.deprecated.emplace_back(alias, f.name);
      if (auto current = doc.FindMember(f.name.c_str()); current != doc.MemberEnd()) {
        if (current->value != it->value) return "Give " + f.name + " or its old spelling " + alias + ", not both.";
        doc.RemoveMember(it);
      } else {
        it->name.SetString(f.name.c_str(), static_cast<rapidjson::SizeType>(f.name.size()), doc.GetAllocator());
      }
    }
  for (const auto& m : doc.GetObject()) {
    const std::string_view name(m.name.GetString(), m.name.GetStringLength());
    const ControlField* f = find_field(spec.fields, name);
    if (!f)
      return "Unknown field '" + std::string(name) + "'; " +
             (spec.fields.empty() ? "this route takes an empty body." : "this route takes " + names_of(spec.fields) + ".");
    if (!has_type(m.value, f->types)) return f->name + " must be " + describe_types(f->types) + ".";
    if (m.value.IsString() && !allowed(*f, std::string_view(m.value.GetString(), m.value.GetStringLength())))
      return f->name + " must be one of " + joined(f->values) + " (not '" + std::string(m.value.GetString(), m.value.GetStringLength()) + "').";
  }
  for (const auto& f : spec.fields)
    if (f.required && !doc.HasMember(f.name.c_str()))
      return f.name + " is required" + (f.description.empty() ? "." : ": " + f.description + ".");
  return {};
}

}  // namespace

ControlField client_id_field(std::string description) {
  return ControlField{.name = "clientId",
                   .types = kString,
                   .description = description.empty() ? "The merchant's Client-Id; none: every merchant." : std::move(description),
                   .aliases = {"merchant", "client_id"}};
}

std::string describe_types(unsigned types) {
  static const std::pair<unsigned, const char*> kNames[] = {{kString, "a string"},   {kInteger, "an integer"},
                                                            {kNumber, "a number"},   {kBoolean, "true or false"},
                                                            {kObject, "an object"},  {kArray, "an array"},
                                                            {kNull, "null"}};
  std::vector<std::string> names;
  for (const auto& [bit, name] : kNames)
    if ((types & bit) && !(bit == kInteger && (types & kNumber))) names.emplace_back(name);
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  return out;
}

std::string check_request(const RouteSpec& spec, ControlRequest& req) {
  if (auto problem = check_query(spec, req); !problem.empty()) return problem;
  if (spec.body && !spec.body->raw) return check_body(*spec.body, req);
  // A body sent to a route that reads none would be ignored: say so rather than drop it silently.
  if (!spec.body && req.raw.body.find_first_not_of(" \t\r\n") != std::string::npos)
    return "This route takes no body; send the request without one.";
  return {};
}

}  // namespace antom::server
