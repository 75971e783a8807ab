#pragma once
// The named schemas of /openapi.json (components/schemas): the shapes
// ticketd answers with, shared by every operation that answers them.

#include <span>
#include <string_view>

#include "domain/json_writer.h"

namespace ticketd::api {

struct SchemaDoc {
  std::string_view name;
  std::string_view schema;  // JSON Schema (raw JSON)
};

// Every named schema but Problem and EventType, which are generated.
std::span<const SchemaDoc> schema_docs();

// Problem (RFC 9457) with every wire code of the error table as its
// `code` enum.
void write_problem_schema(domain::JsonWriter& w);
// EventType: each event type as a constant with its meaning.
void write_event_type_schema(domain::JsonWriter& w);

}  // namespace ticketd::api
