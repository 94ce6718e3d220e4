// GET /_sim/openapi.json against the router that serves it: the document names every route and
// only routes that exist, each with a summary, its path parameters and its query parameters; and
// the router refuses a route declared without a summary. tests/openapi/run.sh lints the document.
#include <doctest/doctest.h>

#include <set>
#include <stdexcept>

#include "server/control/control_router.hpp"
#include "tests/support/sim_fixture.hpp"

using namespace antom::server;
using namespace antom::test;

namespace {

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

TEST_CASE("openapi: the served document and the route table name the same routes, both ways") {
  SimFixture fx;
  const auto doc = fx.control("GET", "/_sim/openapi.json");
  REQUIRE(doc.http_status == 200);
  REQUIRE(doc.json.IsObject());
  CHECK(std::string(doc.json["openapi"].GetString()) == "3.1.0");

  std::set<std::string> routed, described;
  for (const auto& r : build_control_router().routes()) routed.insert(r.method + " " + r.pattern);
  for (const auto& path : doc.json["paths"].GetObject())
    for (const auto& op : path.value.GetObject()) {
      const std::string key = upper(op.name.GetString()) + " " + path.name.GetString();
      described.insert(key);
      CAPTURE(key);
      CHECK(op.value.HasMember("summary"));
      CHECK(std::string(op.value["summary"].GetString()).size() > 10);
      // every {param} of the path is declared
      std::string pattern = path.name.GetString();
      for (auto at = pattern.find('{'); at != std::string::npos; at = pattern.find('{', at + 1)) {
        const std::string name = pattern.substr(at + 1, pattern.find('}', at) - at - 1);
        bool declared = false;
        if (op.value.HasMember("parameters"))
          for (const auto& p : op.value["parameters"].GetArray())
            declared = declared || (std::string(p["in"].GetString()) == "path" && name == p["name"].GetString());
        CHECK_MESSAGE(declared, "path parameter " << name);
      }
    }
  for (const auto& r : routed) CHECK_MESSAGE(described.contains(r), r << " is routed but missing from /_sim/openapi.json");
  for (const auto& d : described) CHECK_MESSAGE(routed.contains(d), d << " is in /_sim/openapi.json but not routed");
  CHECK(routed.size() > 50);
}

TEST_CASE("openapi: every operation the document names is served (not 404/405 from the router)") {
  SimFixture fx;
  const auto doc = fx.control("GET", "/_sim/openapi.json");
  REQUIRE(doc.http_status == 200);
  for (const auto& path : doc.json["paths"].GetObject()) {
    std::string concrete = path.name.GetString();  // {param} -> a value no state has
    for (auto at = concrete.find('{'); at != std::string::npos; at = concrete.find('{'))
      concrete.replace(at, concrete.find('}', at) - at + 1, "nothing-here");
    for (const auto& op : path.value.GetObject()) {
      const std::string method = upper(op.name.GetString());
      if (method != "GET") continue;  // reading is enough to find the route, and changes nothing
      const auto r = fx.control(method, concrete);
      CAPTURE(method + " " + concrete);
      CHECK(r.http_status != 405);
      CHECK(r.body.find("No control endpoint") == std::string::npos);
    }
  }
}

TEST_CASE("openapi: a route without a summary is refused when it is registered") {
  ControlRouter router;
  CHECK_THROWS_AS(router.add("GET", "/_sim/undocumented", {}, [](App&, const ControlRequest&) { return RawResponse{}; }),
                  std::logic_error);
  CHECK(router.routes().empty());
}
