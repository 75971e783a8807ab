// GET /admin/v1/events/stream: the log as Server-Sent Events. Each envelope
// is sent once, in log order, as "id: <position>", "event: <type>" and
// "data: <envelope JSON>"; a client resumes with Last-Event-ID (or
// ?after=). New events are pushed as soon as they are durable (the store's
// subscription wakes the stream); a comment line every 15 s keeps idle
// proxies open and finds dead clients.
//
// The caller's credential is checked again before every batch and every
// keep-alive: a revoked token (or one whose holder lost the role) ends the
// stream. A revocation is itself an event in the log, so it wakes every
// stream, and the directory forgets the token before the event is durable:
// no event after the revocation reaches the revoked caller. A change of
// the holder's role or scope ends the stream too.
//
// A scoped caller (an agent or tenant_admin of some tenants) is sent its
// tenants' ticket events only (envelope_visible_to): the rest of the log is
// read and passed over, a batch at a time, yielding the strand between
// batches.
//
// GET /v1/events/stream is the customers' stream: for each change of a
// ticket they may see (as GET /v1/tickets/{id} would show it), a small
// notice of which ticket changed, never the event's data, and nothing for
// an internal note. The portal then reads the ticket through the REST
// routes, which filter it as always.

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <iostream>
#include <map>
#include <mutex>

#include "api/http/problem.h"
#include "api/routes/app.h"
#include "api/routes/route_docs.h"
#include "codec/envelope_codec.h"
#include "domain/decide.h"

namespace ticketd::api {
namespace {

constexpr std::size_t kBatch = 256;
constexpr auto kKeepAlive = std::chrono::seconds(15);

// A failure after the answer's head was sent has no answer to go in: one
// JSON line on stderr, as the access log writes.
void log_failure(std::string_view message) {
  std::string line;
  domain::JsonWriter w(line);
  w.begin_object();
  w.member("time", std::chrono::time_point_cast<domain::Millis>(std::chrono::system_clock::now()));
  w.member("route", "/admin/v1/events/stream");
  w.member("error", "cannot read the log: " + std::string(message));
  w.end_object();
  line.push_back('\n');
  std::cerr << line << std::flush;
}

// Appends the SSE event of `envelope` that the stream's caller may see to
// `out`; appends nothing for one they may not. Called on the stream's strand.
using RenderEvent = std::function<void(const eventstore::Envelope& envelope, std::string& out)>;

class LogEventStream final : public BodyStream,
                             public std::enable_shared_from_this<LogEventStream> {
 public:
  LogEventStream(const App& app, App::Caller caller, eventstore::EventStore& store,
                 boost::asio::io_context& io, std::uint64_t after, RenderEvent render)
      : app_(app),
        caller_(std::move(caller)),
        render_(std::move(render)),
        store_(store),
        strand_(boost::asio::make_strand(io)),
        timer_(strand_),
        after_(after) {}

  ~LogEventStream() override {
    if (subscribed_) store_.unsubscribe(subscription_);
  }

  void start() {
    std::weak_ptr<LogEventStream> weak = weak_from_this();
    subscription_ = store_.subscribe([weak](std::uint64_t) {
      if (auto self = weak.lock()) {
        boost::asio::post(self->strand_, [self] { self->fill(); });
      }
    });
    subscribed_ = true;
  }

  void next(std::function<void(std::optional<std::string>)> deliver) override {
    boost::asio::post(strand_, [self = shared_from_this(), deliver = std::move(deliver)]() mutable {
      self->pending_ = std::move(deliver);
      self->fill();
      if (self->pending_) self->arm_keep_alive();
    });
  }

  void cancel() override {
    boost::asio::post(strand_, [self = shared_from_this()] {
      self->cancelled_ = true;
      self->timer_.cancel();
      self->fill();
    });
  }

 private:
  // On the strand: answers a pending next() when there is something to send.
  void fill() {
    if (!pending_) return;
    if (cancelled_ || revoked_) return take()(std::nullopt);
    if (!app_.still_authorized(caller_)) return end_revoked();
    if (store_.head() <= after_) return;
    auto envs = store_.read_all(after_, kBatch);
    if (!envs) {  // the store failed: say so, and end the stream (the client resumes)
      log_failure(envs.error().message);
      return take()(std::nullopt);
    }
    if (envs->empty()) return;
    std::string out;
    for (const auto& env : *envs) {
      after_ = env.position;
      render_(env, out);
    }
    if (out.empty()) {
      // Nothing of the caller's in this batch: read on, after whatever else
      // waits on the strand, if the log goes further.
      if (store_.head() > after_) {
        boost::asio::post(strand_, [self = shared_from_this()] { self->fill(); });
      }
      return;
    }
    timer_.cancel();
    take()(std::move(out));
  }

  void arm_keep_alive() {
    timer_.expires_after(kKeepAlive);
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (ec || !self->pending_) return;
      if (!self->app_.still_authorized(self->caller_)) return self->end_revoked();
      self->take()(std::string(": keep-alive\n\n"));
    });
  }

  // Says why in a comment line, then ends the stream at the next call.
  void end_revoked() {
    revoked_ = true;
    timer_.cancel();
    take()(std::string(": credential revoked\n\n"));
  }

  std::function<void(std::optional<std::string>)> take() {
    auto deliver = std::move(pending_);
    pending_ = nullptr;
    return deliver;
  }

  const App& app_;
  const App::Caller caller_;
  const RenderEvent render_;
  eventstore::EventStore& store_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::steady_timer timer_;
  std::uint64_t after_;
  eventstore::SubscriptionId subscription_{};
  bool subscribed_ = false;
  bool cancelled_ = false;                                   // on the strand
  bool revoked_ = false;                                     // on the strand
  std::function<void(std::optional<std::string>)> pending_;  // on the strand
};

// Staff: every envelope of the log they may see, whole.
RenderEvent staff_events(domain::Actor actor) {
  return [actor = std::move(actor)](const eventstore::Envelope& env, std::string& out) {
    if (!envelope_visible_to(env, actor)) return;
    out += "id: " + std::to_string(env.position) + "\nevent: " + env.type + "\ndata: ";
    domain::JsonWriter w(out);
    write_envelope(w, env);
    out += "\n\n";
  };
}

// A customer: which of their tickets changed, but for internal notes.
// Whether they may see a ticket is remembered per stream (a ticket's
// requester and tenant never change), for at most kVisibilityMemo tickets:
// beyond that it starts over, and the states come from the command path's
// cache again.
constexpr std::size_t kVisibilityMemo = 4096;

RenderEvent customer_changes(App& app, domain::Actor actor) {
  auto visible = std::make_shared<std::map<std::string, bool, std::less<>>>();
  return
      [&app, actor = std::move(actor), visible](const eventstore::Envelope& env, std::string& out) {
        if (env.tenant != actor.tenant || !env.stream.starts_with(kTicketStreamPrefix)) return;
        const std::string_view ticket_id =
            std::string_view(env.stream).substr(kTicketStreamPrefix.size());
        auto known = visible->find(ticket_id);
        if (known == visible->end()) {
          if (visible->size() >= kVisibilityMemo) visible->clear();
          auto loaded = app.commands().load_latest(ticket_id);
          const bool may_see = loaded && domain::visible_to((*loaded)->state, actor);
          known = visible->emplace(std::string(ticket_id), may_see).first;
        }
        if (!known->second) return;
        if (env.type == domain::MessagePosted::kType) {
          auto event = codec::to_event(env);
          const auto* posted = event ? std::get_if<domain::MessagePosted>(&event->body) : nullptr;
          if (posted == nullptr || posted->internal) return;  // an internal note, or unreadable
        }
        out += "id: " + std::to_string(env.position) + "\nevent: ticket\ndata: ";
        domain::JsonWriter w(out);
        w.begin_object();
        w.member("ticket_id", ticket_id);
        w.member("type", env.type);
        w.member("version", env.version);
        w.member("position", env.position);
        w.member("occurred_at", domain::Instant(domain::Millis(env.occurred_at_ms)));
        w.end_object();
        out += "\n\n";
      };
}

void stream_events(App& app, std::shared_ptr<Exchange> ex, Audience audience) {
  std::optional<App::Caller> caller = app.authorize_caller(*ex, audience);
  if (!caller) return;
  std::uint64_t after = 0;
  if (!uint_param(*ex, "after", 0, kMaxLogPosition, after)) return;
  // Last-Event-ID (a reconnecting EventSource) wins over ?after=.
  if (const std::string_view last_id = ex->request()["Last-Event-ID"]; !last_id.empty()) {
    const std::optional<std::uint64_t> position = parse_uint(last_id, kMaxLogPosition);
    if (!position) {
      return ex->respond(problem_response(domain::ErrorCode::kValidation,
                                          "Last-Event-ID: must be a log position",
                                          {{"Last-Event-ID", "must be a log position"}}));
    }
    after = *position;
  }
  RenderEvent render = audience == Audience::kCustomer ? customer_changes(app, caller->actor)
                                                       : staff_events(caller->actor);
  auto stream = std::make_shared<LogEventStream>(app, std::move(*caller), app.store(), app.io(),
                                                 after, std::move(render));
  stream->start();
  Response head{http::status::ok, 11};
  head.set(http::field::content_type, "text/event-stream");
  head.set(http::field::cache_control, "no-cache");
  head.set("X-Accel-Buffering", "no");
  ex->respond_stream(std::move(head), std::move(stream));
}

}  // namespace

void add_event_stream_routes(Router& router, App& app) {
  router.add(
      http::verb::get, "/admin/v1/events/stream",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) {
        stream_events(app, std::move(ex), Audience::kStaff);
      },
      with_audience(
          RouteDoc{
              .operation_id = "streamEvents",
              .summary = "The log as Server-Sent Events; resumes from Last-Event-ID",
              .tag = "Events",
              .response_schema =
                  R"({"type":"string","description":"One SSE event per envelope: id is its log position, data the envelope (the Envelope schema) as JSON"})",
              .query = {docs::after()},
              .headers = {"Last-Event-ID"},
              .response_media_type = "text/event-stream"},
          Audience::kStaff));
  router.add(
      http::verb::get, "/v1/events/stream",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) {
        stream_events(app, std::move(ex), Audience::kCustomer);
      },
      with_audience(
          RouteDoc{
              .operation_id = "streamMyTicketChanges",
              .summary = "Which of my tickets changed, live (Server-Sent Events); resumes from "
                         "Last-Event-ID",
              .tag = "Portal",
              .response_schema =
                  R"({"type":"string","description":"One SSE event named ticket per change of a ticket the caller may see (none for internal notes): id is its log position, data {ticket_id, type, version, position, occurred_at} as JSON. Read the ticket itself with getMyTicket"})",
              .query = {docs::after()},
              .headers = {"Last-Event-ID"},
              .response_media_type = "text/event-stream"},
          Audience::kCustomer));
}

}  // namespace ticketd::api
