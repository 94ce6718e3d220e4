// Dotted-path lookups in a parsed body, with parents remembered: the same answers as lookup(),
// whatever the paths' lifetimes and however many parents there are.
#include <doctest/doctest.h>

#include <rapidjson/document.h>

#include <string>

#include "server/protocol/json_view.hpp"

using namespace antom::server;

TEST_CASE("JsonPaths finds what lookup finds, with parents remembered") {
  rapidjson::Document doc;
  doc.Parse(R"({"order":{"buyer":{"id":"b-1"},"env":null,"amount":7,"note":"n"},"top":"t","nil":null,"list":[1]})");
  REQUIRE_FALSE(doc.HasParseError());
  JsonPaths paths(doc);
  for (const char* path : {"order.buyer.id", "order.amount", "top", "nil", "order.env", "order.env.terminalType",
                           "order.note.deeper", "missing", "missing.child", "list", "list.0", "order.buyer.id.x"}) {
    CAPTURE(path);
    CHECK(paths.find(path) == lookup(doc, path));
    CHECK(paths.find(path) == lookup(doc, path));  // the second time from what was remembered
  }
  CHECK(paths.text("order.amount") == "7");
  CHECK(paths.text("order.buyer.id") == "b-1");
  CHECK(paths.text("order") == "");  // not a scalar
  // A path built on the fly and gone before the next lookup is fine: parents are kept by copy.
  CHECK(paths.find(std::string("order.buyer") + ".id") != nullptr);
  CHECK(paths.find(std::string("order.buyer") + ".id") != nullptr);
  // locate(): the holder is null when the parent is absent, null or not an object.
  CHECK(paths.locate("order.env.osType").parent == nullptr);
  CHECK(paths.locate("order.note.x").parent == nullptr);
  CHECK(paths.locate("absent.x").parent == nullptr);
  CHECK(paths.locate("order.missing").parent == paths.find("order"));
  CHECK(paths.locate("order.missing").value == nullptr);
  CHECK(paths.locate("top").parent == &doc);
  // More parents than it remembers, and parents longer than it copies: still right.
  std::string json = "{";
  for (int i = 0; i < 20; ++i) {
    const std::string n = std::to_string(i);
    json.append(i ? "," : "").append("\"p").append(n).append("\":{\"v\":").append(n).append("}");
  }
  const std::string long_name(100, 'x');
  json.append(",\"").append(long_name).append("\":{\"v\":99}}");
  rapidjson::Document many;
  many.Parse(json.c_str());
  REQUIRE_FALSE(many.HasParseError());
  JsonPaths many_paths(many);
  for (int round = 0; round < 2; ++round)
    for (int i = 0; i < 20; ++i) {
      const std::string n = std::to_string(i);
      CHECK(many_paths.text(std::string("p").append(n).append(".v")) == n);
    }
  CHECK(many_paths.text(long_name + ".v") == "99");
  CHECK(many_paths.text(long_name + ".v") == "99");
}
