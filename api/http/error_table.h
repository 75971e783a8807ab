#pragma once
// The one mapping from the error set (domain/result.h) to HTTP: each code's
// status, and the title and type of its problem+json answer (API.md,
// Conventions). Every error answer ticketd gives is built from it
// (problem.h), so no route pairs a status with a code by hand.

#include <span>
#include <string>
#include <string_view>

#include "api/http/http_types.h"
#include "domain/result.h"

namespace ticketd::api {

struct ProblemType {
  domain::ErrorCode code;
  http::status status;
  // The problem's "title": the same for every answer of this code (RFC
  // 9457), today the status's reason phrase, as ticketd always answered.
  std::string_view title;
};

// Every code's row, in ErrorCode order (row i is code i).
std::span<const ProblemType> problem_types();

// The row of `code`.
const ProblemType& problem_type(domain::ErrorCode code);

// The HTTP status of `code`.
http::status status_for(domain::ErrorCode code);

// The problem's "type" URI: "https://ticketd.dev/problems/<wire code>".
inline constexpr std::string_view kProblemTypeBase = "https://ticketd.dev/problems/";
std::string problem_type_uri(domain::ErrorCode code);

}  // namespace ticketd::api
