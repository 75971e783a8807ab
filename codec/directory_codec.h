#pragma once
// The directory's and webhooks' events (domain/directory.h,
// domain/webhooks.h) to and from the store's envelopes, as
// envelope_codec.h does for ticket events. Their data is schema version 1
// (domain/directory_json.h); the envelope's tenant is the tenant the event
// is about (empty for agents and revocations), so tenant-filtered readers
// of the log see them where they belong.

#include <string>

#include "domain/directory.h"
#include "domain/result.h"
#include "domain/webhooks.h"
#include "eventstore/append_request.h"
#include "eventstore/envelope.h"

namespace ticketd::codec {

// kInternal naming the log position when the data does not decode.
domain::Result<domain::DirectoryEvent> to_directory_event(const eventstore::Envelope& envelope);
domain::Result<domain::WebhookEvent> to_webhook_event(const eventstore::Envelope& envelope);

eventstore::NewEvent to_new_event(const domain::DirectoryEvent& event, std::string event_id);
eventstore::NewEvent to_new_event(const domain::WebhookEvent& event, std::string event_id);

}  // namespace ticketd::codec
