#pragma once
// Staff alert preferences (domain/alert_preferences.h): one's own under
// /auth/notifications, and the one-click unsubscribe of a staff alert's
// List-Unsubscribe link, /v1/unsubscribe (api/notifications/
// unsubscribe_token.h). Added by main beside add_all_routes, since they
// need the signing key and the digest period.

#include <chrono>

#include "api/http/router.h"
#include "api/notifications/unsubscribe_token.h"
#include "api/routes/app.h"

namespace ticketd::api {

// `tokens` must outlive the router.
void add_alert_preference_routes(Router& router, App& app, const UnsubscribeTokens& tokens,
                                 std::chrono::milliseconds digest_period);

}  // namespace ticketd::api
