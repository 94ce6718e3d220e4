// The bytes every response goes out as: framing, keep-alive, and header text that cannot be split.
#include <doctest/doctest.h>

#include "server/http/response_wire.hpp"

using namespace antom::server;

TEST_CASE("a response is a status line, the headers as given, Content-Length and the body") {
  RawResponse res;
  res.headers = {{"content-type", "application/json; charset=UTF-8"}, {"client-id", "SANDBOX_X"}};
  res.body = R"({"result":{}})";
  CHECK(to_wire(res, true) ==
        "HTTP/1.1 200 OK\r\ncontent-type: application/json; charset=UTF-8\r\nclient-id: SANDBOX_X\r\n"
        "Content-Length: 13\r\n\r\n{\"result\":{}}");
  CHECK(to_wire(res, false) ==
        "HTTP/1.1 200 OK\r\ncontent-type: application/json; charset=UTF-8\r\nclient-id: SANDBOX_X\r\n"
        "Content-Length: 13\r\nConnection: close\r\n\r\n{\"result\":{}}");
  res.body.clear();
  res.headers.clear();
  CHECK(to_wire(res, true) == "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
}

TEST_CASE("CR and LF in header names or values cannot start a new header or end the head") {
  RawResponse res;
  res.status = 302;
  res.headers = {{"location", "https://shop.example/back\r\nset-cookie: evil=1"}, {"x-a\nb", "v\r\n\r\nbody"}};
  const std::string wire = to_wire(res, true);
  CHECK(wire == "HTTP/1.1 302 Found\r\nlocation: https://shop.example/back  set-cookie: evil=1\r\nx-a b: v    body\r\n"
                "Content-Length: 0\r\n\r\n");
  CHECK(wire.find("\r\nset-cookie") == std::string::npos);
}

TEST_CASE("reason phrases for every status antom-sim sends") {
  for (const auto& [status, phrase] : std::initializer_list<std::pair<int, const char*>>{
           {200, "OK"}, {201, "Created"}, {302, "Found"}, {400, "Bad Request"}, {401, "Unauthorized"},
           {404, "Not Found"}, {405, "Method Not Allowed"}, {409, "Conflict"}, {410, "Gone"},
           {500, "Internal Server Error"}, {502, "Bad Gateway"}, {503, "Service Unavailable"},
           {504, "Gateway Timeout"}}) {
    CAPTURE(status);
    CHECK(reason_phrase(status) == phrase);
    RawResponse res;
    res.status = status;
    CHECK(to_wire(res, true).starts_with("HTTP/1.1 " + std::to_string(status) + " " + phrase + "\r\n"));
  }
  CHECK(reason_phrase(299) == "Unknown");
}
