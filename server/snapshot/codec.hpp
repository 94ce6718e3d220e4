#pragma once
// The two directions of the snapshot document, driven by one field list per concept: each
// doc_*.cpp says once, in a `fields(V& v, T& x)` template, which member goes under which name, and
// Out (writing) or In (reading, with the JSON pointer of the first problem) walks it.
// Conventions (docs/snapshots.md): times are ISO 8601 UTC with milliseconds (epoch milliseconds
// are accepted too), absent when unset; durations are milliseconds; money is {"value": minor
// units, "currency"}; enums are their API spellings; a field left out keeps its default.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "state/money.hpp"
#include "state/time.hpp"

namespace antom::server::snapshot_codec {

using JsonOut = rapidjson::Writer<rapidjson::StringBuffer>;

// An enum's spellings, in one table per enum (doc_*.cpp).
template <class E>
using EnumNames = std::span<const std::pair<E, std::string_view>>;

// "2026-03-01T02:00:00.000Z"; TimePoint{} is "unset" and not written.
[[nodiscard]] std::string format_time(state::TimePoint t);
// That form, any ISO 8601 with an offset (parse_iso8601), or epoch milliseconds.
[[nodiscard]] std::optional<state::TimePoint> parse_time(const rapidjson::Value& v);

class Out {
 public:
  explicit Out(JsonOut& w) : w_(w) {}
  static constexpr bool reading = false;

  void operator()(std::string_view key, const std::string& s) {
    if (s.empty()) return;
    this->key(key);
    w_.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  }
  void operator()(std::string_view key, bool b) {
    if (!b) return;
    this->key(key);
    w_.Bool(b);
  }
  void operator()(std::string_view key, std::int64_t n) { this->key(key), w_.Int64(n); }
  void operator()(std::string_view key, std::uint64_t n) { this->key(key), w_.Uint64(n); }
  void operator()(std::string_view key, int n) { this->key(key), w_.Int(n); }
  void operator()(std::string_view key, std::uint16_t n) { this->key(key), w_.Uint(n); }
  void operator()(std::string_view key, state::TimePoint t) {
    if (t == state::TimePoint{}) return;
    const std::string s = format_time(t);
    this->key(key);
    w_.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  }
  void operator()(std::string_view key, state::Millis d) { this->key(key), w_.Int64(d.count()); }
  void operator()(std::string_view key, const state::Money& m) {
    this->key(key);
    w_.StartObject();
    (*this)("value", m.value);
    (*this)("currency", m.currency);
    w_.EndObject();
  }
  void operator()(std::string_view key, const std::vector<std::string>& list) {
    if (list.empty()) return;
    this->key(key);
    w_.StartArray();
    for (const auto& s : list) w_.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    w_.EndArray();
  }
  template <class T>
  void operator()(std::string_view key, const std::optional<T>& o) {
    if (o) (*this)(key, *o);
  }
  template <class E>
  void enumeration(std::string_view key, const E& e, EnumNames<E> names) {
    for (const auto& [value, name] : names)
      if (value == e) {
        this->key(key);
        w_.String(name.data(), static_cast<rapidjson::SizeType>(name.size()));
        return;
      }
  }
  // A nested object: fill(*this, value).
  template <class T, class Fill>
  void object(std::string_view key, T& value, Fill&& fill) {
    this->key(key);
    w_.StartObject();
    fill(*this, value);
    w_.EndObject();
  }
  template <class Seq, class Fill>
  void array(std::string_view key, Seq& seq, Fill&& fill) {
    if (seq.empty()) return;
    this->key(key);
    w_.StartArray();
    for (auto& item : seq) {
      w_.StartObject();
      fill(*this, item);
      w_.EndObject();
    }
    w_.EndArray();
  }
  void key(std::string_view k) { w_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size())); }
  JsonOut& writer() { return w_; }

 private:
  JsonOut& w_;
};

// Reads one object's members; the first problem is kept (with its JSON pointer) and the rest of
// the walk does nothing. Members it was not asked for are refused when the object is closed.
class In {
 public:
  static constexpr bool reading = true;
  In(const rapidjson::Value& object, std::string pointer, std::string* problem);

  void operator()(std::string_view key, std::string& s);
  void operator()(std::string_view key, bool& b);
  void operator()(std::string_view key, std::int64_t& n);
  void operator()(std::string_view key, std::uint64_t& n);
  void operator()(std::string_view key, int& n);
  void operator()(std::string_view key, std::uint16_t& n);
  void operator()(std::string_view key, state::TimePoint& t);
  void operator()(std::string_view key, state::Millis& d);
  void operator()(std::string_view key, state::Money& m);
  void operator()(std::string_view key, std::vector<std::string>& list);
  template <class T>
  void operator()(std::string_view key, std::optional<T>& o) {
    if (!has(key)) return;
    T value{};
    (*this)(key, value);
    if (ok()) o = std::move(value);
  }
  template <class E>
  void enumeration(std::string_view key, E& e, EnumNames<E> names) {
    const rapidjson::Value* v = member(key);
    if (!v) return;
    if (v->IsString())
      for (const auto& [value, name] : names)
        if (name == std::string_view(v->GetString(), v->GetStringLength())) {
          e = value;
          return;
        }
    std::string allowed;
    for (const auto& [value, name] : names) allowed += (allowed.empty() ? "" : ", ") + std::string(name);
    fail(key, "must be one of " + allowed);
  }
  template <class T, class Fill>
  void object(std::string_view key, T& value, Fill&& fill) {
    const rapidjson::Value* v = member(key);
    if (!v) return;
    if (!v->IsObject()) return fail(key, "must be an object");
    In inner(*v, pointer_ + "/" + std::string(key), problem_);
    fill(inner, value);
    inner.close();
  }
  template <class Seq, class Fill>
  void array(std::string_view key, Seq& seq, Fill&& fill) {
    const rapidjson::Value* v = member(key);
    if (!v) return;
    if (!v->IsArray()) return fail(key, "must be an array");
    const std::string base = pointer_ + "/" + std::string(key) + "/";
    for (rapidjson::SizeType i = 0; i < v->Size() && ok(); ++i) {
      if (!(*v)[i].IsObject()) {
        *problem_ = base + std::to_string(i) + ": must be an object";
        return;
      }
      typename Seq::value_type item{};
      In inner((*v)[i], base + std::to_string(i), problem_);
      fill(inner, item);
      inner.close();
      seq.push_back(std::move(item));
    }
  }
  [[nodiscard]] bool has(std::string_view key) const {
    return ok() && object_.FindMember(rapidjson::Value(rapidjson::StringRef(key.data(), key.size()))) != object_.MemberEnd();
  }
  // The member if present (counted as known); nullptr when absent or after a problem.
  const rapidjson::Value* member(std::string_view key);
  void fail(std::string_view key, const std::string& what);
  // Refuses a member nobody asked for (a misspelt or unknown field).
  void close();
  [[nodiscard]] bool ok() const { return problem_->empty(); }
  [[nodiscard]] const std::string& pointer() const { return pointer_; }
  [[nodiscard]] std::string* problem() const { return problem_; }

 private:
  const rapidjson::Value& object_;
  std::string pointer_;
  std::string* problem_;
  std::vector<std::string_view> seen_;
};

}  // namespace antom::server::snapshot_codec
