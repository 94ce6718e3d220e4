// RunWriter writes exactly what RapidJSON's Writer writes, for every byte and for the shapes
// render.cpp produces; and render_reply's output parses back to the values given.
#include <doctest/doctest.h>

#include <rapidjson/document.h>

#include <random>
#include <string>

#include "server/protocol/render.hpp"
#include "server/protocol/run_writer.hpp"

using namespace antom;

namespace {

template <class W>
std::string write_with(const std::vector<std::string>& strings) {
  rapidjson::StringBuffer buf;
  W w(buf);
  w.StartObject();
  for (const auto& s : strings) {
    w.Key(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    w.StartArray();
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    w.String("");
    w.Bool(true);
    w.EndArray();
  }
  w.Key("plain");
  w.String("text");
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace

TEST_CASE("RunWriter matches Writer byte for byte: every single byte, runs around escapes, random strings") {
  using Plain = rapidjson::Writer<rapidjson::StringBuffer>;
  std::vector<std::string> strings;
  for (int c = 0; c < 256; ++c) {
    strings.push_back(std::string(1, static_cast<char>(c)));
    strings.push_back("run-" + std::string(1, static_cast<char>(c)) + "-run");
  }
  strings.push_back("\xC3\xA9\xF0\x9F\x98\x80 \x7F / \x1A\x1F \"q\" \\b");
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    std::string s(rng() % 40, ' ');
    for (auto& ch : s) ch = static_cast<char>(rng() % 4 == 0 ? rng() % 0x30 : 0x20 + rng() % 0x60);
    strings.push_back(s);
  }
  CHECK(write_with<server::RunWriter>(strings) == write_with<Plain>(strings));
  CHECK(server::RunWriter::needs_no_escape("paymentRequestId", 16));
  for (const char* s : {"\x1A", "a\"", "\\", "\n", "x\x1Fy"}) CHECK_FALSE(server::RunWriter::needs_no_escape(s, std::strlen(s)));
}

TEST_CASE("render_reply: the result first, then the fields, control characters escaped") {
  state::Fields fields;
  state::put(fields, "paymentRequestId", std::string("PRQ-\x1A\x1F\"\\/\xC3\xA9"));
  state::Fields amount;
  state::put(amount, "currency", "PHP");
  state::put(amount, "value", "100");
  state::put(fields, "paymentAmount", amount);
  const std::string body = server::render_reply(state::make_result(state::ResultCode::SUCCESS), fields);
  CHECK(body.find("\\u001A\\u001F\\\"\\\\/") != std::string::npos);
  rapidjson::Document d;
  d.Parse(body.c_str());
  REQUIRE_FALSE(d.HasParseError());
  CHECK(std::string(d["result"]["resultCode"].GetString()) == "SUCCESS");
  CHECK(std::string(d["paymentRequestId"].GetString()) == "PRQ-\x1A\x1F\"\\/\xC3\xA9");
  CHECK(std::string(d["paymentAmount"]["value"].GetString()) == "100");
  CHECK(body.rfind("{\"result\":{\"resultCode\":\"SUCCESS\"", 0) == 0);
}
