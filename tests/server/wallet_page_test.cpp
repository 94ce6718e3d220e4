// The wallet's URL handling and consent page rendering, without a server: hostile URLs are
// refused, redirects keep the merchant's query and fragment, every shown value is escaped.
#include <doctest/doctest.h>

#include "server/wallet/redirect_url.hpp"
#include "server/wallet/wallet_page.hpp"

using namespace antom::server;

TEST_CASE("clean_url accepts web and app URLs, decodes encoded ones, refuses hostile ones") {
  CHECK(clean_url("https://m.example/cb?x=1", UrlUse::Redirect) == "https://m.example/cb?x=1");
  CHECK(clean_url("https%3A%2F%2Fm.example%2Fcb%3Fx%3D1", UrlUse::Redirect) == "https://m.example/cb?x=1");
  CHECK(clean_url("myapp://auth/done", UrlUse::Redirect) == "myapp://auth/done");
  CHECK(clean_url("http://127.0.0.1:9000/notify", UrlUse::Notify) == "http://127.0.0.1:9000/notify");
  CHECK_FALSE(clean_url("myapp://auth/done", UrlUse::Notify));
  for (const char* bad : {"", "not a url", "/relative/path", "javascript:alert(1)", "JavaScript:alert(1)",
                          "data:text/html,<b>x</b>", "vbscript:x", "file:///etc/passwd", "https://", "https:/x",
                          "https://user@evil.example/", "https://m.example/cb\r\nSet-Cookie: x=1",
                          "https://m.example/a b", "https%3A%2F%2Fm.example%0D%0AX: y", "https%3A%2F%2Fbad%zz",
                          "javascript%3Aalert(1)", "1http://x"}) {
    CAPTURE(bad);
    CHECK_FALSE(clean_url(bad, UrlUse::Redirect));
  }
  CHECK_FALSE(clean_url("https://m.example/" + std::string(3000, 'a'), UrlUse::Redirect));
}

TEST_CASE("with_query appends before the fragment and keeps the merchant's own query") {
  const std::vector<std::pair<std::string, std::string>> p{{"authCode", "c1"}, {"authState", "a b&c=d"}};
  CHECK(with_query("https://m/cb", p) == "https://m/cb?authCode=c1&authState=a%20b%26c%3Dd");
  CHECK(with_query("https://m/cb?x=1", p) == "https://m/cb?x=1&authCode=c1&authState=a%20b%26c%3Dd");
  CHECK(with_query("https://m/cb?x=1#top", {{"authCode", "c1"}}) == "https://m/cb?x=1&authCode=c1#top");
  CHECK(with_query("https://m/cb?", {{"authCode", "c1"}}) == "https://m/cb?authCode=c1");
  CHECK(with_query("myapp://done", {{"authState", "s"}}) == "myapp://done?authState=s");
}

TEST_CASE("consent page shows merchant, wallet, scopes and amounts, escaped") {
  antom::state::WalletTable table;
  ConsentView v;
  v.merchant_name = "Shop <script>alert(1)</script> & Co";
  v.client_id = "SANDBOX_X";
  v.attempt_id = "aut_1";
  v.wallet = table.find("GCASH");
  v.scopes = {"AGREEMENT_PAY", "BASE_USER_INFO"};
  v.user_login_id = "6391****123";
  v.approve_action = "/_sim/wallet/SANDBOX_X/aut_1/approve";
  v.decline_action = "/_sim/wallet/SANDBOX_X/aut_1/decline";
  const std::string html = render_consent_page(v);
  CHECK(html.find("<script>alert(1)") == std::string::npos);
  CHECK(html.find("Shop &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co") != std::string::npos);
  CHECK(html.find("GCash") != std::string::npos);
  CHECK(html.find(v.wallet->brand_color) != std::string::npos);
  CHECK(html.find("data-scope=\"AGREEMENT_PAY\"") != std::string::npos);
  CHECK(html.find("data-scope=\"BASE_USER_INFO\"") != std::string::npos);
  CHECK(html.find("id=\"approve\"") != std::string::npos);
  CHECK(html.find("id=\"decline\"") != std::string::npos);
  CHECK(html.find("action=\"/_sim/wallet/SANDBOX_X/aut_1/approve\"") != std::string::npos);
  CHECK(html.find(format_minor_amount(v.wallet->min_payment_minor, "PHP")) != std::string::npos);
  CHECK(html.find("6391****123") != std::string::npos);
}

TEST_CASE("amounts are formatted with the currency's decimals") {
  CHECK(format_minor_amount(123450, "PHP") == "1,234.50 PHP");
  CHECK(format_minor_amount(5, "USD") == "0.05 USD");
  CHECK(format_minor_amount(1500000, "KRW") == "1,500,000 KRW");
  CHECK(format_minor_amount(0, "JPY") == "0 JPY");
}

TEST_CASE("notice page escapes its text and brand colours are checked") {
  const std::string html = render_notice_page("<b>t</b>", "m\"x", "red;}</style><script>");
  CHECK(html.find("<b>t</b>") == std::string::npos);
  CHECK(html.find("</style><script>") == std::string::npos);
  CHECK(html.find("m&quot;x") != std::string::npos);
}
