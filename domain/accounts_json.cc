#include "domain/accounts_json.h"

#include <simdjson.h>

#include <map>
#include <utility>
#include <vector>

#include "domain/json_writer.h"
#include "domain/time_format.h"

namespace ticketd::domain {
namespace {

namespace dom = simdjson::dom;

// An event's data as its string members and, for role events, its scope.
struct Fields {
  std::map<std::string, std::string, std::less<>> strings;
  std::vector<std::string> scope;
  bool has_scope = false;

  const std::string& get(std::string_view key) const {
    static const std::string kEmpty;
    auto it = strings.find(key);
    return it == strings.end() ? kEmpty : it->second;
  }
};

std::string encode(std::initializer_list<std::pair<std::string_view, std::string_view>> members,
                   const std::vector<std::string>* scope = nullptr) {
  std::string data;
  JsonWriter w(data);
  w.begin_object();
  for (const auto& [key, value] : members) w.member(key, value);
  if (scope != nullptr) {
    w.key("scope");
    w.begin_array();
    for (const std::string& t : *scope) w.value(t);
    w.end_array();
  }
  w.end_object();
  return data;
}

struct AccountEncoder {
  std::string operator()(const AccountInvited& e) const {
    return encode({{"id", e.id},
                   {"email", e.email},
                   {"name", e.name},
                   {"role", to_string(e.role)},
                   {"tenant", e.tenant}},
                  &e.scope);
  }
  std::string operator()(const AccountRegistered& e) const {
    return encode({{"id", e.id}, {"email", e.email}, {"name", e.name}, {"tenant", e.tenant}});
  }
  std::string operator()(const AccountActivated& e) const { return encode({{"id", e.id}}); }
  std::string operator()(const PasswordSet& e) const {
    return encode({{"id", e.id}, {"reason", e.reason}});
  }
  std::string operator()(const AccountEmailChanged& e) const {
    return encode({{"id", e.id}, {"email", e.email}});
  }
  std::string operator()(const AccountRenamed& e) const {
    return encode({{"id", e.id}, {"name", e.name}});
  }
  std::string operator()(const AccountRoleChanged& e) const {
    return encode({{"id", e.id}, {"role", to_string(e.role)}, {"tenant", e.tenant}}, &e.scope);
  }
  std::string operator()(const AccountDisabled& e) const { return encode({{"id", e.id}}); }
  std::string operator()(const AccountEnabled& e) const { return encode({{"id", e.id}}); }
  std::string operator()(const SessionsRevoked& e) const {
    return encode({{"id", e.id}, {"reason", e.reason}});
  }
  std::string operator()(const AccountLanguageChanged& e) const {
    return encode({{"id", e.id}, {"language", e.language}});
  }
};

struct SignInEncoder {
  std::string operator()(const SignedIn& e) const {
    return encode({{"account", e.account},
                   {"session", e.session},
                   {"method", e.method},
                   {"address", e.address}});
  }
  std::string operator()(const SignedOut& e) const {
    return encode({{"account", e.account}, {"session", e.session}});
  }
  std::string operator()(const SignInFailed& e) const {
    return encode(
        {{"email", e.email}, {"tenant", e.tenant}, {"address", e.address}, {"reason", e.reason}});
  }
  std::string operator()(const SignInLocked& e) const {
    return encode({{"email", e.email},
                   {"tenant", e.tenant},
                   {"address", e.address},
                   {"until", format_instant(e.until)}});
  }
  std::string operator()(const SignInLinkSent& e) const {
    return encode(
        {{"account", e.account}, {"email", e.email}, {"tenant", e.tenant}, {"purpose", e.purpose}});
  }
};

Error undecodable(std::string_view type, std::string_view what) {
  return make_error(ErrorCode::kInternal, std::string(type) + " data " + std::string(what));
}

Result<Fields> fields_of(std::string_view type, std::string_view data) {
  dom::parser parser;
  dom::object o;
  if (parser.parse(data.data(), data.size()).get_object().get(o) != simdjson::SUCCESS)
    return undecodable(type, "is not a JSON object");
  Fields f;
  for (auto member : o) {
    std::string_view value;
    if (member.value.get_string().get(value) == simdjson::SUCCESS) {
      f.strings.emplace(std::string(member.key), std::string(value));
    }
  }
  dom::array scope;
  if (o["scope"].get_array().get(scope) == simdjson::SUCCESS) {
    f.has_scope = true;
    for (auto t : scope) {
      std::string_view tenant;
      if (t.get_string().get(tenant) != simdjson::SUCCESS)
        return undecodable(type, "has a scope that is not strings");
      f.scope.emplace_back(tenant);
    }
  }
  return f;
}

Result<Role> role_of(std::string_view type, const Fields& f) {
  std::optional<Role> role = parse_role(f.get("role"));
  if (!role) return undecodable(type, "has no known role");
  return *role;
}

}  // namespace

std::string encode_account_event_data(const AccountEventBody& body) {
  return std::visit(AccountEncoder{}, body);
}

std::string encode_sign_in_event_data(const SignInEventBody& body) {
  return std::visit(SignInEncoder{}, body);
}

Result<AccountEventBody> decode_account_event_data(std::string_view type, std::string_view data) {
  Result<Fields> parsed = fields_of(type, data);
  if (!parsed) return std::move(parsed.error());
  const Fields& f = *parsed;
  const std::string& id = f.get("id");
  if (id.empty()) return undecodable(type, "has no id");
  if (type == "AccountInvited" || type == "AccountRoleChanged") {
    Result<Role> role = role_of(type, f);
    if (!role) return std::move(role.error());
    if (type == "AccountRoleChanged")
      return AccountRoleChanged{id, *role, f.get("tenant"), f.scope};
    return AccountInvited{id, f.get("email"), f.get("name"), *role, f.get("tenant"), f.scope};
  }
  if (type == "AccountRegistered")
    return AccountRegistered{id, f.get("email"), f.get("name"), f.get("tenant")};
  if (type == "AccountActivated") return AccountActivated{id};
  if (type == "PasswordSet") return PasswordSet{id, f.get("reason")};
  if (type == "AccountEmailChanged") return AccountEmailChanged{id, f.get("email")};
  if (type == "AccountRenamed") return AccountRenamed{id, f.get("name")};
  if (type == "AccountDisabled") return AccountDisabled{id};
  if (type == "AccountEnabled") return AccountEnabled{id};
  if (type == "SessionsRevoked") return SessionsRevoked{id, f.get("reason")};
  if (type == "AccountLanguageChanged") return AccountLanguageChanged{id, f.get("language")};
  return undecodable(type, "is of a type the accounts stream does not have");
}

Result<SignInEventBody> decode_sign_in_event_data(std::string_view type, std::string_view data) {
  Result<Fields> parsed = fields_of(type, data);
  if (!parsed) return std::move(parsed.error());
  const Fields& f = *parsed;
  if (type == "SignedIn")
    return SignedIn{f.get("account"), f.get("session"), f.get("method"), f.get("address")};
  if (type == "SignedOut") return SignedOut{f.get("account"), f.get("session")};
  if (type == "SignInFailed")
    return SignInFailed{f.get("email"), f.get("tenant"), f.get("address"), f.get("reason")};
  if (type == "SignInLocked") {
    std::optional<Instant> until = parse_instant(f.get("until"));
    if (!until) return undecodable(type, "has no until");
    return SignInLocked{f.get("email"), f.get("tenant"), f.get("address"), *until};
  }
  if (type == "SignInLinkSent")
    return SignInLinkSent{f.get("account"), f.get("email"), f.get("tenant"), f.get("purpose")};
  return undecodable(type, "is of a type the signins stream does not have");
}

}  // namespace ticketd::domain
