// Inbound email (admin; called by the mail gateway): POST
// /admin/v1/inbound/email with a raw RFC 822 message. A reply to a ticket
// (found by In-Reply-To/References, else the plus address it was sent to,
// "support+acme-42@...", else "[acme-42]" in the subject)
// becomes the requester's reply; any other message opens a ticket for the
// tenant of the address it was sent to ("support+acme@..." or
// "acme@..."). Only the ticket's requester, or for a new ticket a customer
// of that tenant, may write; anyone else is refused (403). The mail's files
// become the message's attachments. A reply whose sender the trusted
// receiving server could not verify is held (an internal note an agent may
// accept as the requester's reply), or opens a ticket of its own.

#include "api/notifications/inbound_email.h"

#include <boost/asio/post.hpp>
#include <cctype>

#include "api/commands/attachments.h"
#include "api/commands/ids.h"
#include "api/notifications/mail_message.h"
#include "api/routes/attachment_support.h"
#include "api/routes/command_support.h"
#include "api/routes/route_docs.h"
#include "domain/commands.h"
#include "domain/validation.h"

namespace ticketd::api {
namespace {

constexpr std::string_view kLocation = "/v1/tickets/";

bool same_address(std::string_view a, std::string_view b) { return address_of(a) == address_of(b); }

void refuse(Exchange& ex, std::string_view detail) {
  ex.respond(problem_response(domain::ErrorCode::kSenderNotRequester, detail));
}

// The mail's files stored as uploads of `uploader` in `tenant`, through the
// limits every upload has (size, the tenant's types and quota, the count of
// a message). A file refused is not the mail refused: the message keeps its
// words and says, on a line of its own, which file was left out and why.
struct MailFiles {
  std::vector<std::string> ids;
  std::string left_out;  // "[Not attached: ...]" lines, each ending in '\n'
};

domain::Result<MailFiles> store_files(App& app, const InboundEmail& mail, const std::string& tenant,
                                      const std::string& uploader, const std::string& id_prefix) {
  MailFiles out;
  if (mail.files.empty()) return out;
  Attachments* files = app.attachments();
  const std::optional<domain::Tenant> t = app.directory().tenant(tenant);
  const std::vector<std::string> allowed =
      t ? t->settings.attachment_types : std::vector<std::string>{};
  for (std::size_t i = 0; i < mail.files.size(); ++i) {
    const InboundFile& file = mail.files[i];
    std::string reason;
    if (files == nullptr) {
      reason = "files are not kept on this server";
    } else if (out.ids.size() == domain::kMaxAttachmentsPerMessage) {
      reason =
          "a message holds at most " + std::to_string(domain::kMaxAttachmentsPerMessage) + " files";
    } else {
      Upload draft;
      // Derived: the gateway's retry of this mail finds the same uploads.
      draft.file.id = "att_" + sha256_hex(id_prefix + "/file/" + std::to_string(i)).substr(0, 24);
      draft.file.name = file.name;
      draft.tenant = tenant;
      draft.uploader = uploader;
      auto stored = files->store(file.content, std::move(draft), allowed, app.now());
      if (stored) {
        out.ids.push_back(stored->file.id);
        continue;
      }
      if (stored.error().code == domain::ErrorCode::kInternal) return stored.error();
      reason = stored.error().message;
    }
    out.left_out += "[Not attached: " + sanitize_file_name(file.name) + " (" +
                    file_size_words(file.content.size()) + "): " + reason + "]\n";
  }
  return out;
}

// The mail as it came, a blob staff may download (message/rfc822): what the
// text, the files and the folding were read from. None without a blob store.
domain::Result<std::optional<domain::Attachment>> keep_original(App& app, const std::string& raw,
                                                                const std::string& id_prefix) {
  Attachments* files = app.attachments();
  if (files == nullptr) return std::optional<domain::Attachment>{};
  auto stored = files->blobs().put(raw);
  if (!stored) {
    return domain::make_error(domain::ErrorCode::kInternal,
                              "the mail could not be kept: " + stored.error().message);
  }
  // Derived: the gateway's retry of this mail names the same file.
  return std::optional<domain::Attachment>{
      domain::Attachment{"att_" + sha256_hex(id_prefix + "/original").substr(0, 24), "message.eml",
                         stored->size, "message/rfc822", stored->sha256}};
}

// The quoted history below a mail's new words: from where it starts, blank
// lines around it dropped, cut (whole lines) to what a message keeps.
std::string quoted_history(const std::string& text) {
  std::string_view q = std::string_view(text).substr(quoted_history_start(text));
  while (!q.empty() && (q.front() == '\n' || q.front() == '\r')) q.remove_prefix(1);
  while (!q.empty() && std::isspace(static_cast<unsigned char>(q.back()))) q.remove_suffix(1);
  if (q.size() > domain::kMaxQuotedBytes) {
    q = q.substr(0, domain::kMaxQuotedBytes - 8);
    q = q.substr(0, q.rfind('\n') == std::string_view::npos ? 0 : q.rfind('\n'));
    return std::string(q) + "\n[...]";  // the rest is in the original
  }
  return std::string(q);
}

// The note that ends new words cut to fit a message.
constexpr std::string_view kCutNote =
    "\n\n[...] The mail goes on: the whole of it is in its original (message.eml).";

// A message's text cut, when the mail's words are longer than a message may
// hold (domain::kMaxBodyBytes), to whole lines (or, in one long line, to a
// character's start) with kCutNote after them. Only when the original is
// kept: the rest is there, never lost.
std::string fit_message(std::string text) {
  if (text.size() <= domain::kMaxBodyBytes) return text;
  std::size_t keep = domain::kMaxBodyBytes - kCutNote.size();
  const std::size_t line = text.rfind('\n', keep);
  if (line != std::string::npos && line > keep / 2) {
    keep = line;
  } else {
    // Back to the start of a UTF-8 character (the text is valid UTF-8).
    while (keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80) --keep;
  }
  text.resize(keep);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  text += kCutNote;
  return text;
}

// A parsed mail, answered: the requester's reply to the ticket it answers, or
// a new ticket. Blocking (loads tickets, stores files): on the attachments'
// pool.
void receive(App& app, std::shared_ptr<Exchange> ex, const domain::Actor& gateway,
             const std::string& raw) {
  auto mail = parse_inbound_email(raw);
  if (!mail) return ex->fail(mail.error());
  if (!mail->automatic.empty()) {
    // Auto-replies, lists, bounces (and our own notifications bounced back)
    // would reopen tickets, open new ones and loop.
    return ex->respond(
        problem_response(domain::ErrorCode::kAutoSubmitted,
                         "automatic messages are not accepted (" + mail->automatic + ")"));
  }
  // A retried delivery of the same message appends nothing new.
  const std::string fingerprint = sha256_hex(mail->message_id.empty() ? raw : mail->message_id);
  // The gateway redelivering the same message is an idempotent repeat:
  // the first answer, nothing appended (App::run_command's Idempotency-Key).
  ex->request().set("Idempotency-Key", "mail/" + fingerprint.substr(0, 40));
  CommandRequest request;
  request.event_id_prefix = "mail/" + fingerprint.substr(0, 32);  // derives ids below

  // 1. The ticket it answers.
  std::string ticket_id;
  for (const std::string* h : {&mail->in_reply_to, &mail->references}) {
    if (!ticket_id.empty()) break;
    if (auto id = ticket_id_in_message_ids(*h)) ticket_id = *id;
  }
  std::optional<CommandPath::Loaded> ticket;
  // A ticket that cannot be read is a failure, not a reason to open a new
  // one (the reply would land on the wrong ticket).
  if (!ticket_id.empty()) {
    auto loaded = app.commands().load(ticket_id);
    if (!loaded) return ex->fail(loaded.error());
    if (loaded->state.exists) ticket = std::move(*loaded);
  }
  // Else the key of the plus address it was sent to (our mail's Reply-To),
  // else the "[acme-42]" of its subject.
  std::vector<std::string> keys;
  for (const std::string& to : mail->recipients) {
    if (auto key = ticket_key_in_address(to)) keys.push_back(*key);
  }
  if (auto key = ticket_key_in_subject(mail->subject)) keys.push_back(*key);
  for (const std::string& key : keys) {
    if (ticket) break;
    const std::string id = app.resolve_ticket(key);
    if (id.empty()) continue;
    auto loaded = app.commands().load(id);
    if (!loaded) return ex->fail(loaded.error());
    if (loaded->state.exists) ticket = std::move(*loaded);
  }
  // From: is a claim; the receiving server ticketd trusts (if one is set)
  // says whether it holds.
  std::optional<SenderCheck> unverified;
  if (!app.mail_authserv_id().empty()) {
    SenderCheck check = check_sender(mail->authentication_results, app.mail_authserv_id());
    if (!check.verified) unverified = std::move(check);
  }
  std::string tenant;
  if (ticket) {
    const domain::TicketState& t = ticket->state;
    if (!same_address(t.requester.email, mail->from_email)) {
      return refuse(*ex, "the sender is not the requester of " + t.key());
    }
    if (unverified) {
      // Not the requester's until someone checks: held on the ticket as the
      // gateway's internal note, or a ticket of its own (below).
      request.actor = gateway;
    } else if (auto known = app.directory().customer_by_email(t.tenant, mail->from_email)) {
      request.actor = *known;
    } else {
      request.actor =
          domain::Actor{t.requester.id.empty() ? t.requester.email : t.requester.id,
                        domain::Role::kCustomer, t.tenant, t.requester.email, t.requester.name};
    }
    tenant = t.tenant;
  } else {
    // 2. A new ticket for the tenant of the receiving address.
    for (const std::string& to : mail->recipients) {
      for (const std::string& slug : tenant_candidates(to)) {
        if (app.directory().tenant(slug)) {
          tenant = slug;
          break;
        }
      }
      if (!tenant.empty()) break;
    }
    if (tenant.empty()) {
      return ex->respond(problem_response(
          domain::ErrorCode::kUnknownRecipient,
          "no recipient address names a tenant (support+<tenant>@... or <tenant>@...)",
          {{"To", "no recipient address names a tenant"}}));
    }
    auto actor = app.directory().customer_by_email(tenant, mail->from_email);
    if (!actor) return refuse(*ex, "the sender is not a customer of tenant " + tenant);
    request.actor = std::move(*actor);
    if (unverified) request.actor = gateway;
  }
  // The tenant's choice for mail from an unverified sender.
  const std::optional<domain::Tenant> tenant_record = app.directory().tenant(tenant);
  const bool own_ticket =
      unverified && tenant_record &&
      tenant_record->settings.unverified_mail == domain::UnverifiedMail::kOpenTicket;
  if (unverified && !ticket && !own_ticket) {
    return refuse(*ex, "the sender could not be verified (" + unverified->why +
                           "): no ticket is opened in a customer's name from such mail");
  }

  auto files = store_files(app, *mail, tenant, uploader_of(request.actor), request.event_id_prefix);
  if (!files) return ex->fail(files.error());
  // The new words, and below them the quoted history, kept (not cut) for
  // the screens to fold.
  std::string full;  // with LF line ends, as messages have them
  full.reserve(mail->text.size());
  for (std::size_t i = 0; i < mail->text.size(); ++i) {
    if (mail->text[i] != '\r' || i + 1 >= mail->text.size() || mail->text[i + 1] != '\n')
      full.push_back(mail->text[i]);
  }
  std::string text = strip_quoted_history(full);
  const std::string quoted = quoted_history(full);
  if (!files->left_out.empty()) {
    text += (text.empty() ? "" : "\n\n") + files->left_out;
    text.pop_back();
  }
  if (text.empty() && files->ids.empty()) {
    return ex->respond(problem_response(domain::ErrorCode::kValidation,
                                        "the message has no text above its quoted history",
                                        {{"body", "is empty once quoted history is removed"}}));
  }
  auto original = keep_original(app, raw, request.event_id_prefix);
  if (!original) return ex->fail(original.error());
  const std::string claimed =
      mail->from_name.empty() ? mail->from_email : mail->from_name + " <" + mail->from_email + ">";
  if (ticket && !own_ticket) {
    domain::PostMessage post;
    post.message_id = "m" + sha256_hex(request.event_id_prefix + "/message").substr(0, 20);
    post.body = *original ? fit_message(text) : text;
    post.quoted = quoted;
    post.original = *original;
    if (unverified) {
      // An internal note until an agent accepts it as the requester's reply.
      post.internal = true;
      post.held = domain::HeldMail{mail->from_email, mail->from_name, unverified->why, {}};
    }
    request.ticket_id = ticket->state.id;
    request.command = std::move(post);
  } else {
    domain::OpenTicket open;
    open.ticket_id = "t" + sha256_hex(request.event_id_prefix + "/ticket").substr(0, 20);
    open.first_message_id = "m" + sha256_hex(request.event_id_prefix + "/message").substr(0, 20);
    open.tenant = tenant;
    open.requester = domain::Requester{request.actor.id, request.actor.email, request.actor.name};
    open.subject = clean_subject(mail->subject);
    open.description = text;
    open.quoted = quoted;
    open.original = *original;
    if (own_ticket) {
      // Opened by the gateway for the address, not the customer's account.
      open.requester = domain::Requester{"", mail->from_email, mail->from_name};
      open.description = "Unverified sender: this mail claims to be from " + claimed +
                         " but could not be verified (" + unverified->why + ")" +
                         (ticket ? "; it answers " + ticket->state.key() : "") +
                         ". Check with them before acting on it." +
                         (text.empty() ? "" : "\n\n" + text);
    }
    if (*original) open.description = fit_message(std::move(open.description));
    request.ticket_id = open.ticket_id;
    request.command = std::move(open);
  }
  run_with_attachments(app, std::move(ex), std::move(files->ids), std::move(request), kLocation);
}

// Reads the raw mail, streamed so that its limit is its own
// (--mail-max-bytes) rather than --body-limit, then receives it on the
// attachments' pool (parsing a large mail is no work for a connection's
// thread).
struct MailReader : std::enable_shared_from_this<MailReader> {
  App& app;
  std::shared_ptr<Exchange> ex;
  domain::Actor gateway;  // who posts the mail
  std::shared_ptr<RequestBody> body;
  std::string raw;

  MailReader(App& a, std::shared_ptr<Exchange> e, domain::Actor g)
      : app(a), ex(std::move(e)), gateway(std::move(g)), body(ex->request_body()) {}

  Response too_large() const {
    return problem_response(domain::ErrorCode::kBodyTooLarge,
                            "a mail may be at most " + human_bytes(app.mail_max_bytes()) + " (" +
                                std::to_string(app.mail_max_bytes()) + " bytes)");
  }

  void start() {
    if (auto length = body->content_length()) {
      if (*length > app.mail_max_bytes()) return ex->respond(too_large());
      raw.reserve(static_cast<std::size_t>(*length));
    }
    read_next();
  }

  void read_next() {
    body->read([self = shared_from_this()](const boost::system::error_code& ec,
                                           std::string_view piece,
                                           bool last) { self->on_piece(ec, piece, last); });
  }

  void on_piece(const boost::system::error_code& ec, std::string_view piece, bool last) {
    if (ec) {
      return ex->fail(domain::make_error(
          domain::ErrorCode::kIncompleteBody,
          "the mail ended before its declared length or framing (" + ec.message() + ")"));
    }
    if (raw.size() + piece.size() > app.mail_max_bytes()) return ex->respond(too_large());
    raw.append(piece);
    if (!last) return read_next();
    if (Attachments* files = app.attachments()) {
      return boost::asio::post(files->pool(), [self = shared_from_this()] {
        receive(self->app, self->ex, self->gateway, self->raw);
      });
    }
    receive(app, ex, gateway, raw);
  }
};

void inbound_email(App& app, std::shared_ptr<Exchange> ex) {
  auto gateway = app.authorize(*ex, Audience::kAdmin);
  if (!gateway) return;
  const Request& req = ex->request();
  if (!has_media_type(req, "message/rfc822") && !has_media_type(req, "text/plain") &&
      !has_media_type(req, "application/octet-stream")) {
    return ex->respond(problem_response(domain::ErrorCode::kUnsupportedMediaType,
                                        "the body must be a raw RFC 822 message (message/rfc822)"));
  }
  if (!ex->request_body()) {
    return ex->fail(
        domain::make_error(domain::ErrorCode::kInternal, "the mail's body is not streamed"));
  }
  std::make_shared<MailReader>(app, std::move(ex), std::move(*gateway))->start();
}

}  // namespace

void add_inbound_email_routes(Router& router, App& app) {
  router.add_streaming(
      http::verb::post, "/admin/v1/inbound/email",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) {
        inbound_email(app, std::move(ex));
      },
      with_audience(
          RouteDoc{.operation_id = "receiveEmail",
                   .summary = "Receive an email (raw RFC 822): a requester's reply (200), or a new "
                              "ticket (201)",
                   .tag = "Mail",
                   .request_schema = R"({"type":"string","contentMediaType":"message/rfc822"})",
                   .response_schema = docs::ref("Ticket"),
                   .other_success_status = 201,
                   .errors = {409, 413},
                   .request_media_type = "message/rfc822",
                   .description =
                       "The mail's attachments, inline images and forwarded messages (as .eml) "
                       "become the message's attachments, through the limits of uploads (size, "
                       "the tenant's types and quota, 10 per message). A file refused is not the "
                       "mail refused: the message keeps its text and says on a line of its own "
                       "\"[Not attached: <name> (<size>): <reason>]\". The quoted history below "
                       "the new words is kept as the message's `quoted`, and the mail as it came "
                       "as its `original` (staff download it); new words longer than a message "
                       "may hold (64 KiB) are cut at a line's end with a last line saying the rest "
                       "is in the original (without a blob store, 422 names `body`). Automatic "
                       "mail (auto-replies, lists, bounces) is refused with 422 auto_submitted. "
                       "The raw mail may be at most --mail-max-bytes (64 MiB by default; 413 "
                       "above)."},
          Audience::kAdmin));
}

}  // namespace ticketd::api
