#include "server/protocol/render.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace antom::server {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void write_fields(Writer& w, const state::Fields& fields);

void write_value(Writer& w, const state::FieldValue& value) {
  std::visit(
      [&w](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
        } else if constexpr (std::is_same_v<T, bool>) {
          w.Bool(v);
        } else if constexpr (std::is_same_v<T, state::Fields>) {
          write_fields(w, v);
        } else if constexpr (std::is_same_v<T, state::Strings>) {
          w.StartArray();
          for (const auto& s : v) w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
          w.EndArray();
        } else {
          w.StartArray();
          for (const auto& obj : v) write_fields(w, obj);
          w.EndArray();
        }
      },
      value.value);
}

void write_fields(Writer& w, const state::Fields& fields) {
  w.StartObject();
  for (const auto& f : fields) {
    w.Key(f.name.data(), static_cast<rapidjson::SizeType>(f.name.size()));
    write_value(w, f.value);
  }
  w.EndObject();
}

}  // namespace

std::string render_fields_json(const state::Fields& fields) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  write_fields(w, fields);
  return std::string(buf.GetString(), buf.GetSize());
}

state::Fields result_fields(const state::Result& result) {
  state::Fields r;
  state::put(r, "resultCode", std::string(state::to_string(result.code)));
  state::put(r, "resultStatus", std::string(state::to_string(result.status())));
  state::put(r, "resultMessage", std::string(result.text()));
  return r;
}

std::string render_reply(const state::Result& result, const state::Fields& fields) {
  rapidjson::StringBuffer buf(nullptr, 1024);
  Writer w(buf);
  w.StartObject();
  w.Key("result");
  write_fields(w, result_fields(result));
  for (const auto& f : fields) {
    w.Key(f.name.data(), static_cast<rapidjson::SizeType>(f.name.size()));
    write_value(w, f.value);
  }
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace antom::server
