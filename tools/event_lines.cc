#include "tools/event_lines.h"

#include <type_traits>

#include "domain/time_format.h"

namespace ticketd::tools {
namespace {

std::string cut(std::string_view text, std::size_t max = 80) {
  std::string out;
  for (char c : text) {
    if (out.size() >= max) {
      out += "...";
      break;
    }
    out.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  }
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}

std::string target(domain::SlaTargetKind kind) { return std::string(domain::to_string(kind)); }

}  // namespace

std::string describe_event(const domain::EventBody& body) {
  using namespace domain;
  return std::visit(
      [](const auto& e) -> std::string {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, TicketOpened>) {
          std::string s = "opened " + e.tenant + "-" + std::to_string(e.number) + " \"" +
                          cut(e.subject) + "\" for " + e.requester.email + ", " +
                          std::string(to_string(e.priority)) + ", " +
                          std::string(to_string(e.category));
          if (e.assignee) s += ", assigned to " + *e.assignee;
          if (e.follow_up_of) s += ", follow-up of " + *e.follow_up_of;
          return s;
        } else if constexpr (std::is_same_v<T, MessagePosted>) {
          std::string s = std::string(e.internal ? "internal note" : "public reply") + " by " +
                          e.author.name + " (" + e.author.id + "): \"" + cut(e.body) + "\"";
          if (e.held) s += ", held: mail claiming " + e.held->email + ", " + cut(e.held->reason);
          if (!e.accepted_from.empty()) s += ", accepted from held mail " + e.accepted_from;
          return s;
        } else if constexpr (std::is_same_v<T, TicketAssigned>) {
          return "assigned to " + e.assignee;
        } else if constexpr (std::is_same_v<T, TicketUnassigned>) {
          return "unassigned";
        } else if constexpr (std::is_same_v<T, StatusChanged>) {
          std::string s =
              "status " + std::string(to_string(e.from)) + " -> " + std::string(to_string(e.to));
          if (!e.reason.empty()) s += " (" + cut(e.reason) + ")";
          return s;
        } else if constexpr (std::is_same_v<T, PriorityChanged>) {
          return "priority " + std::string(to_string(e.from)) + " -> " +
                 std::string(to_string(e.to));
        } else if constexpr (std::is_same_v<T, CategoryChanged>) {
          return "category " + std::string(to_string(e.from)) + " -> " +
                 std::string(to_string(e.to));
        } else if constexpr (std::is_same_v<T, TicketEscalated>) {
          return "escalated to level " + std::to_string(e.level) +
                 (e.reason.empty() ? "" : ": " + cut(e.reason));
        } else if constexpr (std::is_same_v<T, TagsChanged>) {
          return "tags +[" + join(e.added) + "] -[" + join(e.removed) + "]";
        } else if constexpr (std::is_same_v<T, TicketMerged>) {
          return "merged into " + e.into_key + " (" + e.into_ticket_id + ")";
        } else if constexpr (std::is_same_v<T, MergeReceived>) {
          return "received " + e.from_key + " (" + e.from_ticket_id + ") with " +
                 std::to_string(e.messages.size()) + " messages";
        } else if constexpr (std::is_same_v<T, SatisfactionRated>) {
          return "rated " + std::to_string(e.rating) + "/5" +
                 (e.comment.empty() ? "" : ": \"" + cut(e.comment) + "\"");
        } else if constexpr (std::is_same_v<T, SlaWarning>) {
          return target(e.target) + " target due " + format_instant(e.due_at) + " is close";
        } else if constexpr (std::is_same_v<T, SlaBreached>) {
          return target(e.target) + " target breached (was due " + format_instant(e.due_at) + ")";
        } else {
          return std::string(T::kType);
        }
      },
      body);
}

std::string describe_state(const domain::TicketState& s) {
  using namespace domain;
  if (!s.exists) return "the ticket did not exist yet";
  std::size_t internal = s.messages.size() - std::min(s.messages.size(), s.public_message_count);
  std::string out = s.key() + " \"" + cut(s.subject) + "\": " + std::string(to_string(s.status)) +
                    ", " + std::string(to_string(s.priority)) + ", " +
                    std::string(to_string(s.category)) + ", assignee " +
                    s.assignee.value_or("none") + ", escalation " +
                    std::to_string(s.escalation_level) + ", tags [" + join(s.tags) + "], " +
                    std::to_string(s.messages.size()) + " messages (" + std::to_string(internal) +
                    " internal), version " + std::to_string(s.version);
  if (s.first_response_breached) out += ", first response breached";
  if (s.resolution_breached) out += ", resolution breached";
  if (s.merged_into) out += ", merged into " + *s.merged_into;
  if (s.satisfaction) out += ", rated " + std::to_string(s.satisfaction->rating) + "/5";
  return out;
}

}  // namespace ticketd::tools
