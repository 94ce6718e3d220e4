#pragma once
// What a control route takes and answers, as data. The router checks requests against it before
// the handler runs (unknown query parameters and body fields, JSON types, enums, required fields,
// the deprecated spellings of a name), and the same declarations make GET /_sim/openapi.json and
// docs/control-routes.md. A body spec with `raw` is documented only: its handler checks it all
// (merchants, shared with --config; wallet rows; scenario files). Handlers keep the checks a
// table cannot say (URL validity, ranges, durations, a scenario's accepted args).
//
//   router.add("GET", "/_sim/things", {.summary = "List things.",
//                                      .query = {client_id_field(), {.name = "status", .values = {"A", "B"}}},
//                                      .response = {{.name = "things", .types = kArray}}},
//              handler);
#include <optional>
#include <string>
#include <vector>

namespace antom::server {

// The JSON types a value may have, as a set: a duration is kString | kInteger.
enum JsonType : unsigned {
  kString = 1,
  kInteger = 2,
  kNumber = 4,  // any number, integers included
  kBoolean = 8,
  kObject = 16,
  kArray = 32,
  kNull = 64,
};

struct ControlField {
  std::string name;
  unsigned types = kString;
  std::string description;
  std::vector<std::string> values;   // the allowed values of a string (an enum); empty: any
  bool required = false;
  std::vector<std::string> aliases;  // older spellings, accepted for one release (deprecated)
};

struct BodySpec {
  std::vector<ControlField> fields;
  bool raw = false;  // the router leaves the body alone: the handler checks it all (see above)
};

struct RouteSpec {
  std::string summary;                   // one line; required
  std::vector<ControlField> query;          // every query parameter the route reads; others are refused
  std::optional<BodySpec> body;          // a JSON object body; none: the route reads no body
  std::vector<ControlField> response;       // the answer's main properties (a coarse schema)
  std::string response_type = "application/json";
  int status = 200;                      // the success status
  std::string tag;                       // default: the path's area, /_sim/clock/advance -> clock
};

// The merchant a route is scoped to: clientId (the Client-Id, as in Antom's client-id header and
// the merchant registry); `merchant` and `client_id` are its deprecated spellings.
[[nodiscard]] ControlField client_id_field(std::string description = {});

// "string", "string or integer", ... for messages.
[[nodiscard]] std::string describe_types(unsigned types);

}  // namespace antom::server
