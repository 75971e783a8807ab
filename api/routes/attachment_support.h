#pragma once
// What the message routes and the attachment routes share: a message body's
// "attachments" (upload ids), the command that carries their files, and the
// attachment routes' table entries (attachment_download.cc).

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/http/json_body.h"
#include "api/routes/app.h"

namespace ticketd::api {

// The upload ids of a message body's "attachments" (absent: none). Too many
// is a field error of `body`.
std::vector<std::string> attachment_ids(JsonBody& body);

// Who an upload is of, as its record keeps it: the caller (caller_key),
// hashed into one line.
std::string uploader_of(const domain::Actor& actor);

// Runs `request` (its PostMessage, OpenTicket or reply) with the files of
// the uploads `ids`: claims them for the caller on the attachments' pool,
// refuses (422 naming attachments[i]) files of another tenant than the
// ticket's, and takes the claims back when the command is refused.
// Without ids it is App::run_command.
void run_with_attachments(App& app, std::shared_ptr<Exchange> exchange,
                          std::vector<std::string> ids, CommandRequest request,
                          std::string_view location_prefix);

// The routes: POST /v1/attachments and /admin/v1/attachments with `upload`
// (attachment_routes.cc), and the downloads.
using UploadHandler = std::function<void(std::shared_ptr<Exchange>, Audience)>;
void add_attachment_upload_routes(Router& router, App& app, UploadHandler upload);
void add_attachment_download_routes(Router& router, App& app);

}  // namespace ticketd::api
