#pragma once
// What one delivery attempt (an SMTP transaction or an HTTP POST) came to.

#include <string>

namespace ticketd::api {

struct DeliveryOutcome {
  bool ok = false;
  // Cancelled by shutdown: no attempt is recorded and the notification
  // stays pending (it is sent again after the restart).
  bool cancelled = false;
  long status = 0;    // last SMTP reply code or HTTP status; 0 if none
  std::string error;  // why it failed; empty when ok
};

}  // namespace ticketd::api
