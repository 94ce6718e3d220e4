#include "server/protocol/render.hpp"

#include "server/protocol/run_writer.hpp"
#include "server/protocol/utf8.hpp"

namespace antom::server {
namespace {

using Writer = RunWriter;

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
        } else if constexpr (std::is_same_v<T, std::vector<state::Fields>>) {
          w.StartArray();
          for (const auto& obj : v) write_fields(w, obj);
          w.EndArray();
        } else {
          static_assert(std::is_same_v<T, state::NamedStrings>);
          w.StartObject();
          for (const auto& [name, text] : v) {
            w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
            w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
          }
          w.EndObject();
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

std::string render_reply(const state::Result& result, const state::Fields& fields) {
  // One buffer and writer per thread, reused, so their memory stays allocated between replies.
  thread_local rapidjson::StringBuffer buf(nullptr, 2048);
  thread_local Writer w(buf);
  buf.Clear();
  w.Reset(buf);
  w.StartObject();
  w.Key("result");
  w.StartObject();
  const std::string_view code = state::to_string(result.code), status = state::to_string(result.status()), text = result.text();
  w.Key("resultCode");
  w.String(code.data(), static_cast<rapidjson::SizeType>(code.size()));
  w.Key("resultStatus");
  w.String(status.data(), static_cast<rapidjson::SizeType>(status.size()));
  w.Key("resultMessage");
  if (is_valid_utf8(text)) {
    w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  } else {  // a message that quotes what the client sent (a Client-Id header's bytes)
    const std::string valid = to_valid_utf8(text);
    w.String(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
  }
  w.EndObject();
  for (const auto& f : fields) {
    w.Key(f.name.data(), static_cast<rapidjson::SizeType>(f.name.size()));
    write_value(w, f.value);
  }
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace antom::server
