#include "domain/permissions.h"

#include <variant>

#include "domain/validation.h"

namespace ticketd::domain {
namespace {

bool is_worker(Role r) { return works_tickets(r); }

std::string_view denial(const OpenTicket& c, const Actor& a) {
  if (is_worker(a.role)) return {};
  if (!is_customer(a.role)) return "only customers and agents open tickets";
  if (c.tenant != a.tenant) return "customers open tickets in their own tenant only";
  if (a.role == Role::kCustomer && !acts_as(c.requester, a)) {
    return "a customer opens tickets for themselves only";
  }
  if (c.assignee) return "customers cannot assign tickets";
  return {};
}

std::string_view denial(const PostMessage& c, const Actor& a) {
  if (is_worker(a.role)) return {};
  if (!is_customer(a.role)) return "the system does not post messages";
  if (c.internal) return "customers cannot post internal notes";
  return {};
}

std::string_view denial(const ChangeStatus& c, const Actor& a) {
  if (is_worker(a.role)) return {};
  if (!is_customer(a.role)) return "the system changes status only by auto-close";
  if (c.status != Status::kClosed) return "customers may only close a resolved ticket";
  if (c.note) return "customers cannot add internal notes";
  return {};
}

std::string_view denial(const RateSatisfaction&, const Actor& a) {
  return is_customer(a.role) ? std::string_view{} : "only customers rate their tickets";
}

std::string_view worker_or_system(const Actor& a) {
  return is_worker(a.role) || a.role == Role::kSystem ? std::string_view{}
                                                      : "only agents may do this";
}
std::string_view denial(const Assign&, const Actor& a) { return worker_or_system(a); }
std::string_view denial(const Escalate&, const Actor& a) { return worker_or_system(a); }

std::string_view system_only(const Actor& a) {
  return a.role == Role::kSystem ? std::string_view{} : "only the system records this";
}
std::string_view denial(const RecordSlaWarning&, const Actor& a) { return system_only(a); }
std::string_view denial(const RecordSlaBreach&, const Actor& a) { return system_only(a); }
std::string_view denial(const AutoClose&, const Actor& a) { return system_only(a); }

// Unassign, ChangePriority, ChangeCategory, Tag, Merge, ReceiveMerge.
template <class C>
std::string_view denial(const C&, const Actor& a) {
  return is_worker(a.role) ? std::string_view{} : "only agents may do this";
}

}  // namespace

std::string_view role_denial(const Command& command, const Actor& actor) {
  return std::visit([&](const auto& c) { return denial(c, actor); }, command);
}

bool acts_as(const Requester& requester, const Actor& actor) {
  return same_email(requester.email, actor.email) &&
         (requester.id.empty() || requester.id == actor.id);
}

}  // namespace ticketd::domain
