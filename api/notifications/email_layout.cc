#include "api/notifications/email_layout.h"

#include <cctype>
#include <cmath>

#include "api/notifications/mail_markup.h"
#include "domain/hex.h"

namespace ticketd::api {
namespace {

constexpr std::string_view kFont =
    "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";

// Dark mode and narrow screens, for the clients that read <style>; the
// inline styles alone give the light layout everywhere else.
constexpr std::string_view kStyle =
    "<style>"
    ":root{color-scheme:light dark;supported-color-schemes:light dark;}"
    "@media (max-width:620px){.td-card{padding:20px 16px !important;}"
    ".td-head{padding:14px 16px !important;}.td-foot{padding:12px 16px !important;}}"
    "@media (prefers-color-scheme:dark){"
    ".td-bg{background-color:#0f172a !important;}"
    ".td-card{background-color:#1e293b !important;color:#e2e8f0 !important;}"
    ".td-msg{background-color:#0f172a !important;color:#e2e8f0 !important;}"
    ".td-old{color:#cbd5e1 !important;border-left-color:#475569 !important;}"
    ".td-muted{color:#94a3b8 !important;}"
    ".td-rule{border-top-color:#334155 !important;}"
    ".td-card a{color:#93c5fd !important;}"
    ".td-card blockquote{color:#cbd5e1 !important;border-left-color:#475569 !important;}";

double channel(std::string_view color, int i) {
  const double v =
      (domain::hex_digit_value(color[1 + 2 * i]) * 16 + domain::hex_digit_value(color[2 + 2 * i])) /
      255.0;
  return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

}  // namespace

std::string brand_color(std::string_view color) {
  bool ok = color.size() == 7 && color[0] == '#';
  for (std::size_t i = 1; ok && i < color.size(); ++i) {
    ok = std::isxdigit(static_cast<unsigned char>(color[i])) != 0;
  }
  if (!ok) return std::string(kDefaultBrandColor);
  std::string out(color);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view text_color_on(std::string_view color) {
  const std::string c = brand_color(color);
  const double l = 0.2126 * channel(c, 0) + 0.7152 * channel(c, 1) + 0.0722 * channel(c, 2);
  // Contrast with white (1.05 / (l + 0.05)) against contrast with near black.
  const double with_white = 1.05 / (l + 0.05);
  const double with_black = (l + 0.05) / 0.0609;  // #111827
  return with_white >= with_black ? "#ffffff" : "#111827";
}

std::string paragraph_html(std::string_view markup) {
  return "<p style=\"margin:0 0 16px 0;\">" + std::string(markup) + "</p>";
}

std::string heading_html(std::string_view text) {
  return "<h2 class=\"td-muted td-rule\" style=\"margin:24px 0 12px 0;padding:16px 0 0 0;"
         "border-top:1px solid #e5e7eb;font-size:13px;font-weight:bold;letter-spacing:0.04em;"
         "text-transform:uppercase;color:#6b7280;\">" +
         escape_html(text) + "</h2>";
}

std::string message_html(std::string_view author, std::string_view when, std::string_view body,
                         std::string_view color, bool earlier) {
  std::string out =
      "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" "
      "border=\"0\" style=\"width:100%;border-collapse:separate;margin:0 0 16px 0;\"><tr>";
  if (earlier) {
    out +=
        "<td class=\"td-old\" style=\"border-left:3px solid #d1d5db;padding:4px 0 0 14px;"
        "color:#374151;font-size:14px;\">";
  } else {
    out += "<td class=\"td-msg\" style=\"border-left:4px solid " + brand_color(color) +
           ";background-color:#f8fafc;padding:14px 16px 2px 16px;border-radius:0 6px 6px 0;"
           "color:#111827;\">";
  }
  out +=
      "<p class=\"td-muted\" style=\"margin:0 0 8px 0;font-size:13px;color:#6b7280;\">"
      "<b>" +
      escape_html(author) + "</b>";
  if (!when.empty()) out += " · " + escape_html(when);
  out += "</p>" + markup_html(body) + "</td></tr></table>";
  return out;
}

std::string digest_item_html(std::string_view label, std::string_view key, std::string_view subject,
                             std::string_view url, std::string_view color) {
  std::string title =
      "<b style=\"white-space:nowrap;\">" + escape_html(key) + "</b> " + escape_html(subject);
  if (!url.empty()) title = "<a href=\"" + escape_html(url) + "\">" + title + "</a>";
  return "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" "
         "border=\"0\" style=\"width:100%;border-collapse:separate;margin:0 0 12px 0;\"><tr>"
         "<td class=\"td-msg\" style=\"border-left:4px solid " +
         brand_color(color) +
         ";background-color:#f8fafc;padding:10px 16px;border-radius:0 6px 6px 0;"
         "color:#111827;\"><p class=\"td-muted\" style=\"margin:0 0 4px 0;font-size:13px;"
         "color:#6b7280;\">" +
         escape_html(label) + "</p><p style=\"margin:0;\">" + title + "</p></td></tr></table>";
}

std::string button_html(std::string_view url, std::string_view label, std::string_view color) {
  const std::string bg = brand_color(color);
  const std::string fg(text_color_on(bg));
  return "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
         "style=\"border-collapse:separate;margin:4px 0 20px 0;\"><tr><td "
         "style=\"border-radius:6px;"
         "background-color:" +
         bg + ";\"><a href=\"" + escape_html(url) +
         "\" class=\"td-btn\" style=\"display:inline-block;padding:11px 22px;border-radius:6px;"
         "background-color:" +
         bg + ";color:" + fg + ";font-size:15px;font-weight:bold;text-decoration:none;" +
         std::string(kFont) + "\">" + escape_html(label) + "</a></td></tr></table>";
}

std::string page_html(const MailPage& page) {
  const std::string color = brand_color(page.color);
  const std::string fg(text_color_on(color));
  std::string out = "<!DOCTYPE html>\n<html lang=\"" + escape_html(page.lang) + "\">\n<head>\n";
  out +=
      "<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"color-scheme\" content=\"light dark\">\n"
      "<meta name=\"supported-color-schemes\" content=\"light dark\">\n";
  out += "<title>" + escape_html(page.title) + "</title>\n" + std::string(kStyle) +
         ".td-card a.td-btn{color:" + fg + " !important;}}</style>\n</head>\n";
  out +=
      "<body class=\"td-bg\" style=\"margin:0;padding:0;background-color:#f1f5f9;"
      "-webkit-text-size-adjust:100%;\">\n";
  out +=
      "<table role=\"presentation\" class=\"td-bg\" width=\"100%\" cellpadding=\"0\" "
      "cellspacing=\"0\" border=\"0\" style=\"width:100%;background-color:#f1f5f9;\"><tr>"
      "<td align=\"center\" style=\"padding:16px 8px;\">\n"
      "<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
      "style=\"width:100%;max-width:600px;border-collapse:separate;\">\n";
  if (!page.marker_lines.empty()) {
    out +=
        "<tr><td class=\"td-muted\" style=\"padding:0 4px 10px 4px;font-size:12px;"
        "line-height:1.5;color:#6b7280;" +
        std::string(kFont) + "\">";
    for (std::size_t i = 0; i < page.marker_lines.size(); ++i) {
      if (i > 0) out += "<br>";
      out += escape_html(page.marker_lines[i]);
    }
    out += "</td></tr>\n";
  }
  out += "<tr><td class=\"td-head\" style=\"background-color:" + color + ";color:" + fg +
         ";padding:18px 24px;border-radius:8px 8px 0 0;" + std::string(kFont) + "\">";
  if (!page.logo_url.empty()) {
    // The name stays as text beside it: many clients block images.
    out += "<div style=\"font-size:18px;font-weight:bold;line-height:32px;color:" + fg +
           ";\"><img src=\"" + escape_html(page.logo_url) + "\" alt=\"" +
           escape_html(page.tenant_name) +
           "\" height=\"32\" style=\"display:inline-block;height:32px;width:auto;"
           "max-width:160px;border:0;outline:none;text-decoration:none;vertical-align:middle;"
           "margin:0 10px 4px 0;\">";
    if (!page.tenant_name.empty()) {
      out += "<span style=\"vertical-align:middle;\">" + escape_html(page.tenant_name) + "</span>";
    }
    out += "</div>";
  } else if (!page.tenant_name.empty()) {
    out += "<div style=\"font-size:18px;font-weight:bold;line-height:1.3;color:" + fg + ";\">" +
           escape_html(page.tenant_name) + "</div>";
  }
  out += "<div style=\"font-size:14px;line-height:1.4;color:" + fg + ";\">" + page.ticket_line +
         "</div></td></tr>\n";
  out +=
      "<tr><td class=\"td-card\" style=\"background-color:#ffffff;color:#111827;padding:24px;"
      "border-radius:0 0 8px 8px;font-size:15px;line-height:1.55;overflow-wrap:break-word;"
      "word-wrap:break-word;word-break:break-word;" +
      std::string(kFont) + "\">\n" + page.content + "\n</td></tr>\n";
  out +=
      "<tr><td class=\"td-foot td-muted\" style=\"padding:14px 24px;font-size:12px;"
      "line-height:1.5;color:#6b7280;" +
      std::string(kFont) + "\">" + page.footer + "</td></tr>\n";
  out += "</table>\n</td></tr></table>\n</body>\n</html>\n";
  return out;
}

}  // namespace ticketd::api
