#include "api/notifications/digest_email.h"

#include <map>

#include "api/notifications/email_layout.h"
#include "api/notifications/email_strings.h"
#include "api/notifications/mail_markup.h"

namespace ticketd::api {
namespace {

// What each collected alert is called in a digest's list.
std::string_view kind_label(const Wording& w, EmailKind kind) {
  const bool de = w.lang == "de";
  switch (kind) {
    case EmailKind::kNewTicketAlert:
      return de ? "Neues Ticket" : "New ticket";
    case EmailKind::kAssigned:
      return de ? "Ihnen zugewiesen" : "Assigned to you";
    case EmailKind::kCustomerReply:
      return de ? "Kundenantwort" : "Customer reply";
    case EmailKind::kSlaWarning:
      return de ? "SLA-Frist bald fällig" : "SLA target due soon";
    case EmailKind::kSlaBreached:
      return de ? "SLA-Frist verpasst" : "SLA target missed";
    default:
      return de ? "Benachrichtigung" : "Alert";
  }
}

}  // namespace

EmailContent render_digest(const std::vector<DigestItem>& items, const Recipient& to,
                           domain::Instant since, const MailBrand& brand) {
  const Wording& w = wording_for(brand.language);
  const KindWording& says = kind_wording(w, EmailKind::kDigest);
  const std::string color = brand_color(brand.color);
  std::map<std::string, std::string, std::less<>> v;
  v["to_name"] = to.name.empty() ? to.email : to.name;
  const bool one = items.size() == 1;
  v["count"] = std::to_string(items.size()) +
               (w.lang == "de" ? (one ? " Benachrichtigung" : " Benachrichtigungen")
                               : (one ? " alert" : " alerts"));
  v["since"] = time_words(w, since, "");
  v["tenant"] = brand.tenant_name;

  EmailContent out;
  out.subject = fill_sentence(says.subject, false, v);
  std::vector<std::string> text;
  std::string html;
  text.push_back(wrap_text(fill_sentence(says.intro, false, v)));
  html += paragraph_html(fill_sentence(says.intro, true, v));
  for (const DigestItem& item : items) {
    const std::string label =
        std::string(kind_label(w, item.kind)) + " · " + time_words(w, item.at, "");
    std::string block = label + "\n" + item.ticket_key + " " + item.subject;
    if (!item.link.empty()) block += "\n" + item.link;
    text.push_back(block);
    html += digest_item_html(label, item.ticket_key, item.subject, item.link, color);
  }
  text.push_back(wrap_text(fill_sentence(says.closing, false, v)));
  html += paragraph_html(fill_sentence(says.closing, true, v));
  const std::string_view footer =
      brand.tenant_name.empty() ? w.footer_staff_no_tenant : w.footer_staff;
  text.push_back("-- \n" + wrap_text(fill_sentence(footer, false, v)));
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i > 0) out.text += "\n\n";
    out.text += text[i];
  }
  out.text += "\n";
  MailPage page;
  page.lang = std::string(w.lang);
  page.title = out.subject;
  page.color = color;
  page.tenant_name = brand.tenant_name;
  page.logo_url = brand.logo_url;
  page.ticket_line = escape_html(out.subject);
  page.content = std::move(html);
  page.footer = fill_sentence(footer, true, v);
  out.html = page_html(page);
  return out;
}

}  // namespace ticketd::api
