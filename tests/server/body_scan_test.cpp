// The pass over a request body before parsing: nesting depth and UTF-8 validity (RFC 3629).
#include <doctest/doctest.h>

#include <string>

#include "server/protocol/body_scan.hpp"
#include "server/protocol/utf8.hpp"

using namespace antom::server;

TEST_CASE("nesting depth counts brackets outside strings only") {
  CHECK(scan_body("").depth == 0);
  CHECK(scan_body("{}").depth == 1);
  CHECK(scan_body(R"({"a":{"b":[1,[2]]}})").depth == 4);
  CHECK(scan_body(R"({"a":"{{{[[["})").depth == 1);
  CHECK(scan_body(R"({"a":"quote \" then {{{"})").depth == 1);    // an escaped quote does not end the string
  CHECK(scan_body(R"({"a":"backslash \\", "b":{}})").depth == 2);  // an escaped backslash does not escape the quote
  CHECK(scan_body("]]]]{").depth == 1);                             // stray closers never go below zero
  CHECK(scan_body(std::string(40, '[') + std::string(40, ']')).depth == 40);
}

TEST_CASE("UTF-8: valid sequences pass, every malformed form is caught") {
  CHECK(scan_body(R"({"a":"plain ASCII"})").valid_utf8());
  CHECK(scan_body("{\"a\":\"\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF\"}").valid_utf8());  // é € 😀 U+10FFFF
  CHECK(scan_body("\xEF\xBB\xBF{}").valid_utf8());
  CHECK(scan_body("{\"a\":\"\xC3\xA9\xFF\xFF\"}").first_bad_utf8 == 8);  // the first bad byte, after a good é                                                // a byte order mark is UTF-8
  for (const std::string bad : {"\xFF", "\xFE", "\x80", "\xBF",  // never valid; lone continuation bytes
                                "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xF0\x80\x80\x80",  // overlong forms
                                "\xED\xA0\x80", "\xED\xBF\xBF",                              // UTF-16 surrogates
                                "\xF4\x90\x80\x80", "\xF5\x80\x80\x80",                      // past U+10FFFF
                                "\xC3", "\xE2\x82", "\xF0\x9F\x98", "\xC3\x41"}) {           // cut short
    CAPTURE(bad);
    CHECK_FALSE(scan_body("{\"a\":\"" + bad + "\"}").valid_utf8());
    CHECK_FALSE(scan_body("{\"a\":1}" + bad).valid_utf8());  // outside strings too
  }
  CHECK_FALSE(scan_body("{\"a\":\"\\\xC3\"}").valid_utf8());  // a backslash does not hide a broken sequence
  CHECK(scan_body("{\"a\":\"\\\xC3\xA9\"}").valid_utf8());    // (an invalid escape, but valid UTF-8: the parser refuses it)
  // The depth is still counted past a bad byte, so the deeper problem is reported first.
  const BodyScan both = scan_body("\xFF" + std::string(40, '['));
  CHECK_FALSE(both.valid_utf8());
  CHECK(both.depth == 40);
}

TEST_CASE("NUL bytes are found wherever they are") {
  CHECK(scan_body(R"({"a":"b"})").first_nul == std::string_view::npos);
  CHECK(scan_body(std::string("{\"a\":\"b") + '\0' + "\"}").first_nul == 7);
  CHECK(scan_body(std::string("{}") + '\0' + '\0').first_nul == 2);
  // Behind a backslash in a string (found by fuzz_body_parse): not skipped as an escaped character
  CHECK(scan_body(std::string("{\"a\":\"\\") + '\0' + "\"}").first_nul == 7);
}

TEST_CASE("text from outside made UTF-8: each bad byte becomes U+FFFD, and a cut never splits a character") {
  using antom::server::is_valid_utf8;
  using antom::server::to_valid_utf8;
  using antom::server::utf8_prefix;
  const std::string r = "\xEF\xBF\xBD";
  CHECK(to_valid_utf8("plain ASCII") == "plain ASCII");
  CHECK(to_valid_utf8("caf\xC3\xA9 \xF0\x9F\x98\x80") == "caf\xC3\xA9 \xF0\x9F\x98\x80");  // valid stays as it is
  CHECK(to_valid_utf8("caf\xE9!") == "caf" + r + "!");                                    // Latin-1
  CHECK(to_valid_utf8("\xFF\xFE" "A") == r + r + "A");
  CHECK(to_valid_utf8("\xC0\xAF") == r + r);                                              // overlong '/'
  CHECK(to_valid_utf8("\xED\xA0\x80") == r + r + r);                                      // a surrogate
  CHECK(to_valid_utf8("\xE2\x82") == r + r);                                              // cut short
  for (const std::string text : {"caf\xE9", "\xFF", "\xF0\x9F\x98", "a\xC3"}) CHECK(is_valid_utf8(to_valid_utf8(text)));
  CHECK_FALSE(is_valid_utf8("caf\xE9"));
  CHECK(is_valid_utf8("caf\xC3\xA9"));

  const std::string euro = "ab\xE2\x82\xAC";  // 'a', 'b', then a 3-byte character
  CHECK(utf8_prefix(euro, 10) == euro);
  CHECK(utf8_prefix(euro, 5) == euro);
  CHECK(utf8_prefix(euro, 4) == "ab");  // not half of the euro sign
  CHECK(utf8_prefix(euro, 3) == "ab");
  CHECK(utf8_prefix(euro, 2) == "ab");
  CHECK(utf8_prefix(euro, 0).empty());
}
