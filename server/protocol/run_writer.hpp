#pragma once
// RapidJSON's Writer, except that a string (or key) needing no escape is copied in one go.
// Writer escapes character by character, and almost none of our strings holds a quote, a
// backslash or a control character. The output is byte for byte what Writer writes. (RapidJSON's
// own SSE2 scan is not used: it lets the control characters 0x1A-0x1F through unescaped.)
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstring>

namespace antom::server {

class RunWriter : public rapidjson::Writer<rapidjson::StringBuffer> {
 public:
  using Base = rapidjson::Writer<rapidjson::StringBuffer>;
  using Base::Base;

  bool String(const char* text, rapidjson::SizeType length) {
    if (!needs_no_escape(text, length)) return Base::String(text, length);
    Prefix(rapidjson::kStringType);
    char* out = os_->Push(length + 2);
    out[0] = '"';
    std::memcpy(out + 1, text, length);
    out[length + 1] = '"';
    return EndValue(true);
  }
  bool Key(const char* text, rapidjson::SizeType length) { return String(text, length); }
  bool String(const char* text) { return String(text, static_cast<rapidjson::SizeType>(std::strlen(text))); }
  bool Key(const char* text) { return String(text); }

  // No byte below 0x20, no quote, no backslash: the JSON escapes Writer would write.
  static bool needs_no_escape(const char* text, std::size_t length) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text);
    unsigned char bad = 0;
    for (std::size_t i = 0; i < length; ++i) {
      const unsigned char c = bytes[i];
      bad |= static_cast<unsigned char>(c < 0x20) | static_cast<unsigned char>(c == '"') | static_cast<unsigned char>(c == '\\');
    }
    return bad == 0;
  }
};

}  // namespace antom::server
