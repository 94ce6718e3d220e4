// Every row of every operation's field table: a missing required field, a value one character too
// long and a value outside its allowed set each give a violation naming that field.
#include <doctest/doctest.h>

#include <rapidjson/document.h>

#include <memory>
#include <span>

#include "server/protocol/operations.hpp"
#include "server/protocol/pipeline.hpp"
#include "server/protocol/validate.hpp"

using namespace antom::server;

namespace {

using Allocator = rapidjson::Document::AllocatorType;

// `root` is the body, or one item of an object array (its table's paths are relative to it).
rapidjson::Value& ensure_path(rapidjson::Value& root, Allocator& a, std::string_view path) {
  rapidjson::Value* cur = &root;
  while (true) {
    const auto dot = path.find('.');
    const std::string key(path.substr(0, dot));
    if (!cur->HasMember(key.c_str())) cur->AddMember(rapidjson::Value(key.c_str(), a), rapidjson::Value(rapidjson::kObjectType), a);
    cur = &(*cur)[key.c_str()];
    if (dot == std::string_view::npos) return *cur;
    path = path.substr(dot + 1);
  }
}

rapidjson::Value& ensure_path(rapidjson::Document& doc, std::string_view path) { return ensure_path(doc, doc.GetAllocator(), path); }

void remove_path(rapidjson::Value& root, std::string_view path) {
  rapidjson::Value* cur = &root;
  while (true) {
    const auto dot = path.find('.');
    const std::string key(path.substr(0, dot));
    if (!cur->IsObject() || !cur->HasMember(key.c_str())) return;
    if (dot == std::string_view::npos) {
      cur->RemoveMember(key.c_str());
      return;
    }
    cur = &(*cur)[key.c_str()];
    path = path.substr(dot + 1);
  }
}

void set_valid(rapidjson::Value& root, Allocator& a, const FieldSpec& f);

// An object holding every field of `fields` with a valid value.
void fill_valid(rapidjson::Value& root, Allocator& a, std::span<const FieldSpec> fields) {
  for (const auto& f : fields) set_valid(root, a, f);
}

void set_valid(rapidjson::Value& root, Allocator& a, const FieldSpec& f) {
  rapidjson::Value& v = ensure_path(root, a, f.path);
  const std::string first = f.allowed.empty() ? std::string{} : std::string(f.allowed.front());
  switch (f.kind) {
    case FieldKind::Object: if (!v.IsObject()) v.SetObject(); break;
    case FieldKind::ObjectArray: {
      v.SetArray();
      rapidjson::Value item(rapidjson::kObjectType);
      fill_valid(item, a, f.items);
      v.PushBack(item, a);
      break;
    }
    case FieldKind::StringArray: v.SetArray(); v.PushBack(rapidjson::Value(first.empty() ? "id-1" : first.c_str(), a), a); break;
    case FieldKind::Boolean: v.SetBool(f.path == "splitOrder"); break;
    case FieldKind::AmountValue: v.SetString("100", a); break;
    case FieldKind::Currency: v.SetString(first.empty() ? "USD" : first.c_str(), a); break;
    case FieldKind::Region: v.SetString("SG", a); break;
    case FieldKind::Datetime: v.SetString("2026-03-01T10:00:30+08:00", a); break;
    case FieldKind::String: v.SetString(first.empty() ? "x" : first.c_str(), a); break;
    case FieldKind::Url: v.SetString("https://merchant.example/notify", a); break;
  }
}

// A body where every field of the table holds a valid value.
rapidjson::Document full_body(const OperationSpec& op) {
  rapidjson::Document doc;
  doc.SetObject();
  fill_valid(doc, doc.GetAllocator(), op.fields);
  if (op.op == Operation::Consult) {  // osType must be an allowed value when terminalType is APP
    ensure_path(doc, "terminalType").SetString("APP");
  }
  return doc;
}

}  // namespace

TEST_CASE("a body with every field valid passes every table") {
  for (const auto& op : all_operations()) {
    CAPTURE(op.name);
    auto doc = full_body(op);
    const auto v = validate_fields(doc, op.fields);
    CHECK_MESSAGE(!v, (v ? v->path : ""));
  }
}

TEST_CASE("every table row: missing, too long, not allowed") {
  for (const auto& op : all_operations()) {
    for (const auto& f : op.fields) {
      CAPTURE(op.name);
      CAPTURE(f.path);
      if (f.presence == Presence::Required) {
        auto doc = full_body(op);
        remove_path(doc, f.path);
        const auto v = validate_fields(doc, op.fields);
        REQUIRE(v);
        CHECK(v->path == f.path);
        CHECK(v->kind == ViolationKind::Missing);
        CHECK(describe(*v).find(std::string(f.path)) != std::string::npos);
      }
      if (f.presence == Presence::RequiredUnless) {
        auto doc = full_body(op);
        remove_path(doc, f.path);
        CHECK_FALSE(validate_fields(doc, op.fields));  // the other id is enough
        remove_path(doc, f.when_field);
        const auto v = validate_fields(doc, op.fields);
        REQUIRE(v);
        CHECK(v->kind == ViolationKind::Missing);
      }
      if (f.presence == Presence::RequiredWhen) {
        auto doc = full_body(op);
        remove_path(doc, f.path);
        // grantType selects authCode or refreshToken: set the condition to this field's value
        auto& cond = ensure_path(doc, f.when_field);
        if (f.when_field == "splitOrder") cond.SetBool(true);
        else cond.SetString(rapidjson::StringRef(f.when_values.front().data(), f.when_values.front().size()));
        const auto v = validate_fields(doc, op.fields);
        REQUIRE(v);
        CHECK(v->path == f.path);
        CHECK(v->kind == ViolationKind::Missing);
      }
      if (f.max_len && (f.kind == FieldKind::String || f.kind == FieldKind::AmountValue) && f.allowed.empty()) {
        auto doc = full_body(op);
        const std::string too_long(f.max_len + 1, '7');
        ensure_path(doc, f.path).SetString(too_long.c_str(), doc.GetAllocator());
        const auto v = validate_fields(doc, op.fields);
        REQUIRE(v);
        CHECK(v->path == f.path);
        CHECK(v->kind == ViolationKind::TooLong);
        // exactly at the limit is fine (UTF-8 counted in characters)
        std::string at_limit;
        for (unsigned i = 0; i < f.max_len; ++i) at_limit += f.kind == FieldKind::AmountValue ? "7" : "\xc3\xa9";
        ensure_path(doc, f.path).SetString(at_limit.c_str(), doc.GetAllocator());
        CHECK_FALSE(validate_fields(doc, op.fields));
      }
      if (f.kind == FieldKind::Url) {
        auto doc = full_body(op);
        const std::string base = "https://merchant.example/";
        const std::string too_long = base + std::string(f.max_len + 1 - base.size(), 'n');
        ensure_path(doc, f.path).SetString(too_long.c_str(), doc.GetAllocator());
        REQUIRE(validate_fields(doc, op.fields));
        CHECK(validate_fields(doc, op.fields)->kind == ViolationKind::TooLong);
        for (const char* bad : {"javascript:alert(1)", "file:///etc/passwd", "http://2130706433/", "notaurl"}) {
          CAPTURE(bad);
          ensure_path(doc, f.path).SetString(rapidjson::StringRef(bad));
          const auto v = validate_fields(doc, op.fields);
          REQUIRE(v);
          CHECK(v->kind == ViolationKind::BadUrl);
          CHECK(describe(*v).find(std::string(f.path)) != std::string::npos);
        }
      }
      if (!f.allowed.empty() && f.kind != FieldKind::StringArray) {
        auto doc = full_body(op);
        ensure_path(doc, f.path).SetString("NOT_AN_ALLOWED_VALUE");
        const auto v = validate_fields(doc, op.fields);
        REQUIRE(v);
        CHECK(v->path == f.path);
        CHECK((v->kind == ViolationKind::NotAllowed || v->kind == ViolationKind::BadCurrency));
      }
      if (f.kind == FieldKind::Object) {
        auto doc = full_body(op);
        ensure_path(doc, f.path).SetString("not an object");
        const auto v = validate_fields(doc, op.fields);
        REQUIRE(v);
        CHECK(v->path == f.path);
        CHECK(v->kind == ViolationKind::WrongType);
      }
    }
  }
}

TEST_CASE("every item table row: each item of an object array is checked, and the violation names the item") {
  int item_tables = 0;
  for (const auto& op : all_operations()) {
    for (const auto& array : op.fields) {
      if (array.items.empty()) continue;
      ++item_tables;
      CAPTURE(op.name);
      CAPTURE(array.path);
      auto doc = full_body(op);
      auto& a = doc.GetAllocator();
      // A second valid item: the one under test is items[1], so the index in the path is checked.
      rapidjson::Value second(rapidjson::kObjectType);
      fill_valid(second, a, array.items);
      ensure_path(doc, array.path).PushBack(second, a);
      REQUIRE_FALSE(validate_fields(doc, op.fields));
      for (const auto& f : array.items) {
        CAPTURE(f.path);
        const std::string named = std::string(array.path) + "[1]." + std::string(f.path);
        // A copy of the valid body whose second item has this field set to `value` (nullptr: removed).
        auto with_second_item = [&](const std::string* value) {
          auto d = std::make_unique<rapidjson::Document>();
          d->CopyFrom(doc, d->GetAllocator());
          rapidjson::Value& item = ensure_path(*d, array.path)[1];
          if (value) ensure_path(item, d->GetAllocator(), f.path).SetString(value->c_str(), d->GetAllocator());
          else remove_path(item, f.path);
          return d;
        };
        auto violation = [&](const std::string& value) { return validate_fields(*with_second_item(&value), op.fields); };
        if (f.kind == FieldKind::String && f.max_len && f.allowed.empty()) {
          const auto v = violation(std::string(f.max_len + 1, 'g'));
          REQUIRE(v);
          CHECK(v->path == named);
          CHECK(v->kind == ViolationKind::TooLong);
          CHECK(describe(*v).find(named) != std::string::npos);
          std::string at_limit;
          for (unsigned i = 0; i < f.max_len; ++i) at_limit += "\xc3\xa9";
          CHECK_FALSE(violation(at_limit));
        }
        if (!f.allowed.empty()) {
          const auto v = violation("NOT_AN_ALLOWED_VALUE");
          REQUIRE(v);
          CHECK(v->path == named);
          CHECK(v->kind == ViolationKind::NotAllowed);
        }
        if (f.kind == FieldKind::Object || f.kind == FieldKind::Currency) {
          const auto v = violation("not an object, not a currency");
          REQUIRE(v);
          CHECK(v->path == named);
        }
        if (f.presence == Presence::Optional)  // an item without the field is still a valid item
          CHECK_FALSE(validate_fields(*with_second_item(nullptr), op.fields));
      }
    }
  }
  CHECK(item_tables == 1);  // pay's order.goods
}

TEST_CASE("scalars may be strings or numbers; amounts are positive integers in minor units") {
  const auto& pay = operation_spec(Operation::Pay);
  auto doc = full_body(pay);
  ensure_path(doc, "paymentAmount.value").SetInt(1000);
  CHECK_FALSE(validate_fields(doc, pay.fields));
  for (const char* bad : {"0", "-5", "10.5", "1e3", "0100", " 100", "abc"}) {
    CAPTURE(bad);
    ensure_path(doc, "paymentAmount.value").SetString(rapidjson::StringRef(bad));
    const auto v = validate_fields(doc, pay.fields);
    REQUIRE(v);
    CHECK(v->path == "paymentAmount.value");
  }
  ensure_path(doc, "paymentAmount.value").SetDouble(10.5);
  CHECK(validate_fields(doc, pay.fields)->kind == ViolationKind::BadAmount);
  ensure_path(doc, "paymentAmount.value").SetString("100");
  ensure_path(doc, "paymentAmount.currency").SetString("usd");
  CHECK(validate_fields(doc, pay.fields)->kind == ViolationKind::BadCurrency);
  ensure_path(doc, "paymentAmount.currency").SetString("USD");
  ensure_path(doc, "paymentExpiryTime").SetString("tomorrow");
  CHECK(validate_fields(doc, pay.fields)->kind == ViolationKind::BadDatetime);
  ensure_path(doc, "paymentExpiryTime").SetNull();  // null means absent
  CHECK_FALSE(validate_fields(doc, pay.fields));
  ensure_path(doc, "paymentRequestId").SetString("");  // an empty required string is missing
  CHECK(validate_fields(doc, pay.fields)->kind == ViolationKind::Missing);
}

TEST_CASE("booleans as JSON booleans or strings; arrays have item limits") {
  const auto& declare = operation_spec(Operation::Declare);
  auto doc = full_body(declare);
  ensure_path(doc, "splitOrder").SetString("false");
  remove_path(doc, "subOrderId");
  CHECK_FALSE(validate_fields(doc, declare.fields));
  ensure_path(doc, "splitOrder").SetString("maybe");
  CHECK(validate_fields(doc, declare.fields)->kind == ViolationKind::WrongType);

  const auto& inquiry = operation_spec(Operation::InquiryDeclarationRequests);
  rapidjson::Document q;
  q.Parse(R"({"declarationRequestIds":["1","2","3","4","5","6","7","8","9","10","11"]})");
  CHECK(validate_fields(q, inquiry.fields)->kind == ViolationKind::TooManyItems);
  q.Parse(R"({"declarationRequestIds":["123456789012345678901234567890123"]})");
  CHECK(validate_fields(q, inquiry.fields)->kind == ViolationKind::TooLong);
  q.Parse(R"({"declarationRequestIds":"abc"})");
  CHECK(validate_fields(q, inquiry.fields)->kind == ViolationKind::WrongType);

  const auto& consult = operation_spec(Operation::Consult);
  auto c = full_body(consult);
  auto& scopes = ensure_path(c, "scopes");
  scopes.SetArray();
  scopes.PushBack("AGREEMENT_PAY", c.GetAllocator()).PushBack("NOT_A_SCOPE", c.GetAllocator());
  CHECK(validate_fields(c, consult.fields)->kind == ViolationKind::NotAllowed);
}

TEST_CASE("routing covers both prefixes and only POST paths of the ten operations") {
  CHECK(route_path("/ams/api/v1/payments/pay").spec->op == Operation::Pay);
  CHECK(route_path("/ams/sandbox/api/v1/payments/pay").sandbox);
  CHECK(route_path("/ams/api/v1/customs/inquiryDeclarationRequests").spec->op == Operation::InquiryDeclarationRequests);
  CHECK(route_path("/ams/api/v1/payments/unknown").match == RouteMatch::UnknownAmsPath);
  CHECK(route_path("/ams/api/v1/payments/pay/").match == RouteMatch::UnknownAmsPath);
  CHECK(route_path("/v1/payments/pay").match == RouteMatch::NotAms);
  CHECK(all_operations().size() == 10);
}

TEST_CASE("content types: JSON or text/plain, charset UTF-8 or none, in any case and spacing") {
  auto ok = [](const char* value) {
    const std::string v = value;
    return antom::server::acceptable_content_type(&v);
  };
  CHECK(antom::server::acceptable_content_type(nullptr));  // no header: Antom's SDKs always send one, curl may not
  for (const char* good : {"", "application/json", "application/json; charset=UTF-8", "Application/JSON;Charset=utf-8",
                           "application/json ; charset=\"utf-8\"", "application/json;charset=utf8", "text/plain;charset=UTF-8",
                           "application/json\t; charset= UTF-8 ;", "application/json; boundary=x; charset=UTF-8"}) {
    CAPTURE(good);
    CHECK(ok(good));
  }
  for (const char* bad : {"application/xml", "application/json; charset=GBK", "application/jsonx", "json",
                          "application/json; charset=", "text/html; charset=UTF-8", "application/json; charset=utf-16",
                          " application/json"}) {
    CAPTURE(bad);
    CHECK_FALSE(ok(bad));
  }
}

TEST_CASE("every table row is linked to its parent object's row; an unlinked table gives the same answers") {
  for (const OperationSpec& op : all_operations())
    for (std::size_t row = 0; row < op.fields.size(); ++row) {
      const FieldSpec& f = op.fields[row];
      CAPTURE(f.path);
      REQUIRE(f.parent_row != FieldSpec::kUnlinked);
      if (f.parent_row == FieldSpec::kTopLevel) {
        CHECK(f.leaf == f.path);
      } else {
        const FieldSpec& parent = op.fields[static_cast<std::size_t>(f.parent_row)];
        CHECK(static_cast<std::size_t>(f.parent_row) < row);
        CHECK(std::string(parent.path) + "." + std::string(f.leaf) == f.path);
        CHECK(parent.kind == FieldKind::Object);
      }
    }
  // The same rows without links (as a table made elsewhere would be): looked up by path instead.
  const FieldSpec unlinked[] = {{"order", FieldKind::Object, Presence::Optional},
                                {"order.amount", FieldKind::Object, Presence::Required},
                                {"order.amount.value", FieldKind::AmountValue, Presence::Required, 16}};
  auto check = [&](const char* json) {
    rapidjson::Document doc;
    doc.Parse(json);
    const auto v = validate_fields(doc, unlinked);
    return v ? v->path : std::string("ok");
  };
  CHECK(check(R"({})") == "ok");                                        // optional parent absent
  CHECK(check(R"({"order":null})") == "ok");                            // null is absent
  CHECK(check(R"({"order":{}})") == "order.amount");                    // required once the parent is there
  CHECK(check(R"({"order":{"amount":{}}})") == "order.amount.value");
  CHECK(check(R"({"order":{"amount":{"value":"012"}}})") == "order.amount.value");
  CHECK(check(R"({"order":{"amount":{"value":12}}})") == "ok");
  CHECK(check(R"({"order":"text"})") == "order");                       // wrong type, named once
}
