#include "server/http/response_wire.hpp"

namespace antom::server {
namespace {

// CR and LF become spaces: a header value can never end the header early.
void append_header_text(std::string& out, std::string_view text) {
  std::size_t run = 0;  // start of the bytes not yet appended
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\r' || text[i] == '\n') {
      out.append(text.substr(run, i - run)).push_back(' ');
      run = i + 1;
    }
  out.append(text.substr(run));
}

}  // namespace

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 302: return "Found";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "Payload Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
  }
}

std::string to_wire(const RawResponse& res, bool keep_alive, bool announce_keep_alive) {
  std::size_t size = 96 + res.body.size();
  for (const auto& [name, value] : res.headers) size += name.size() + value.size() + 4;
  std::string out;
  out.reserve(size);
  out.append("HTTP/1.1 ").append(std::to_string(res.status)).append(" ").append(reason_phrase(res.status)).append("\r\n");
  for (const auto& [name, value] : res.headers) {
    append_header_text(out, name);
    out.append(": ");
    append_header_text(out, value);
    out.append("\r\n");
  }
  out.append("Content-Length: ").append(std::to_string(res.body.size())).append("\r\n");
  if (!keep_alive) out.append("Connection: close\r\n");
  else if (announce_keep_alive) out.append("Connection: keep-alive\r\n");
  out.append("\r\n").append(res.body);
  return out;
}

}  // namespace antom::server
