#include "codec/account_codec.h"

#include <utility>

#include "codec/stored_event.h"
#include "domain/accounts_json.h"

namespace ticketd::codec {
namespace {

// The tenant an account event is about, where it names one.
struct TenantOf {
  std::string operator()(const domain::AccountInvited& e) const { return e.tenant; }
  std::string operator()(const domain::AccountRegistered& e) const { return e.tenant; }
  std::string operator()(const domain::AccountRoleChanged& e) const { return e.tenant; }
  std::string operator()(const domain::SignInFailed& e) const { return e.tenant; }
  std::string operator()(const domain::SignInLocked& e) const { return e.tenant; }
  std::string operator()(const domain::SignInLinkSent& e) const { return e.tenant; }
  std::string operator()(const auto&) const { return ""; }
};

}  // namespace

domain::Result<domain::AccountEvent> to_account_event(const eventstore::Envelope& envelope) {
  return stored(envelope, domain::decode_account_event_data(envelope.type, envelope.data));
}

domain::Result<domain::SignInEvent> to_sign_in_event(const eventstore::Envelope& envelope) {
  return stored(envelope, domain::decode_sign_in_event_data(envelope.type, envelope.data));
}

eventstore::NewEvent to_new_event(const domain::AccountEvent& event, std::string event_id) {
  return new_event(event.meta, domain::account_event_type(event.body),
                   std::visit(TenantOf{}, event.body),
                   domain::encode_account_event_data(event.body), std::move(event_id));
}

eventstore::NewEvent to_new_event(const domain::SignInEvent& event, std::string event_id) {
  return new_event(event.meta, domain::sign_in_event_type(event.body),
                   std::visit(TenantOf{}, event.body),
                   domain::encode_sign_in_event_data(event.body), std::move(event_id));
}

}  // namespace ticketd::codec
