#include "server/protocol/pipeline.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>

#include "scenarios/activation.hpp"
#include "scenarios/suggest.hpp"
#include "server/crypto/codec.hpp"
#include "server/crypto/signer.hpp"
#include "server/log.hpp"
#include "server/notify/notifier.hpp"
#include "server/protocol/body_parse.hpp"
#include "server/protocol/body_scan.hpp"
#include "server/protocol/utf8.hpp"
#include "server/protocol/handlers.hpp"
#include "server/protocol/json_view.hpp"
#include "server/protocol/render.hpp"
#include "server/protocol/signature_diagnosis.hpp"
#include "server/protocol/signature_header.hpp"
#include "server/protocol/validate.hpp"

namespace antom::server {
namespace {

using state::ResultCode;

// Everything known about the request so far, for rendering an answer at any step.
struct Exchange {
  Exchange(App& a, const RawRequest& r, std::string signed_path, std::string client, state::TimePoint at)
      : app(a), req(r), path(std::move(signed_path)), client_id(std::move(client)), now(at) {}

  App& app;
  const RawRequest& req;
  std::string path;       // as signed: path and query, no scheme or host
  std::string client_id;  // as sent
  state::TimePoint now;
  const OperationSpec* op = nullptr;                    // once routed
  mutable std::optional<ResultCode> answered;           // the resultCode of the answer, for metrics
  Headers log_fields;                                   // ids, scenario and fault, for the log line
  // For the request journal: how far the request got (always), the rest only while it is on.
  std::string merchant_id;                              // registered Client-Id, once known
  JournalStep verification = JournalStep::NotReached;
  JournalStep validation = JournalStep::NotReached;
  std::optional<SignatureDiagnosis> diagnosis;
  mutable std::string refusal;                          // the message of an answer other than SUCCESS
  std::string scenario, scenario_via, rule;
  std::string_view http_fault;
  std::string payment_request_id, payment_id, refund_request_id, refund_id;
};

// Renders the body, signs it (except INVALID_SIGNATURE, as Antom does) and sets the headers.
RawResponse answer(const Exchange& ex, const state::Result& result, const state::Fields& fields = {},
                   scenarios::HttpFault fault = scenarios::HttpFault::None) {
  using scenarios::HttpFault;
  RawResponse res;
  ex.answered = result.code;
  if (result.code != ResultCode::SUCCESS && ex.app.journal.enabled()) ex.refusal = std::string(result.text());
  res.body = render_reply(result, fields);
  res.log_code = std::string(state::to_string(result.code));
  res.log_client_id = ex.client_id;
  if (fault == HttpFault::MalformedBody) res.body = "{\"result\":{\"resultCode\":\"" + res.log_code + "\",<html>";
  std::string response_time = state::format_iso8601(ex.now);
  const bool sign = result.code != ResultCode::INVALID_SIGNATURE && ex.app.options.sign_responses &&
                    fault != HttpFault::MissingSignature;
  std::string signature;
  if (sign) {
    std::string content = signing_content("POST", ex.path, ex.client_id, response_time, res.body);
    if (fault == HttpFault::WrongSignature) content += " ";  // valid base64, wrong content
    signature = signature_header(ex.app.keys.key_version, sign_sha256(ex.app.keys.antom_private, content));
  }
  res.headers.reserve(7);  // these four, x-sim-warning and the two x-sim-scenario headers
  res.headers.emplace_back("content-type", "application/json; charset=UTF-8");
  res.headers.emplace_back("client-id", ex.client_id);
  res.headers.emplace_back("response-time", std::move(response_time));
  if (sign) res.headers.emplace_back("signature", std::move(signature));
  return res;
}

RawResponse answer_code(const Exchange& ex, ResultCode code, std::string message = {}) {
  return answer(ex, state::make_result(code, std::move(message)));
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// PHP's SDK breaks on any other header whose value mentions these words, so they are masked.
std::string mask_sdk_words(std::string text) {
  const std::string lowered = lower(text);
  for (const std::string_view word : {"signature", "response-time"})
    for (auto pos = lowered.find(word); pos != std::string::npos; pos = lowered.find(word, pos + 1)) text[pos + 1] = '*';
  return text;
}

// Breaks the wire the way a scenario asked; `committed` says whether state has changed.
RawResponse apply_fault(RawResponse res, const scenarios::Plan& plan) {
  using scenarios::HttpFault;
  switch (plan.http_fault) {
    case HttpFault::ResetBeforeCommit:
    case HttpFault::ResetAfterCommit: res.action = WireAction::Reset; break;
    case HttpFault::StallBeforeCommit:
    case HttpFault::StallAfterCommit:
      res.action = WireAction::Stall;
      res.stall = plan.stall;
      break;
    case HttpFault::Http500:
    case HttpFault::Http502:
    case HttpFault::Http503:
      res.status = plan.http_fault == HttpFault::Http500 ? 500 : plan.http_fault == HttpFault::Http502 ? 502 : 503;
      res.body = "<html><body><h1>" + std::to_string(res.status) + "</h1></body></html>";
      res.headers = {{"content-type", "text/html"}};
      res.log_code = "HTTP_" + std::to_string(res.status);
      break;
    case HttpFault::TruncatedBody: res.action = WireAction::WriteTruncated; break;
    default: break;
  }
  res.delay = plan.latency;
  // An unknown scenario named by a header or a sim: directive is not an error: say so, and go on.
  if (!plan.warning.empty()) res.set_header("x-sim-warning", mask_sdk_words(plan.warning));
  // Every answer a scenario shaped says which one, and how it was selected (a magic amount is
  // otherwise invisible), in the answer and in the request log.
  if (!plan.scenario.empty()) {
    res.set_header("x-sim-scenario-applied", mask_sdk_words(plan.scenario));
    res.set_header("x-sim-scenario-via", plan.source);
    res.log_scenario = plan.scenario + " (via " + plan.source + ")";
  }
  return res;
}

bool before_commit(scenarios::HttpFault f) {
  using scenarios::HttpFault;
  return f == HttpFault::ResetBeforeCommit || f == HttpFault::StallBeforeCommit || f == HttpFault::Http502 ||
         f == HttpFault::Http503;
}

// INVALID_SIGNATURE as Antom answers it; the log line and /_sim/diagnostics/signatures say why.
// Only failures pay for the diagnosis, and it runs under no lock.
RawResponse refuse_signature(Exchange& ex, const Merchant& merchant, const ParsedSignature& parsed,
                             std::optional<int> key_version, std::string message = {}) {
  RawResponse res = answer_code(ex, ResultCode::INVALID_SIGNATURE, std::move(message));
  const std::string* request_time = find_header(ex.req.headers, "request-time");
  SignatureDiagnosis diagnosis = diagnose_signature(SignatureEvidence{
      "POST", ex.path, ex.client_id, request_time ? std::string_view(*request_time) : std::string_view{}, ex.req.body,
      &parsed, &merchant.public_keys, key_version, state::format_iso8601(ex.now)});
  res.log_detail_text = diagnosis.to_text();
  res.log_detail_json = diagnosis.to_json();
  if (ex.app.journal.enabled()) ex.diagnosis = diagnosis;
  ex.app.signature_diagnoses.add(merchant.client_id, std::move(diagnosis));
  return res;
}

// Step 2: the three headers, the merchant and its key, and the signature itself.
std::optional<RawResponse> verify_request(Exchange& ex, const Merchant* merchant) {
  const std::string* signature = find_header(ex.req.headers, "signature");
  const std::string* request_time = find_header(ex.req.headers, "request-time");
  if (ex.client_id.empty())
    return answer_code(ex, ResultCode::PARAM_ILLEGAL, "The required header client-id is missing.");
  if (!request_time || request_time->empty())
    return answer_code(ex, ResultCode::PARAM_ILLEGAL, "The required header request-time is missing.");
  if (!signature) return answer_code(ex, ResultCode::PARAM_ILLEGAL, "The required header signature is missing.");
  if (!merchant) return answer_code(ex, ResultCode::INVALID_CLIENT, "The client-id " + ex.client_id + " is not registered.");

  const ParsedSignature parsed = parse_signature_header(*signature);
  if (parsed.error == SignatureHeaderError::BadKeyVersion)
    return answer_code(ex, ResultCode::KEY_NOT_FOUND, "The keyVersion in the signature header is not a number.");
  if (parsed.error != SignatureHeaderError::None || parsed.header.signature.empty())
    return refuse_signature(ex, *merchant, parsed, parsed.header.key_version,
                            "The signature header carries no usable signature.");
  if (merchant->public_keys.empty())
    return answer_code(ex, ResultCode::KEY_NOT_FOUND, "No public key is registered for this client.");
  const int version = parsed.header.key_version.value_or(merchant->public_keys.rbegin()->first);
  const auto key = merchant->public_keys.find(version);
  if (key == merchant->public_keys.end())
    return answer_code(ex, ResultCode::KEY_NOT_FOUND, "No public key with keyVersion " + std::to_string(version) + ".");
  if (!ex.app.options.verify_signatures) return std::nullopt;
  const auto raw = base64_decode(parsed.header.signature);
  const std::string content = signing_content("POST", ex.path, ex.client_id, *request_time, ex.req.body);
  if (!raw || !verify_sha256(key->second, content, *raw)) return refuse_signature(ex, *merchant, parsed, version);
  return std::nullopt;
}

// Strict mode (--strict-scenarios, or x-sim-strict per request) refuses a scenario name the
// catalog does not know, so a typo cannot pass for SUCCESS. Control-style JSON, not an Antom result:
// the mistake is the test's, not the merchant integration's.
bool strict_scenarios(const App& app, const RawRequest& req) {
  const std::string* header = find_header(req.headers, "x-sim-strict");
  if (!header) return app.options.strict_scenarios;
  return *header == "1" || iequals(*header, "true") || iequals(*header, "on") || iequals(*header, "yes");
}

std::optional<RawResponse> refuse_unknown_scenario(const App& app, std::string_view header) {
  const auto ref = scenarios::parse_scenario_ref(header);
  if (ref && app.scenarios.find(ref->name)) return std::nullopt;
  std::vector<std::string> known;
  for (const auto& s : app.scenarios.list()) known.push_back(s->name);
  const std::string name = ref ? ref->name : std::string(header);
  const auto nearest = scenarios::nearest_names(name, known);
  std::string message = "x-sim-scenario: ";
  if (ref) message += "no scenario is named '" + name + "'";
  else message += "'" + name + "' is not NAME or NAME/ARG";
  if (!nearest.empty()) {
    message += "; nearest known:";
    for (std::size_t i = 0; i < nearest.size(); ++i) message += (i ? ", " : " ") + nearest[i];
  }
  message += " (strict mode: --strict-scenarios, or the request's x-sim-strict header; GET /_sim/scenarios lists them all).";
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("error");
  w.String("UNKNOWN_SCENARIO");
  w.Key("message");
  w.String(message.c_str(), static_cast<rapidjson::SizeType>(message.size()));
  w.Key("scenario");
  w.String(name.c_str(), static_cast<rapidjson::SizeType>(name.size()));
  w.Key("nearest");
  w.StartArray();
  for (const auto& n : nearest) w.String(n.c_str(), static_cast<rapidjson::SizeType>(n.size()));
  w.EndArray();
  w.EndObject();
  RawResponse res;
  res.status = 400;
  res.body.assign(buf.GetString(), buf.GetSize());
  res.headers.emplace_back("content-type", "application/json; charset=UTF-8");
  res.log_code = "UNKNOWN_SCENARIO";
  return res;
}

}  // namespace

bool acceptable_content_type(const std::string* content_type) {
  if (!content_type || content_type->empty()) return true;
  const std::string_view value = *content_type;
  std::string_view media = value.substr(0, value.find(';'));
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.remove_suffix(1);
  if (!iequals(media, "application/json") && !iequals(media, "text/plain")) return false;
  constexpr std::string_view kCharset = "charset=";
  std::size_t at = std::string_view::npos;
  for (std::size_t i = 0; i + kCharset.size() <= value.size(); ++i)
    if ((value[i] | 0x20) == 'c' && iequals(value.substr(i, kCharset.size()), kCharset)) {
      at = i;
      break;
    }
  if (at == std::string_view::npos) return true;
  std::string_view charset = value.substr(at + kCharset.size());
  charset = charset.substr(0, charset.find(';'));
  while (!charset.empty() && (charset.back() == ' ' || charset.back() == '"')) charset.remove_suffix(1);
  while (!charset.empty() && (charset.front() == ' ' || charset.front() == '"')) charset.remove_prefix(1);
  return iequals(charset, "utf-8") || iequals(charset, "utf8");
}

namespace {

RawResponse handle_exchange(Exchange& ex) {
  App& app = ex.app;
  const RawRequest& req = ex.req;

  // 1. Route.
  const std::string_view path = std::string_view(ex.path).substr(0, ex.path.find('?'));
  const Route route = route_path(path);
  if (req.method != "POST") return answer_code(ex, ResultCode::METHOD_NOT_SUPPORTED, "Only POST is supported.");
  if (route.match != RouteMatch::Found)
    return answer_code(ex, ResultCode::NO_INTERFACE_DEF, "No API is defined at " + std::string(path) + ".");
  const OperationSpec& op = *route.spec;
  ex.op = &op;
  if (req.body_too_large) {
    auto res = answer_code(ex, ResultCode::PARAM_ILLEGAL,
                           "The request body exceeds " + std::to_string(app.options.body_limit) + " bytes.");
    res.close = true;
    return res;
  }

  // 2. Verify the signature.
  const auto merchant = app.merchants.find(ex.client_id);
  if (merchant) ex.merchant_id = merchant->client_id;
  if (auto refused = verify_request(ex, merchant.get())) {
    ex.verification = JournalStep::Failed;
    return *refused;
  }
  ex.verification = app.options.verify_signatures ? JournalStep::Passed : JournalStep::Skipped;

  // 3. Validate against the field table.
  if (!acceptable_content_type(find_header(req.headers, "content-type")))
    return answer_code(ex, ResultCode::MEDIA_TYPE_NOT_ACCEPTABLE, "The request content type must be application/json; charset=UTF-8.");
  if (req.body.empty()) return answer_code(ex, ResultCode::PARAM_ILLEGAL, "The request body is empty.");
  const BodyScan scan = scan_body(req.body);
  if (scan.depth > kMaxJsonDepth)
    return answer_code(ex, ResultCode::PARAM_ILLEGAL, "The request body nests deeper than " + std::to_string(kMaxJsonDepth) + " levels.");
  // The parsed body and the parser's stacks live in per-thread buffers: a fresh Document would
  // allocate (and free) a 64 KB chunk and grow two stacks by doubling on every request. The
  // pipeline never re-enters on one thread; a body too big for the buffers spills to the heap.
  // That saves ~2 700 of ~90 000 instructions a pay (instructions_bench, 2026-12-05), part of what
  // the 60 000 req/s goal with verification and signing off needs.
  alignas(16) thread_local char value_buffer[32 * 1024];
  alignas(16) thread_local char stack_buffer[16 * 1024];
  rapidjson::MemoryPoolAllocator<> value_allocator(value_buffer, sizeof value_buffer);
  rapidjson::MemoryPoolAllocator<> stack_allocator(stack_buffer, sizeof stack_buffer);
  std::string body_text = req.body;  // parsed in place: `body` points into it
  PooledDocument body(&value_allocator, 4 * 1024, &stack_allocator);
  parse_body(body_text, scan, body);
  // The first problem in the body is the one reported; at one offset, the byte itself is wrong.
  const std::size_t parse_error_at = body.HasParseError() ? body.GetErrorOffset() : std::string_view::npos;
  if (scan.first_nul < scan.first_bad_utf8 && scan.first_nul <= parse_error_at)
    return answer_code(ex, ResultCode::PARAM_ILLEGAL,
                       "The request body is not valid JSON: a NUL byte (offset " + std::to_string(scan.first_nul) + ").");
  if (!scan.valid_utf8() && scan.first_bad_utf8 <= parse_error_at)
    return answer_code(ex, ResultCode::PARAM_ILLEGAL, "The request body is not valid UTF-8.");
  if (body.HasParseError())
    return answer_code(ex, ResultCode::PARAM_ILLEGAL,
                       std::string("The request body is not valid JSON: ") + rapidjson::GetParseError_En(body.GetParseError()) +
                           " (offset " + std::to_string(parse_error_at) + ").");
  if (!body.IsObject()) return answer_code(ex, ResultCode::PARAM_ILLEGAL, "The request body must be a JSON object.");
  JsonPaths paths(body);
  if (app.journal.enabled()) {
    ex.payment_request_id = paths.text("paymentRequestId");
    ex.payment_id = paths.text("paymentId");
    ex.refund_request_id = paths.text("refundRequestId");
    if (log_enabled())
      for (const auto& [name, value] : {std::pair<const char*, const std::string*>{"paymentRequestId", &ex.payment_request_id},
                                        {"paymentId", &ex.payment_id}, {"refundRequestId", &ex.refund_request_id}})
        if (!value->empty()) ex.log_fields.emplace_back(name, *value);
  } else if (log_enabled()) {
    for (const std::string_view id : {"paymentRequestId", "paymentId", "refundRequestId"})
      if (std::string value = paths.text(id); !value.empty()) ex.log_fields.emplace_back(std::string(id), std::move(value));
  }
  if (auto violation = validate_fields(paths, op.fields))
    return answer_code(ex, ResultCode::PARAM_ILLEGAL, describe(*violation));
  ex.validation = JournalStep::Passed;

  // 4. Plan the scenario.
  const std::string idempotency_key = op.idempotency_field.empty() ? std::string{} : paths.text(op.idempotency_field);
  std::string wallet = paths.text("customerBelongsTo");
  if (wallet.empty()) wallet = paths.text("paymentMethod.paymentMethodType");
  const std::string* scenario_header = find_header(req.headers, "x-sim-scenario");
  if (scenario_header && strict_scenarios(app, req))
    if (auto refused = refuse_unknown_scenario(app, *scenario_header)) {
      refused->log_client_id = ex.client_id;
      return *refused;
    }
  scenarios::PlanInput input{op.name, merchant->client_id, wallet, idempotency_key,
                             scenario_header ? std::string_view(*scenario_header) : std::string_view{},
                             [&paths, scratch = std::string()](std::string_view path) mutable -> std::optional<std::string_view> {
                               const rapidjson::Value* v = paths.find(path);
                               if (!v) return std::nullopt;
                               if (v->IsString()) return std::string_view(v->GetString(), v->GetStringLength());
                               auto text = scalar_text(*v);
                               if (!text) return std::nullopt;
                               scratch = std::move(*text);
                               return std::string_view(scratch);
                             },
                             req.body, ex.now, app.world.seed()};
  input.magic_amounts = merchant->magic_amounts.value_or(app.options.magic_amounts);
  const scenarios::Plan plan = app.scenarios.plan(input);
  if (!plan.scenario.empty() || plan.http_fault != scenarios::HttpFault::None) {
    app.metrics.record_scenario(plan);
    if (app.journal.enabled()) {
      ex.scenario = plan.scenario;
      ex.scenario_via = plan.source;
      ex.rule = plan.rule;
      if (plan.http_fault != scenarios::HttpFault::None) ex.http_fault = scenarios::to_string(plan.http_fault);
    }
    if (log_enabled()) {
      // The scenario and how it was selected are in the line already (RawResponse::log_scenario).
      if (!plan.scenario.empty() && !plan.rule.empty()) ex.log_fields.emplace_back("rule", plan.rule);
      if (plan.http_fault != scenarios::HttpFault::None)
        ex.log_fields.emplace_back("fault", std::string(scenarios::to_string(plan.http_fault)));
    }
  }
  if (before_commit(plan.http_fault)) return apply_fault(answer_code(ex, ResultCode::UNKNOWN_EXCEPTION), plan);

  // 5. Call state (through the operation's handler), then render and sign.
  ApiContext ctx{app, op, merchant, ex.client_id, body, ex.now, plan, req.base_url()};
  ApiReply reply = dispatch_operation(ctx);
  app.state_changed();
  if (app.journal.enabled()) {  // a pay's paymentId and a refund's refundId are in the answer
    const auto text_of = [&](std::string_view name) -> std::string {
      const state::FieldValue* v = state::find(reply.fields, name);
      const std::string* s = v ? std::get_if<std::string>(&v->value) : nullptr;
      return s ? *s : std::string{};
    };
    if (ex.payment_id.empty()) ex.payment_id = text_of("paymentId");
    if (ex.refund_id.empty()) ex.refund_id = text_of("refundId");
  }
  RawResponse response = apply_fault(answer(ex, reply.result, reply.fields, plan.http_fault), plan);
  // Scenario fault BEFORE_RESPONSE: the notification reaches the merchant before this answer.
  if (plan.directive.notification_faults.before_response && app.notifier)
    response.wait_before_acting = [notifier = app.notifier.get(), client_id = merchant->client_id,
                                   timeout = merchant->notify_timeout](auto ready) {
      notifier->after_before_response(client_id, timeout.value_or(notifier->settings().attempt_timeout),
                                      [ready = std::move(ready)](bool) { ready(); });
    };
  return response;
}

// The journal's record of the exchange: built here, outside the journal's lock, and moved in. The
// entry may be a reused one, so every member is set; the size check makes a new member come here.
static_assert(sizeof(JournalEntry) == 976, "JournalEntry changed: set the new member in journal_exchange");
void journal_exchange(Exchange& ex, const RawResponse& res, std::chrono::microseconds took,
                      std::chrono::system_clock::time_point received_wall) {
  // Cut at a character boundary, so a UTF-8 body stays UTF-8.
  const auto capped = [](std::string& out, const std::string& body) { out.assign(utf8_prefix(body, RequestJournal::kMaxStoredBody)); };
  auto e = ex.app.journal.blank_entry();
  e->merchant = std::move(ex.merchant_id);
  e->client_id = ex.client_id;
  e->received = ex.now;
  e->received_wall = received_wall;
  e->method = ex.req.method;
  e->path = ex.req.target;
  e->request_headers = ex.req.headers;
  capped(e->request_body, ex.req.body);
  e->request_body_length = ex.req.body.size();
  e->request_body_too_large = ex.req.body_too_large;
  e->operation = ex.op ? ex.op->name : std::string_view{};
  e->verification = ex.verification;
  e->diagnosis = std::move(ex.diagnosis);
  e->validation = ex.verification != JournalStep::Failed && ex.verification != JournalStep::NotReached &&
                          ex.validation == JournalStep::NotReached
                      ? JournalStep::Failed
                      : ex.validation;
  e->refusal = e->verification == JournalStep::Failed || e->validation == JournalStep::Failed ? std::move(ex.refusal) : std::string{};
  e->scenario = std::move(ex.scenario);
  e->scenario_via = std::move(ex.scenario_via);
  e->rule = std::move(ex.rule);
  e->http_fault = ex.http_fault;
  e->action = res.action;
  e->delay = res.delay;
  e->stall = res.stall;
  e->status = res.status;
  e->response_headers = res.headers;
  capped(e->response_body, res.body);
  e->response_body_length = res.body.size();
  e->result_code = res.log_code;
  e->result_status = ex.answered && state::to_string(*ex.answered) == res.log_code
                         ? std::optional(state::status_of(*ex.answered))
                         : std::nullopt;
  e->payment_request_id = std::move(ex.payment_request_id);
  e->payment_id = std::move(ex.payment_id);
  e->refund_request_id = std::move(ex.refund_request_id);
  e->refund_id = std::move(ex.refund_id);
  e->micros = took.count();
  ex.app.journal.add(std::move(e));
}

}  // namespace

RawResponse handle_api_request(App& app, const RawRequest& req) {
  const auto started = std::chrono::steady_clock::now();
  const auto received_wall = app.journal.enabled() ? std::chrono::system_clock::now() : std::chrono::system_clock::time_point{};
  const std::string* client_header = find_header(req.headers, "client-id");
  const std::string client_id = client_header ? *client_header : std::string{};
  Exchange ex(app, req, req.signed_path(), client_id, app.world.now(client_id));  // the merchant's own clock, if it has one
  RawResponse res = handle_exchange(ex);
  if (ex.op) res.log_operation = ex.op->name;
  res.log_fields = std::move(ex.log_fields);
  const auto took = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
  app.metrics.record_request(ex.op ? std::optional<Operation>(ex.op->op) : std::nullopt, ex.answered, took);
  if (app.journal.enabled()) journal_exchange(ex, res, took, received_wall);
  return res;
}

}  // namespace antom::server
