#pragma once
// The accounts' and sign-ins' events (domain/accounts.h) to and from the
// store's envelopes, as directory_codec.h does for the directory. The
// envelope's tenant is the customer's tenant where the event names one
// (empty for staff and for events that name only an account id).

#include <string>

#include "domain/accounts.h"
#include "domain/result.h"
#include "eventstore/append_request.h"
#include "eventstore/envelope.h"

namespace ticketd::codec {

// kInternal naming the log position when the data does not decode.
domain::Result<domain::AccountEvent> to_account_event(const eventstore::Envelope& envelope);
domain::Result<domain::SignInEvent> to_sign_in_event(const eventstore::Envelope& envelope);

eventstore::NewEvent to_new_event(const domain::AccountEvent& event, std::string event_id);
eventstore::NewEvent to_new_event(const domain::SignInEvent& event, std::string event_id);

}  // namespace ticketd::codec
