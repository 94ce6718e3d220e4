#include "server/control/listing.hpp"

#include <charconv>

#include "server/control/control_json.hpp"
#include "server/protocol/render.hpp"

namespace antom::server {

std::string to_string(const ListCursor& cursor) { return std::to_string(cursor.position) + "." + cursor.client_id; }

std::optional<ListCursor> parse_cursor(std::string_view text) {
  const auto dot = text.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= text.size()) return std::nullopt;
  ListCursor c;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + dot, c.position);
  if (ec != std::errc{} || p != text.data() + dot) return std::nullopt;
  c.client_id = std::string(text.substr(dot + 1));
  return c;
}

std::optional<PageRequest> page_request(const ControlRequest& req, std::string& error) {
  PageRequest page;
  if (const std::string text = req.query_value("limit"); !text.empty()) {
    std::size_t n = 0;
    const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || p != text.data() + text.size() || n == 0 || n > kMaxPageSize) {
      error = "limit must be a whole number from 1 to " + std::to_string(kMaxPageSize) + " (default " +
              std::to_string(kDefaultPageSize) + "); page on with cursor=<nextCursor>.";
      return std::nullopt;
    }
    page.limit = n;
  }
  if (const std::string text = req.query_value("cursor"); !text.empty()) {
    page.cursor = parse_cursor(text);
    if (!page.cursor) {
      error = "cursor must be a nextCursor value from an earlier page.";
      return std::nullopt;
    }
  }
  return page;
}

RawResponse page_response(const std::string& key, const Page& page) {
  std::string body = "{\"" + key + "\":[";
  for (std::size_t i = 0; i < page.items.size(); ++i) {
    if (i) body += ',';
    body += render_fields_json(page.items[i]);
  }
  body += "],\"total\":" + std::to_string(page.total);
  if (page.next) {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    const std::string cursor = to_string(*page.next);
    w.String(cursor.data(), static_cast<rapidjson::SizeType>(cursor.size()));
    body += ",\"nextCursor\":" + std::string(buf.GetString(), buf.GetSize());
  }
  body += "}";
  return json_response(200, std::move(body));
}

}  // namespace antom::server
