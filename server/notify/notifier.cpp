#include "server/notify/notifier.hpp"

#include <malloc.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <condition_variable>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include "server/app.hpp"
#include "server/log.hpp"
#include "server/notify/http_client.hpp"
#include "server/notify/notification_message.hpp"
#include "server/protocol/utf8.hpp"
#include "server/report_desk.hpp"
#include "state/retention.hpp"
#include "state/tick.hpp"

namespace antom::server {
namespace {

namespace asio = boost::asio;
constexpr std::size_t kJournaledBodyBytes = 4096;
// Passes run at most this often. Under load every API request says state changed; without a gap
// each one would cost a cross-thread wake-up and a pass over every merchant.
constexpr auto kMinPumpGap = std::chrono::milliseconds(10);
// Records expired in one pass (journal entries, payments, refunds, declarations) beyond which
// freed heap is given back to the system.
constexpr std::size_t kTrimAfterExpired = 1000;
constexpr std::string_view kNoUrl = "no notification URL: none in the request and no default for the merchant";

}  // namespace

struct Notifier::Impl : std::enable_shared_from_this<Impl> {
  Impl(App& a, NotifierSettings s)
      : app(a),
        settings(s),
        timer(ioc),
        debounce(ioc),
        client(ioc, ClientLimits{s.attempt_timeout, s.connections_per_host, 64 * 1024, s.targets}),
        schedules(parse_schedule(a.options.notification_schedule).value_or(production_schedule())) {}

  App& app;
  NotifierSettings settings;
  asio::io_context ioc;
  asio::steady_timer timer;
  asio::steady_timer debounce;
  std::chrono::steady_clock::time_point last_pump{};
  NotifyHttpClient client;
  ScheduleBook schedules;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::thread thread;

  std::atomic<bool> wake_pending{false};
  std::atomic<std::uint64_t> wake_gen{0};
  std::atomic<std::size_t> in_flight{0};
  std::atomic<bool> accepting{true};
  std::atomic<bool> running{false};
  std::atomic<std::uint64_t> attempts{0}, delivered{0}, failed{0}, expired{0}, trims{0};
  std::atomic<std::uint64_t> expired_payments{0}, expired_refunds{0}, expired_declarations{0}, expired_authorizations{0};

  void trim_memory() {
    malloc_trim(0);
    ++trims;
  }

  // BEFORE_RESPONSE answers held back until their notifications' first attempts; sender thread only.
  struct Waiter {
    std::string client_id;
    asio::steady_timer deadline;
    std::function<void(bool)> done;  // empty once called
  };
  std::vector<std::shared_ptr<Waiter>> waiters;

  // Flushes waiting until a pass started after they asked finds nothing to do; sender thread only.
  struct IdleWaiter {
    std::uint64_t target;  // the wake generation a pass must have seen
    asio::steady_timer deadline;
    std::function<void(bool)> done;  // empty once called
  };
  std::vector<std::shared_ptr<IdleWaiter>> idle_waiters;

  std::mutex idle_mu;  // shutdown waits on idle_cv for in-flight attempts
  std::condition_variable idle_cv;

  void wake() {
    wake_gen.fetch_add(1);
    if (!wake_pending.exchange(true)) asio::post(ioc, [self = shared_from_this()] { self->pump_soon(); });
  }

  // Runs a pass now, or when kMinPumpGap has passed since the last one; wakes in between coalesce
  // because wake_pending stays set until the pass starts.
  void pump_soon() {
    if (!accepting.load()) {  // shutting down: arming the debounce timer now would keep Impl alive
      wake_pending.store(false);
      return;
    }
    const auto since = std::chrono::steady_clock::now() - last_pump;
    if (since >= kMinPumpGap) return pump();
    debounce.expires_after(kMinPumpGap - since);
    debounce.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec) self->pump();
      else self->wake_pending.store(false);
    });
  }

  void mark_idle(std::uint64_t gen) {
    for (const auto& w : std::vector(idle_waiters))
      if (w->target <= gen) release_idle(*w, true);
  }

  void add_idle_waiter(std::uint64_t target, std::chrono::milliseconds timeout, std::function<void(bool)> done) {
    if (!accepting.load()) return done(false);
    auto w = std::make_shared<IdleWaiter>(IdleWaiter{target, asio::steady_timer(ioc), std::move(done)});
    idle_waiters.push_back(w);
    w->deadline.expires_after(timeout);
    w->deadline.async_wait([self = shared_from_this(), w](const boost::system::error_code& ec) {
      if (!ec) self->release_idle(*w, false);
    });
  }

  void release_idle(IdleWaiter& w, bool idle) {
    if (!w.done) return;
    auto done = std::exchange(w.done, nullptr);
    w.deadline.cancel();
    std::erase_if(idle_waiters, [&](const auto& p) { return p.get() == &w; });
    done(idle);
  }

  // One pass: run time-driven transitions, take what is due, send it, and arm the timer.
  void pump() {
    wake_pending.store(false);
    last_pump = std::chrono::steady_clock::now();
    const std::uint64_t gen = wake_gen.load();
    if (!accepting.load()) return;
    std::vector<std::pair<std::string, state::DueAttempt>> batch;
    std::optional<state::Millis> next_wait;  // until the earliest due attempt, in real time
    bool room_left = true;
    std::size_t journaled = 0;
    std::size_t expired_now = 0;
    state::ExpiredRecords records_expired;
    const auto retention = std::chrono::days(app.options.retention_days);
    for (const auto& client_id : app.world.client_ids()) {
      const std::size_t used = in_flight.load() + batch.size();
      const std::size_t room = used < settings.max_in_flight ? settings.max_in_flight - used : 0;
      // Without a default URL, notifications without their own have nowhere to go: their attempts
      // are journaled in place, under the lock taken anyway, instead of copied out and back in.
      const auto merchant = app.merchants.find(client_id);
      // Reconciliation files on the clock: after the door settled what was due, before retention
      // below may drop the records they list (server/report_desk.hpp).
      if (merchant) (void)produce_reports(app, *merchant, ProduceMode::Due);
      const bool has_default_url = merchant && !merchant->notify_url.empty();
      const auto schedule =
          has_default_url ? RetrySchedule{} : schedules.for_merchant(client_id, merchant ? merchant->notification_schedule : "");
      // Each merchant on its own clock (scoped worlds), or the shared one.
      const auto clock = app.world.clock_for(client_id);
      const state::TimePoint now = clock->now();
      const std::string request_time = state::format_iso8601(now);
      const auto wallets = app.world.wallets(client_id);  // its own table, if it has one
      app.world.with_merchant(client_id, [&](state::MerchantState& m) {
        // with_merchant has brought the merchant up to `now` (the one door for time).
        if (retention.count() > 0 && now - state::kClockMin > retention) {
          expired_now += m.outbox.expire_finished_before(now - retention);
          records_expired += state::expire_finished_before(m, *wallets, now - retention);
        }
        if (room > 0) {
          state::Unsendable unsendable{kNoUrl, schedule.retry_intervals};
          for (auto& d : m.outbox.take_due(now, room, request_time, has_default_url ? nullptr : &unsendable))
            batch.emplace_back(client_id, std::move(d));
          if (unsendable.journaled > 0) m.outbox.evict_finished_beyond(settings.journal_cap);
          journaled += unsendable.journaled;
        }
        // A running clock reaches a due time by itself; a frozen one only moves through
        // /_sim/clock, which wakes us. Something already due but not taken (held by REORDER, or no
        // room) waits for a completion or the poll, never a busy loop.
        if (auto next = m.outbox.next_due(); next && *next > now && !clock->frozen())
          if (!next_wait || *next - now < *next_wait) next_wait = *next - now;
      });
      if (room == 0) room_left = false;
    }
    attempts += journaled;
    failed += journaled;
    if (journaled > 0) app.metrics.record_attempt(AttemptOutcome::NoUrl, journaled);
    expired += expired_now;
    expired_payments += records_expired.payments;
    expired_refunds += records_expired.refunds;
    expired_declarations += records_expired.declarations;
    expired_authorizations += records_expired.authorizations;
    if (expired_now + records_expired.total() >= kTrimAfterExpired) trim_memory();  // a large drain: give the pages back
    for (auto& [client_id, due] : batch) dispatch(client_id, std::move(due));
    if (batch.empty() && journaled == 0 && room_left && in_flight.load() == 0) mark_idle(gen);
    if (journaled > 0) {
      if (accepting.load()) wake();  // a retry due at once (production's first gap is 0 s) goes in the next pass
    }
    arm_timer(next_wait);
    release_waiters();
  }

  // True while a BEFORE_RESPONSE notification of the merchant has not had its first attempt.
  bool before_response_pending(const std::string& client_id) {
    return app.world.with_merchant(client_id, [](state::MerchantState& m) {
      bool any = false;
      m.outbox.for_each([&](const state::OutboxRecord& r) {
        any = any || (r.faults.before_response && r.attempts.empty() &&
                      (r.state == state::DeliveryState::Pending || r.state == state::DeliveryState::InFlight));
      });
      return any;
    });
  }

  void add_waiter(const std::string& client_id, std::chrono::milliseconds timeout, std::function<void(bool)> done) {
    const bool pending = before_response_pending(client_id);
    if (!pending || !accepting.load()) return done(!pending);
    auto w = std::make_shared<Waiter>(Waiter{client_id, asio::steady_timer(ioc), std::move(done)});
    waiters.push_back(w);
    w->deadline.expires_after(timeout);
    w->deadline.async_wait([self = shared_from_this(), w](const boost::system::error_code& ec) {
      if (!ec) self->release(*w, false);
    });
    wake();
  }

  void release(Waiter& w, bool delivered) {
    if (!w.done) return;
    auto done = std::exchange(w.done, nullptr);
    w.deadline.cancel();
    std::erase_if(waiters, [&](const auto& p) { return p.get() == &w; });
    done(delivered);
  }

  // After attempts were made: answers whose notifications have had theirs are written now.
  void release_waiters() {
    for (const auto& w : std::vector(waiters))
      if (!before_response_pending(w->client_id)) release(*w, true);
  }

  void arm_timer(std::optional<state::Millis> next_wait) {
    auto wait = settings.idle_poll;
    if (next_wait) wait = std::clamp(*next_wait, state::Millis(1), settings.idle_poll);
    timer.expires_after(wait);
    timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec) self->wake();
    });
  }

  void dispatch(const std::string& client_id, state::DueAttempt due) {
    auto merchant = app.merchants.find(client_id);
    const std::string url_text = !due.url.empty() ? due.url : (merchant ? merchant->notify_url : std::string{});
    const auto url = parse_notify_url(url_text);
    ++in_flight;
    ++attempts;
    if (!url) {
      HttpOutcome o;
      o.error = url_text.empty() ? std::string(kNoUrl) : "invalid notification URL: " + url_text;
      return finish(client_id, std::move(due), url_text, {}, {}, o);  // nothing to send: journaled at once
    }
    auto message = build_notification(due, *url, client_id, app.keys.antom_private, app.keys.key_version);
    if (merchant && merchant->notify_timeout) message.timeout = *merchant->notify_timeout;
    Headers journaled = message.headers;
    journaled.insert(journaled.begin(), {"host", url->host_header()});
    std::string signature = message.signature;
    client.post(std::move(message), [self = shared_from_this(), client_id, due = std::move(due), url_text,
                                     journaled = std::move(journaled),
                                     signature = std::move(signature)](HttpOutcome o) mutable {
      self->finish(client_id, std::move(due), url_text, std::move(journaled), signature, o);
    });
  }

  void finish(const std::string& client_id, state::DueAttempt due, const std::string& url, Headers headers,
              const std::string& signature, HttpOutcome& o) {
    state::DeliveryAttempt a;
    a.scheduled_at = due.scheduled_at;
    a.sent_at = app.world.now(client_id);
    a.url = url;
    a.request_headers = std::move(headers);
    a.http_status = o.status;
    // Kept as text: the endpoint may answer in any encoding (a Latin-1 error page), and the journal
    // is JSON, in GET /_sim/notifications and in snapshot documents alike.
    a.response_body = to_valid_utf8(utf8_prefix(o.body, kJournaledBodyBytes));
    a.latency_us = o.latency_us;
    if (o.error.empty()) {
      auto verdict = judge_acknowledgement(o.status, o.body);
      a.acknowledged = verdict.acknowledged;
      a.error = std::move(verdict.reason);
    } else {
      a.error = o.error;  // o.error still classifies the outcome below
    }
    const AttemptOutcome outcome = classify_attempt(o.error, a.acknowledged);
    app.metrics.record_attempt(outcome);
    const int number_status = a.http_status;
    const std::string error = a.error;
    const std::int64_t latency_us = a.latency_us;
    if (a.acknowledged)
      ++delivered;
    else
      ++failed;
    auto merchant = app.merchants.find(client_id);
    const auto schedule = schedules.for_merchant(client_id, merchant ? merchant->notification_schedule : "");
    int number = due.number;
    std::optional<state::TimePoint> next_attempt;
    app.world.with_merchant(client_id, [&](state::MerchantState& m) {
      m.outbox.finish_attempt(due.record_id, std::move(a), schedule.retry_intervals, signature);
      if (const state::OutboxRecord* r = m.outbox.find(due.record_id); r && !r->attempts.empty()) {
        number = r->attempts.back().number;
        if (r->state == state::DeliveryState::Pending) next_attempt = r->next_attempt_at;
      }
      m.outbox.evict_finished_beyond(settings.journal_cap);
    });
    if (log_enabled())  // outside the merchant's lock
      log_attempt(AttemptLogLine{due.record_id, client_id, due.notify_type, number, url, to_string(outcome), number_status,
                                 error, latency_us, next_attempt ? state::format_iso8601(*next_attempt) : std::string{}});
    --in_flight;
    release_waiters();
    if (accepting.load()) wake();
    idle_cv.notify_all();  // shutdown waits for attempts
  }

  std::size_t undelivered() {
    std::size_t n = 0;
    for (const auto& id : app.world.client_ids())
      n += app.world.with_merchant(id, [](state::MerchantState& m) { return m.outbox.undelivered(); });
    return n;
  }
};

Notifier::Notifier(App& app, NotifierSettings settings) : impl_(std::make_shared<Impl>(app, settings)) {}

Notifier::~Notifier() {
  if (impl_->running.load()) (void)shutdown(std::chrono::milliseconds(0));
}

void Notifier::start() {
  if (impl_->running.exchange(true)) return;
  impl_->work.emplace(impl_->ioc.get_executor());
  impl_->thread = std::thread([impl = impl_] { impl->ioc.run(); });
  impl_->wake();
}

void Notifier::wake() {
  if (impl_->running.load()) impl_->wake();
}

void Notifier::trim_memory_soon() {
  if (impl_->running.load()) asio::post(impl_->ioc, [impl = impl_] { impl->trim_memory(); });
}

std::size_t Notifier::shutdown(std::chrono::milliseconds grace) {
  auto& d = *impl_;
  if (d.running.exchange(false)) {
    d.accepting.store(false);
    asio::post(d.ioc, [impl = impl_] {
      impl->timer.cancel();
      impl->debounce.cancel();
    });
    {
      std::unique_lock lock(d.idle_mu);
      d.idle_cv.wait_for(lock, grace, [&] { return d.in_flight.load() == 0; });
    }
    // Whatever is still in flight is aborted; its attempt is journaled as failed ("shutdown: ...")
    // and the notification stays pending with its next attempt scheduled.
    asio::post(d.ioc, [impl = impl_] {
      impl->client.cancel_all();
      for (const auto& w : std::vector(impl->waiters)) impl->release(*w, false);  // answers are written now
      for (const auto& w : std::vector(impl->idle_waiters)) impl->release_idle(*w, false);
    });
    {
      std::unique_lock lock(d.idle_mu);
      d.idle_cv.wait_for(lock, std::chrono::seconds(2), [&] { return d.in_flight.load() == 0; });
    }
    d.work.reset();
    d.ioc.stop();
    if (d.thread.joinable()) d.thread.join();
    // Run what is left queued (cancelled timers, stale wake-ups) so no handler keeps Impl alive.
    d.ioc.restart();
    d.ioc.poll();
  }
  return d.undelivered();
}

void Notifier::when_idle(std::chrono::milliseconds timeout, std::function<void(bool)> done) {
  auto& d = *impl_;
  if (!d.running.load() || !d.accepting.load()) return done(false);
  // Idle means a pass that began after this call found nothing to do: its wake comes after the
  // waiter is registered (posts run in order on the sender's one thread).
  const std::uint64_t target = d.wake_gen.load() + 1;
  asio::post(d.ioc, [impl = impl_, target, timeout, done = std::move(done)]() mutable {
    impl->add_idle_waiter(target, timeout, std::move(done));
  });
  d.wake();
}

bool Notifier::wait_idle(std::chrono::milliseconds timeout) {
  auto idle = std::make_shared<std::promise<bool>>();
  auto answer = idle->get_future();
  when_idle(timeout, [idle](bool ok) { idle->set_value(ok); });
  // Shutdown answers every waiter; the margin only guards against a sender that never runs.
  return answer.wait_for(timeout + std::chrono::seconds(5)) == std::future_status::ready && answer.get();
}

void Notifier::after_before_response(const std::string& client_id, std::chrono::milliseconds timeout,
                                     std::function<void(bool)> done) {
  if (!impl_->running.load() || !impl_->accepting.load()) return done(!impl_->before_response_pending(client_id));
  asio::post(impl_->ioc, [impl = impl_, client_id, timeout, done = std::move(done)]() mutable {
    impl->add_waiter(client_id, timeout, std::move(done));
  });
}

ScheduleBook& Notifier::schedules() { return impl_->schedules; }

NotifierStats Notifier::stats() const {
  NotifierStats s;
  s.attempts = impl_->attempts.load();
  s.delivered = impl_->delivered.load();
  s.failed_attempts = impl_->failed.load();
  s.expired = impl_->expired.load();
  s.expired_payments = impl_->expired_payments.load();
  s.expired_refunds = impl_->expired_refunds.load();
  s.expired_declarations = impl_->expired_declarations.load();
  s.expired_authorizations = impl_->expired_authorizations.load();
  s.trims = impl_->trims.load();
  s.in_flight = impl_->in_flight.load();
  s.running = impl_->running.load();
  return s;
}

const NotifierSettings& Notifier::settings() const { return impl_->settings; }

}  // namespace antom::server
