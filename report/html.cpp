#include "report/html.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "sim/scenario/format.h"

namespace report::html {

namespace {

// Okabe-Ito: told apart with the common colour-vision deficiencies, and in grey print.
const char* const kPalette[] = {"#0072B2", "#D55E00", "#009E73", "#E69F00",
                                "#CC79A7", "#56B4E9", "#882255", "#555555"};
constexpr std::size_t kPaletteSize = sizeof kPalette / sizeof kPalette[0];

constexpr double kCharW = 6.6;  // mean advance of a 12 px sans-serif character, for layout
constexpr double kFont = 12;

bool finite(double x) { return std::isfinite(x); }

// SVG coordinates: one decimal, never "-0.0"; callers pass finite values only.
std::string c(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  std::string s = buf;
  if (s == "-0.0") s = "0.0";
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

double text_width(std::string_view s) {
  // Count code points, not bytes, so "±" or "é" are one character wide.
  std::size_t n = 0;
  for (const char ch : s) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  return static_cast<double>(n) * kCharW;
}

std::string colour(const std::string& given, std::size_t index) {
  return given.empty() ? kPalette[index % kPaletteSize] : given;
}

// A linear map from data to SVG coordinates.
struct Scale {
  double d0 = 0, d1 = 1, r0 = 0, r1 = 1;
  double operator()(double v) const {
    return d1 == d0 ? (r0 + r1) / 2 : r0 + (v - d0) / (d1 - d0) * (r1 - r0);
  }
};

// Tick positions over [lo, hi] at a "nice" step (1, 2, 2.5 or 5 times a power of ten),
// about `target` of them; the range is widened to whole steps unless fixed by the caller.
struct Ticks {
  double lo = 0, hi = 1, step = 1;
  int decimals = 0;
  std::vector<double> at;
};

Ticks nice_ticks(double lo, double hi, const Axis& axis, int target) {
  const bool fixed_lo = finite(axis.min), fixed_hi = finite(axis.max);
  if (fixed_lo) lo = axis.min;
  if (fixed_hi) hi = axis.max;
  if (!finite(lo) || !finite(hi)) lo = 0, hi = 1;
  if (axis.include_zero) {
    if (!fixed_lo) lo = std::min(lo, 0.0);
    if (!fixed_hi) hi = std::max(hi, 0.0);
  }
  if (hi < lo) std::swap(lo, hi);
  if (hi == lo) {
    const double pad = lo == 0 ? 1 : std::fabs(lo) * 0.1;
    if (!fixed_lo) lo -= pad;
    if (!fixed_hi || fixed_lo) hi += pad;
  }
  const double raw = (hi - lo) / std::max(1, target);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  Ticks t;
  t.step = step;
  t.lo = fixed_lo ? lo : std::floor(lo / step + 1e-9) * step;
  t.hi = fixed_hi ? hi : std::ceil(hi / step - 1e-9) * step;
  const double first = std::ceil(t.lo / step - 1e-9) * step;
  for (int i = 0; i < 200; ++i) {
    const double v = first + i * step;
    if (v > t.hi + step * 1e-6) break;
    t.at.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
  }
  t.decimals = axis.decimals >= 0
                   ? axis.decimals
                   : std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)) +
                                     (std::fmod(step / mag, 1.0) > 1e-9 ? 1 : 0));
  return t;
}

// Data range of finite values, optionally widened by CI half-widths.
struct Range {
  double lo = INFINITY, hi = -INFINITY;
  void add(double v) {
    if (!finite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  void add(double v, double ci) {
    add(v);
    if (finite(v) && finite(ci)) add(v - ci), add(v + ci);
  }
  bool empty() const { return lo > hi; }
};

double at(const std::vector<double>& v, std::size_t i) { return i < v.size() ? v[i] : kNaN; }

std::string tip(std::string_view text) { return "<title>" + escape(text) + "</title>"; }

std::string value_text(double y, double ci, int decimals) {
  return finite(ci) ? num_ci(y, ci, decimals, true) : num(y, decimals, true);
}

// Collects a chart's SVG and counts its marks.
class Svg {
 public:
  Svg(double w, double h) : w_(w), h_(h) {}
  void add(const std::string& s) { body_ += s; }
  void mark(const std::string& element, const std::string& attributes, std::string_view title,
            const std::string& inner = "") {
    ++marks_;
    body_ += "<" + element + " class=\"mark\" " + attributes + ">" + tip(title) + inner + "</" +
             element + ">";
  }
  void text(double x, double y, std::string_view s, const std::string& extra = "") {
    body_ += "<text x=\"" + c(x) + "\" y=\"" + c(y) + "\"" + (extra.empty() ? "" : " " + extra) +
             ">" + escape(s) + "</text>";
  }
  void line(double x1, double y1, double x2, double y2, const std::string& extra) {
    body_ += "<line x1=\"" + c(x1) + "\" y1=\"" + c(y1) + "\" x2=\"" + c(x2) + "\" y2=\"" +
             c(y2) + "\" " + extra + "/>";
  }
  int marks() const { return marks_; }
  std::string finish(const std::string& title, const std::string& note) const {
    std::string out = "<figure class=\"figure\">";
    if (!title.empty()) out += "<figcaption>" + escape(title) + "</figcaption>";
    out += "<svg class=\"chart\" data-marks=\"" + std::to_string(marks_) + "\" viewBox=\"0 0 " +
           c(w_) + " " + c(h_) + "\" role=\"img\" aria-label=\"" + escape(title) +
           "\" xmlns=\"http://www.w3.org/2000/svg\">" + body_ + "</svg>";
    if (!note.empty()) out += "<p class=\"chart-note\">" + escape(note) + "</p>";
    return out + "</figure>\n";
  }

 private:
  double w_, h_;
  std::string body_;
  int marks_ = 0;
};

std::string empty_chart(const std::string& title, const std::string& note) {
  std::string out = "<figure class=\"figure\">";
  if (!title.empty()) out += "<figcaption>" + escape(title) + "</figcaption>";
  out += "<p class=\"chart-empty\">No data to chart";
  out += note.empty() ? "." : ": " + escape(note);
  return out + "</p></figure>\n";
}

// Legend entries laid out left to right from (x0, y), wrapping at `right`. Returns the
// height used.
struct LegendItem {
  std::string name, colour;
  enum class Kind { line, dashed, box, dot } kind = Kind::line;
};
double legend(Svg& svg, const std::vector<LegendItem>& items, double x0, double y0, double right) {
  if (items.empty()) return 0;
  double x = x0, y = y0;
  for (const auto& it : items) {
    const double w = 22 + text_width(it.name) + 18;
    if (x > x0 && x + w > right) x = x0, y += 18;
    const std::string col = escape(it.colour);
    switch (it.kind) {
      case LegendItem::Kind::box:
        svg.add("<rect x=\"" + c(x) + "\" y=\"" + c(y - 9) + "\" width=\"14\" height=\"10\" fill=\"" +
                col + "\" fill-opacity=\"0.75\"/>");
        break;
      case LegendItem::Kind::dot:
        svg.add("<circle cx=\"" + c(x + 7) + "\" cy=\"" + c(y - 4) + "\" r=\"4\" fill=\"" + col +
                "\"/>");
        break;
      default:
        svg.line(x, y - 4, x + 16, y - 4,
                 "stroke=\"" + col + "\" stroke-width=\"2.5\"" +
                     (it.kind == LegendItem::Kind::dashed ? " stroke-dasharray=\"5 3\"" : ""));
    }
    svg.text(x + 22, y, it.name, "class=\"legend\"");
    x += w;
  }
  return y - y0 + 18;
}

double tick_label_width(const Ticks& t) {
  double w = 0;
  for (const double v : t.at) w = std::max(w, text_width(num(v, t.decimals, true)));
  return w;
}

// Left (or right) value axis with grid lines across the plot.
void y_axis(Svg& svg, const Ticks& t, const Scale& sy, double x_left, double x_right, bool right,
            const std::string& label, double label_x) {
  svg.add("<g class=\"grid\">");
  for (const double v : t.at) {
    if (!right) svg.line(x_left, sy(v), x_right, sy(v), "");
  }
  svg.add("</g><g class=\"axis\">");
  for (const double v : t.at) {
    const double x = right ? x_right + 6 : x_left - 6;
    svg.text(x, sy(v) + 4, num(v, t.decimals, true),
             right ? "text-anchor=\"start\"" : "text-anchor=\"end\"");
  }
  svg.add("</g>");
  if (!label.empty()) {
    const double ym = (sy.r0 + sy.r1) / 2;
    svg.text(label_x, ym, label,
             "class=\"axis-label\" text-anchor=\"middle\" transform=\"rotate(" +
                 std::string(right ? "90 " : "-90 ") + c(label_x) + " " + c(ym) + ")\"");
  }
}

// Numeric x axis along the bottom of the plot.
void x_axis_numeric(Svg& svg, const Ticks& t, const Scale& sx, double y_bottom,
                    const std::string& label, double label_y, bool grid, double y_top) {
  if (grid) {
    svg.add("<g class=\"grid\">");
    for (const double v : t.at) svg.line(sx(v), y_top, sx(v), y_bottom, "");
    svg.add("</g>");
  }
  svg.add("<g class=\"axis\">");
  svg.line(sx.r0, y_bottom, sx.r1, y_bottom, "");
  for (const double v : t.at) {
    svg.line(sx(v), y_bottom, sx(v), y_bottom + 4, "");
    svg.text(sx(v), y_bottom + 17, num(v, t.decimals, true), "text-anchor=\"middle\"");
  }
  svg.add("</g>");
  if (!label.empty()) {
    svg.text((sx.r0 + sx.r1) / 2, label_y, label, "class=\"axis-label\" text-anchor=\"middle\"");
  }
}

// Room above the plot for the labels of vertical reference lines.
constexpr double kRefLabelRoom = 16;
double ref_label_room(const std::vector<RefLine>& lines, bool swap_axes = false) {
  for (const auto& l : lines) {
    if (l.vertical != swap_axes && !l.label.empty() && finite(l.value)) return kRefLabelRoom;
  }
  return 0;
}

// The plot area, in SVG coordinates.
struct Box {
  double left, right, top, bottom;
};

// Reference lines across the plot: a line drawn vertically maps its value with `vx`, one
// drawn horizontally with `hy` (null: that kind is not drawn). Labels have a white halo
// (CSS) so they stay legible over bars and lines.
void ref_lines(Svg& svg, const std::vector<RefLine>& lines, const Box& box, const Scale* vx,
               const Scale* hy, bool swap_axes = false) {
  for (const auto& l : lines) {
    if (!finite(l.value)) continue;
    const bool vertical = l.vertical != swap_axes;
    const Scale* s = vertical ? vx : hy;
    if (s == nullptr) continue;
    const double p = (*s)(l.value);
    if (vertical) {
      if (p < box.left - 0.5 || p > box.right + 0.5) continue;
      const std::string title = l.tip.empty() ? "" : tip(l.tip);
      if (l.event && finite(l.end)) {  // the window, cut to the plot
        const double q = std::clamp((*s)(l.end), box.left, box.right);
        svg.add("<rect class=\"event-band\" x=\"" + c(std::min(p, q)) + "\" y=\"" + c(box.top) +
                "\" width=\"" + c(std::fabs(q - p)) + "\" height=\"" + c(box.bottom - box.top) +
                "\">" + title + "</rect>");
      }
      const std::string cls = l.event ? "event" : "ref";
      if (title.empty()) {
        svg.line(p, box.top, p, box.bottom, "class=\"" + cls + "\"");
      } else {
        svg.add("<line class=\"" + cls + "\" x1=\"" + c(p) + "\" y1=\"" + c(box.top) +
                "\" x2=\"" + c(p) + "\" y2=\"" + c(box.bottom) + "\">" + title + "</line>");
      }
      if (!l.label.empty()) {  // above the plot, in the room kRefLabelRoom keeps there
        svg.text(p, box.top - 5, l.label,
                 "class=\"" + cls + "-label\" text-anchor=\"" + (l.event ? "start" : "middle") + "\"");
      }
    } else {
      if (p < box.top - 0.5 || p > box.bottom + 0.5) continue;
      svg.line(box.left, p, box.right, p, "class=\"ref\"");
      if (!l.label.empty()) {
        svg.text(box.right - 4, p - 5, l.label, "class=\"ref-label\" text-anchor=\"end\"");
      }
    }
  }
}

// Path through the defined points, a new sub-path after each gap; `step` holds each value
// until the next x.
std::string polyline(const std::vector<std::pair<double, double>>& pts,
                     const std::vector<bool>& breaks, bool step) {
  std::string d;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    const bool start = i == 0 || breaks[i];
    // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on
    // "literal" + std::string temporaries here.
    if (start || !step) {
      d += start ? 'M' : 'L';
      d += c(pts[i].first);
      d += ',';
    } else {
      d += 'H';
      d += c(pts[i].first);
      d += 'V';
    }
    d += c(pts[i].second);
  }
  return d;
}

// A step line over category bands: each point's value from its band's left edge to its
// right edge, vertical joins at the edges between neighbours.
std::string band_steps(const std::vector<std::pair<double, double>>& pts,
                       const std::vector<bool>& breaks, double band) {
  std::string d;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    if (i == 0 || breaks[i]) {
      d += 'M';
      d += c(pts[i].first - band / 2);
      d += ',';
    } else {
      d += 'V';
    }
    d += c(pts[i].second);
    d += 'H';
    d += c(pts[i].first + band / 2);
  }
  return d;
}

}  // namespace

// ---------------------------------------------------------------------------------------

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string num(double x, int decimals, bool group) {
  if (!finite(x)) return "\u2013";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", std::clamp(decimals, 0, 12), x);
  std::string s = buf;
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  if (group) {
    const std::size_t sign = s[0] == '-' ? 1 : 0;
    std::size_t end = s.find('.');
    if (end == std::string::npos) end = s.size();
    if (end - sign > 4) {  // 4-digit numbers stay whole (1949), as style guides advise
      for (std::size_t i = end; i > sign + 3; i -= 3) s.insert(i - 3, "\u202f");
    }
  }
  return s;
}

std::string num_ci(double mean, double ci, int decimals, bool group) {
  if (!finite(mean)) return num(mean, decimals, group);
  if (!finite(ci)) return num(mean, decimals, group);
  return num(mean, decimals, group) + " \u00b1 " + num(ci, decimals, group);
}

// ---------------------------------------------------------------------------------------
// Page

namespace {

const char* const kCss = R"css(
:root{--fg:#1f2933;--muted:#5f6b7a;--line:#d9dee5;--head:#eef2f6}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans","DejaVu Sans",Arial,sans-serif;color:var(--fg);background:#eef1f4}
main{max-width:1040px;margin:0 auto;padding:28px 36px 48px;background:#fff;min-height:100vh}
header h1{font-size:26px;line-height:1.2;margin:0 0 4px}
.subtitle{color:var(--muted);margin:0 0 12px;font-size:16px}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:1px 18px;margin:10px 0 0;font-size:13px}
dl.meta dt{color:var(--muted)}
dl.meta dd{margin:0;overflow-wrap:anywhere}
nav.toc{margin:14px 0 0;font-size:13px}
nav.toc a{margin-right:14px;color:#0b5cad;text-decoration:none}
section{margin-top:26px;border-top:1px solid var(--line);padding-top:6px}
h2{font-size:20px;margin:10px 0 10px}
p{margin:6px 0 10px}
.preamble{margin-top:16px}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px;margin:10px 0 6px}
.tile{display:flex;flex-direction:column;border:1px solid var(--line);border-left:5px solid #9aa5b1;border-radius:6px;padding:8px 12px;break-inside:avoid}
.tile.good{border-left-color:#009E73}
.tile.bad{border-left-color:#D55E00}
.tile .label{flex:1 0 auto;font-size:13px;line-height:1.3;color:var(--muted)}
.tile .value{font-size:24px;font-weight:650;font-variant-numeric:tabular-nums;white-space:nowrap}
.tile .detail{font-size:12.5px;color:var(--muted)}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0 16px}
caption{text-align:left;font-weight:600;padding-bottom:4px}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{background:var(--head);font-weight:600;border-bottom:1px solid #b6c0cb;vertical-align:bottom}
thead th.num{white-space:normal}
.num{text-align:right;font-variant-numeric:tabular-nums}
tbody tr:nth-child(even){background:#f8fafb}
tfoot td{font-weight:600;border-top:2px solid #9aa5b1}
figure{margin:14px 0 22px;break-inside:avoid}
figcaption{font-weight:600;margin-bottom:2px}
svg.chart{display:block;width:100%;height:auto;overflow:visible}
.chart text{font-size:12px;fill:#3e4c59}
.chart .axis-label{fill:#52606d}
.chart .axis line{stroke:#7b8794}
.chart .grid line{stroke:#e6e9ed}
.chart .zero{stroke:#52606d;stroke-width:1.3}
.chart .ref{stroke:#b42318;stroke-width:1.4;stroke-dasharray:6 4}
.chart .ref-label,.chart .point-label{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
.chart .ref-label{fill:#b42318;font-weight:600}
.chart .event{stroke:#8a5a00;stroke-width:1.4}
.chart .event-band{fill:#E69F00;fill-opacity:.13}
.chart .event-label{fill:#8a5a00;font-weight:600;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
.chart .point-label{font-size:11px}
.chart .mark:hover{opacity:.75}
.chart-note,.note{font-size:13px;color:var(--muted);margin:2px 0 0}
.chart-empty{border:1px dashed #b6c0cb;border-radius:6px;padding:18px;color:var(--muted);text-align:center}
.cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:8px 24px}
footer{margin-top:32px;font-size:12px;color:var(--muted)}
@media print{body{background:#fff;font-size:12px}main{max-width:none;padding:0;min-height:0}nav.toc{display:none}section{break-before:auto}h2{break-after:avoid}a{color:inherit;text-decoration:none}}
)css";

}  // namespace

Page::Page(std::string title) : title_(std::move(title)) {}

Page& Page::subtitle(std::string text) {
  subtitle_ = std::move(text);
  return *this;
}

Page& Page::meta(std::string label, std::string value) {
  meta_.emplace_back(std::move(label), std::move(value));
  return *this;
}

Page& Page::section(std::string heading, std::string id) {
  sections_.push_back({std::move(heading), std::move(id), ""});
  return *this;
}

Page& Page::note(std::string text) { return add("<p class=\"note\">" + escape(text) + "</p>\n"); }

Page& Page::add(std::string fragment) {
  (sections_.empty() ? preamble_ : sections_.back().body) += fragment;
  return *this;
}

std::string Page::str() const {
  std::string o = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // Nothing may be fetched: no script, style, font or image from anywhere, even a file.
  o += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
       "style-src 'unsafe-inline'; img-src data:\">\n";
  o += "<title>" + escape(title_) + "</title>\n<style>" + kCss + "</style>\n</head>\n<body>\n<main>\n";
  o += "<header>\n<h1>" + escape(title_) + "</h1>\n";
  if (!subtitle_.empty()) o += "<p class=\"subtitle\">" + escape(subtitle_) + "</p>\n";
  if (!meta_.empty()) {
    o += "<dl class=\"meta\">";
    for (const auto& [k, v] : meta_) o += "<dt>" + escape(k) + "</dt><dd>" + escape(v) + "</dd>";
    o += "</dl>\n";
  }
  std::size_t anchored = 0;
  for (const auto& s : sections_) anchored += !s.id.empty();
  if (anchored >= 3) {
    o += "<nav class=\"toc\">";
    for (const auto& s : sections_) {
      if (!s.id.empty()) o += "<a href=\"#" + escape(s.id) + "\">" + escape(s.heading) + "</a>";
    }
    o += "</nav>\n";
  }
  o += "</header>\n";
  if (!preamble_.empty()) o += "<div class=\"preamble\">\n" + preamble_ + "</div>\n";
  for (const auto& s : sections_) {
    o += s.id.empty() ? "<section>" : "<section id=\"" + escape(s.id) + "\">";
    o += "\n<h2>" + escape(s.heading) + "</h2>\n" + s.body + "</section>\n";
  }
  o += "</main>\n</body>\n</html>\n";
  return o;
}

std::string tiles(const std::vector<Tile>& ts) {
  if (ts.empty()) return "";
  std::string o = "<div class=\"tiles\">";
  for (const auto& t : ts) {
    const char* cls = t.status == Tile::Status::good  ? " good"
                      : t.status == Tile::Status::bad ? " bad"
                                                      : "";
    o += std::string("<div class=\"tile") + cls + "\"><div class=\"label\">" + escape(t.label) +
         "</div><div class=\"value\">" + escape(t.value) + "</div>";
    if (!t.detail.empty()) o += "<div class=\"detail\">" + escape(t.detail) + "</div>";
    o += "</div>";
  }
  return o + "</div>\n";
}

std::string columns(const std::vector<std::string>& fragments) {
  std::string o = "<div class=\"cols\">";
  for (const auto& f : fragments) o += "<div>" + f + "</div>";
  return o + "</div>\n";
}

// ---------------------------------------------------------------------------------------
// Tables

namespace {
// "92.3 ± 1.0" may wrap before the "±" in a narrow table, never inside a number.
std::string keep_together(std::string cell) {
  for (std::size_t p = 0; (p = cell.find("\u00b1 ", p)) != std::string::npos;) {
    cell.replace(p, 3, "\u00b1&nbsp;");
  }
  return cell;
}
}  // namespace

std::string table(const Table& t) {
  std::size_t cols = t.header.size();
  for (const auto& r : t.rows) cols = std::max(cols, r.size());
  for (const auto& r : t.footer) cols = std::max(cols, r.size());
  const auto numeric = [&](std::size_t i) {
    return t.numeric.empty() ? i > 0 : i < t.numeric.size() && t.numeric[i];
  };
  const auto row = [&](const std::vector<std::string>& r, const char* cell) {
    std::string o = "<tr>";
    for (std::size_t i = 0; i < cols; ++i) {
      o += std::string("<") + cell + (numeric(i) ? " class=\"num\">" : ">") +
           (i < r.size() ? numeric(i) ? keep_together(escape(r[i])) : escape(r[i]) : "") +
           "</" + cell + ">";
    }
    return o + "</tr>\n";
  };
  std::string o = "<div class=\"table-wrap\"><table>\n";
  if (!t.caption.empty()) o += "<caption>" + escape(t.caption) + "</caption>\n";
  if (!t.header.empty()) o += "<thead>" + row(t.header, "th") + "</thead>\n";
  o += "<tbody>\n";
  for (const auto& r : t.rows) o += row(r, "td");
  o += "</tbody>\n";
  if (!t.footer.empty()) {
    o += "<tfoot>\n";
    for (const auto& r : t.footer) o += row(r, "td");
    o += "</tfoot>\n";
  }
  return o + "</table></div>\n";
}

// ---------------------------------------------------------------------------------------
// Line chart

Series series(std::string name, std::vector<double> y, std::vector<double> ci) {
  Series s;
  s.name = std::move(name);
  s.y = std::move(y);
  s.ci = std::move(ci);
  return s;
}

namespace {

// The x of point i of series s, NaN when absent.
double x_of(const LineChart& ch, const Series& s, std::size_t i) {
  if (!s.x.empty()) return at(s.x, i);
  if (!ch.categories.empty()) return i < ch.categories.size() ? static_cast<double>(i) : kNaN;
  return at(ch.x, i);
}

// The right axis's ticks: as many steps as the left one's where its range allows, so both
// share the grid lines.
Ticks right_axis_ticks(const LineChart& ch, const Ticks& ty, const Range& y2r) {
  Ticks ty2 = nice_ticks(y2r.lo, y2r.hi, ch.y2_axis, 5);
  if (!finite(ch.y2_axis.max) && ty.at.size() >= 2 && !y2r.empty() && y2r.hi > ty2.lo) {
    const double steps = static_cast<double>(ty.at.size() - 1);
    Axis fixed = ch.y2_axis;
    fixed.min = ty2.lo;
    for (double mag = std::pow(10.0, std::floor(std::log10((y2r.hi - ty2.lo) / steps + 1e-300)));
         ; mag *= 10) {
      double step = 0;
      for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (ty2.lo + m * mag * steps >= y2r.hi) {
          step = m * mag;
          break;
        }
      }
      if (step > 0) {
        fixed.max = ty2.lo + step * steps;
        fixed.decimals = ch.y2_axis.decimals >= 0
                             ? ch.y2_axis.decimals
                             : std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)) +
                                               (std::fmod(step / mag, 1.0) > 1e-9 ? 1 : 0));
        break;
      }
    }
    const Ticks aligned = nice_ticks(y2r.lo, y2r.hi, fixed, static_cast<int>(steps));
    if (aligned.at.size() == ty.at.size()) ty2 = aligned;
  }
  return ty2;
}

// A categorical x axis: every k-th label, so that labels never overlap.
void category_axis(Svg& svg, const LineChart& ch, const Scale& sx, const Box& box, double H) {
  double widest = 0;
  for (const auto& l : ch.categories) widest = std::max(widest, text_width(l));
  const double band = sx(1) - sx(0);
  const std::size_t every =
      std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil((widest + 10) / band)));
  svg.add("<g class=\"axis\">");
  svg.line(box.left, box.bottom, box.right, box.bottom, "");
  for (std::size_t i = 0; i < ch.categories.size(); i += every) {
    const double x = sx(static_cast<double>(i));
    svg.line(x, box.bottom, x, box.bottom + 4, "");
    svg.text(x, box.bottom + 17, ch.categories[i], "text-anchor=\"middle\"");
  }
  svg.add("</g>");
  if (!ch.x_axis.label.empty()) {
    svg.text((box.left + box.right) / 2, H - 6, ch.x_axis.label,
             "class=\"axis-label\" text-anchor=\"middle\"");
  }
}

// Where a line chart's data go: the scales and ticks of x and both y axes.
struct LineFrame {
  Scale sx, sy, sy2;
  Ticks tx, ty, ty2;
};

// A series' drawable points (clamped to its axis), where its line breaks, and which data
// point each is.
struct SeriesPoints {
  std::vector<std::pair<double, double>> pts;
  std::vector<bool> breaks;
  std::vector<std::size_t> index;
};
SeriesPoints series_points(const LineChart& ch, const Series& s, const LineFrame& f) {
  const Scale& ys = s.right_axis ? f.sy2 : f.sy;
  const Ticks& t = s.right_axis ? f.ty2 : f.ty;
  SeriesPoints p;
  bool gap = true;
  for (std::size_t i = 0; i < s.y.size(); ++i) {
    const double x = x_of(ch, s, i), y = s.y[i];
    if (!finite(x) || !finite(y)) {
      gap = true;
      continue;
    }
    p.pts.emplace_back(f.sx(x), ys(std::clamp(y, t.lo, t.hi)));
    p.breaks.push_back(gap);
    p.index.push_back(i);
    gap = false;
  }
  return p;
}

// CI band: one polygon per run of consecutive points that all have a CI, clipped to the
// axis range (a count's band never dips below a zero axis).
std::string ci_band(const LineChart& ch, const Series& s, const SeriesPoints& p,
                    const LineFrame& f) {
  const Scale& ys = s.right_axis ? f.sy2 : f.sy;
  const Ticks& t = s.right_axis ? f.ty2 : f.ty;
  const auto yc = [&](double v) { return ys(std::clamp(v, t.lo, t.hi)); };
  const auto& pts = p.pts;
  const auto& index = p.index;
  std::string band;
  for (std::size_t a = 0; a < pts.size();) {
    if (!finite(at(s.ci, index[a]))) {
      ++a;
      continue;
    }
    std::size_t b = a + 1;
    while (b < pts.size() && !p.breaks[b] && finite(at(s.ci, index[b]))) ++b;
    std::string up, down;
    for (std::size_t j = a; j < b; ++j) {
      const double y = s.y[index[j]], ci = s.ci[index[j]];
      up += j == a ? 'M' : 'L';
      up += c(pts[j].first);
      up += ',';
      up += c(yc(y + ci));
      if (ch.step && j + 1 < b) up += 'H', up += c(pts[j + 1].first);
    }
    for (std::size_t j = b; j-- > a;) {
      const double y = s.y[index[j]], ci = s.ci[index[j]];
      if (ch.step && j + 1 < b) down += 'H', down += c(pts[j + 1].first);
      down += 'L';
      down += c(pts[j].first);
      down += ',';
      down += c(yc(y - ci));
    }
    band += up + down + "Z";
    a = b;
  }
  return band;
}

// Series k: its CI band, its line and, with markers, one mark per point.
void draw_series(Svg& svg, const LineChart& ch, std::size_t k, const LineFrame& f) {
  const bool categorical = !ch.categories.empty();
  const auto& s = ch.series[k];
  const std::string col = escape(colour(s.color, k));
  const SeriesPoints p = series_points(ch, s, f);
  const std::string band = ci_band(ch, s, p, f);
  if (!band.empty()) {
    svg.add("<path class=\"band\" d=\"" + band + "\" fill=\"" + col +
            "\" fill-opacity=\"0.16\" stroke=\"none\"/>");
  }
  // Steps over categories: each value holds across its interval's band (a per-interval
  // figure); over a numeric x: from its x to the next (a survival curve).
  const std::string d = categorical && ch.step ? band_steps(p.pts, p.breaks, f.sx(1) - f.sx(0))
                                               : polyline(p.pts, p.breaks, ch.step);
  const std::string stroke = "fill=\"none\" stroke=\"" + col + "\" stroke-width=\"2.2\"" +
                             (s.dashed ? " stroke-dasharray=\"6 4\"" : "") +
                             " stroke-linejoin=\"round\"";
  if (ch.markers) {
    svg.add("<path class=\"line\" d=\"" + d + "\" " + stroke + "/>");
    const int dec = (s.right_axis ? f.ty2 : f.ty).decimals + 1;
    for (std::size_t j = 0; j < p.pts.size(); ++j) {
      const std::size_t i = p.index[j];
      const std::string where =
          categorical ? ch.categories[i] : num(x_of(ch, s, i), f.tx.decimals + 1, true);
      svg.mark("circle",
               "cx=\"" + c(p.pts[j].first) + "\" cy=\"" + c(p.pts[j].second) + "\" r=\"3.2\" fill=\"" +
                   col + "\"",
               (s.name.empty() ? "" : s.name + ", ") + where + ": " +
                   value_text(s.y[i], at(s.ci, i), dec));
    }
  } else if (!p.pts.empty()) {
    svg.mark("path", "d=\"" + d + "\" " + stroke, s.name.empty() ? ch.title : s.name);
  }
}

std::vector<LegendItem> line_legend(const LineChart& ch) {
  std::vector<LegendItem> items;
  for (std::size_t k = 0; k < ch.series.size(); ++k) {
    const auto& s = ch.series[k];
    if (!s.name.empty()) {
      items.push_back({s.name + (s.right_axis && !ch.y_axis.label.empty() ? " (right axis)" : ""),
                       colour(s.color, k),
                       s.dashed ? LegendItem::Kind::dashed : LegendItem::Kind::line});
    }
  }
  return items;
}

}  // namespace

std::string line_chart(const LineChart& ch) {
  const bool categorical = !ch.categories.empty();
  Range xr, yr, y2r;
  std::size_t points = 0;
  bool any_right = false;
  for (const auto& s : ch.series) {
    for (std::size_t i = 0; i < s.y.size(); ++i) {
      const double x = x_of(ch, s, i);
      if (!finite(x) || !finite(s.y[i])) continue;
      ++points;
      xr.add(x);
      (s.right_axis ? y2r : yr).add(s.y[i], at(s.ci, i));
    }
    any_right = any_right || s.right_axis;
  }
  if (points == 0) return empty_chart(ch.title, ch.note);
  for (const auto& l : ch.lines) {
    if (!l.vertical) yr.add(l.value);
  }
  if (yr.empty()) yr = y2r;

  const double W = ch.width, H = ch.height;
  Svg svg(W, H);
  LineFrame f;
  f.ty = nice_ticks(yr.lo, yr.hi, ch.y_axis, 5);
  if (any_right) f.ty2 = right_axis_ticks(ch, f.ty, y2r);
  const double left = 14 + tick_label_width(f.ty) + (ch.y_axis.label.empty() ? 0 : 20);
  const double right =
      W - (any_right ? 14 + tick_label_width(f.ty2) + (ch.y2_axis.label.empty() ? 0 : 20) : 18);
  const double legend_h = legend(svg, line_legend(ch), left, 14, right);
  const double top = legend_h + 12 + ref_label_room(ch.lines);
  const double bottom = H - 26 - (ch.x_axis.label.empty() ? 0 : 18);
  f.sy = Scale{f.ty.lo, f.ty.hi, bottom, top};
  f.sy2 = Scale{f.ty2.lo, f.ty2.hi, bottom, top};
  if (categorical) {
    const double band = (right - left) / static_cast<double>(ch.categories.size());
    f.sx = Scale{0, 1, left + band / 2, left + band * 1.5};
  } else {
    f.tx = nice_ticks(xr.lo, xr.hi, ch.x_axis, 8);
    f.sx = Scale{f.tx.lo, f.tx.hi, left, right};
  }
  const Box box{left, right, top, bottom};

  y_axis(svg, f.ty, f.sy, left, right, false, ch.y_axis.label, 14);
  if (any_right) y_axis(svg, f.ty2, f.sy2, left, right, true, ch.y2_axis.label, W - 10);
  if (f.ty.lo < 0 && f.ty.hi > 0) svg.line(left, f.sy(0), right, f.sy(0), "class=\"zero\"");
  if (categorical) {
    category_axis(svg, ch, f.sx, box, H);
  } else {
    x_axis_numeric(svg, f.tx, f.sx, bottom, ch.x_axis.label, H - 6, false, top);
  }
  for (std::size_t k = 0; k < ch.series.size(); ++k) draw_series(svg, ch, k, f);
  ref_lines(svg, ch.lines, box, &f.sx, &f.sy);
  return svg.finish(ch.title, ch.note);
}

// ---------------------------------------------------------------------------------------
// Bar chart

namespace {

// Every bar with its whisker, in (value, across) coordinates: the value runs along x for
// horizontal bars and along y for vertical ones. start(i, k) is where bar k of category i
// begins across the category axis.
template <class Start>
void draw_bars(Svg& svg, const BarChart& ch, const Ticks& tv, const Scale& sv, double bar,
               const Start& start) {
  const std::size_t n = ch.categories.size(), m = ch.series.size();
  const auto rect = [&](double v0, double v1, double a0, double a1) {
    return ch.horizontal ? "x=\"" + c(v0) + "\" y=\"" + c(a0) + "\" width=\"" + c(v1) +
                               "\" height=\"" + c(a1) + "\""
                         : "x=\"" + c(a0) + "\" y=\"" + c(v0) + "\" width=\"" + c(a1) +
                               "\" height=\"" + c(v1) + "\"";
  };
  const auto line = [&](double v0, double a0, double v1, double a1, const std::string& attr) {
    if (ch.horizontal) {
      svg.line(v0, a0, v1, a1, attr);
    } else {
      svg.line(a0, v0, a1, v1, attr);
    }
  };
  for (std::size_t k = 0; k < m; ++k) {
    const auto& s = ch.series[k];
    const std::string col = escape(colour(s.color, k));
    for (std::size_t i = 0; i < n && i < s.y.size(); ++i) {
      const double v = s.y[i];
      if (!finite(v)) continue;
      const double p0 = start(i, k);
      const double base = sv(std::clamp(0.0, tv.lo, tv.hi)), end = sv(std::clamp(v, tv.lo, tv.hi));
      svg.mark("rect",
               rect(std::min(base, end), std::fabs(end - base), p0 + 1, std::max(1.0, bar - 2)) +
                   " fill=\"" + col + "\" fill-opacity=\"0.85\"",
               ch.categories[i] + (s.name.empty() ? "" : ", " + s.name) + ": " +
                   value_text(v, at(s.ci, i), tv.decimals + 1));
      const double ci = at(s.ci, i);
      if (finite(ci) && ci > 0) {
        const double a = sv(std::clamp(v - ci, tv.lo, tv.hi)), b = sv(std::clamp(v + ci, tv.lo, tv.hi));
        const double mid = p0 + bar / 2;
        const double cap = std::min(5.0, bar / 2 - 1);
        line(a, mid, b, mid, "class=\"whisker\" stroke=\"#1f2933\" stroke-width=\"1.3\"");
        line(a, mid - cap, a, mid + cap, "stroke=\"#1f2933\" stroke-width=\"1.3\"");
        line(b, mid - cap, b, mid + cap, "stroke=\"#1f2933\" stroke-width=\"1.3\"");
      }
    }
  }
}

}  // namespace

std::string bar_chart(const BarChart& ch) {
  std::vector<RefLine> lines = ch.lines;  // always across the value axis
  for (auto& l : lines) l.vertical = false;
  const std::size_t n = ch.categories.size(), m = ch.series.size();
  Range vr;
  std::size_t bars = 0;
  for (const auto& s : ch.series) {
    for (std::size_t i = 0; i < n && i < s.y.size(); ++i) {
      if (!finite(s.y[i])) continue;
      ++bars;
      vr.add(s.y[i], at(s.ci, i));
    }
  }
  if (bars == 0) return empty_chart(ch.title, ch.note);
  for (const auto& l : lines) vr.add(l.value);
  Axis va = ch.value_axis;
  va.include_zero = true;
  const Ticks tv = nice_ticks(vr.lo, vr.hi, va, ch.horizontal ? 8 : 5);

  std::vector<LegendItem> items;
  for (std::size_t k = 0; k < m; ++k) {
    if (!ch.series[k].name.empty() && m > 1) {
      items.push_back({ch.series[k].name, colour(ch.series[k].color, k), LegendItem::Kind::box});
    }
  }
  double widest = 0;
  for (const auto& l : ch.categories) widest = std::max(widest, text_width(l));

  const double W = ch.width;
  double H = ch.height;
  // Layout: categories along x (vertical bars) or down the left (horizontal bars).
  double left, right = W - 18, top, bottom;
  bool rotate = false;
  Svg probe(W, H);  // legend height does not depend on the chart height
  const double legend_h = items.empty() ? 0 : legend(probe, items, 0, 14, W - 18);
  if (ch.horizontal) {
    const double row = std::max(24.0, static_cast<double>(m) * 13.0 + 10);
    left = 12 + widest + 10;
    top = legend_h + 10 + ref_label_room(lines, true);
    H = top + row * static_cast<double>(n) + 30 + (ch.value_axis.label.empty() ? 0 : 18);
    bottom = top + row * static_cast<double>(n);
  } else {
    left = 14 + tick_label_width(tv) + (ch.value_axis.label.empty() ? 0 : 20);
    top = legend_h + 12 + ref_label_room(lines);
    const double band = (right - left) / static_cast<double>(n);
    rotate = widest + 8 > band;
    const double label_h = rotate ? std::min(widest, 160.0) * 0.71 + 14 : 22;
    bottom = H - label_h - 6;
  }
  Svg svg(W, H);
  legend(svg, items, left, 14, right);

  const double slots = static_cast<double>(n);
  if (ch.horizontal) {
    const Scale sv{tv.lo, tv.hi, left, right};
    const double row = (bottom - top) / slots;
    x_axis_numeric(svg, tv, sv, bottom, ch.value_axis.label, H - 6, true, top);
    svg.add("<g class=\"axis\">");
    for (std::size_t i = 0; i < n; ++i) {
      svg.text(left - 8, top + row * (static_cast<double>(i) + 0.5) + 4, ch.categories[i],
               "text-anchor=\"end\"");
    }
    svg.add("</g>");
    const double zero = sv(std::clamp(0.0, tv.lo, tv.hi));
    svg.line(zero, top, zero, bottom, "class=\"zero\"");
    const double bar = (row - 8) / static_cast<double>(m);
    draw_bars(svg, ch, tv, sv, bar, [&](std::size_t i, std::size_t k) {
      return top + row * static_cast<double>(i) + 4 + bar * static_cast<double>(k);
    });
    ref_lines(svg, lines, {left, right, top, bottom}, &sv, nullptr, true);
  } else {
    const Scale sv{tv.lo, tv.hi, bottom, top};
    const double band = (right - left) / slots;
    y_axis(svg, tv, sv, left, right, false, ch.value_axis.label, 14);
    svg.add("<g class=\"axis\">");
    svg.line(left, bottom, right, bottom, "");
    for (std::size_t i = 0; i < n; ++i) {
      const double x = left + band * (static_cast<double>(i) + 0.5);
      if (rotate) {
        svg.text(x, bottom + 14, ch.categories[i],
                 "text-anchor=\"end\" transform=\"rotate(-45 " + c(x) + " " + c(bottom + 14) + ")\"");
      } else {
        svg.text(x, bottom + 17, ch.categories[i], "text-anchor=\"middle\"");
      }
    }
    svg.add("</g>");
    if (tv.lo < 0 && tv.hi > 0) svg.line(left, sv(0), right, sv(0), "class=\"zero\"");
    const double bar = band * 0.8 / static_cast<double>(m);
    draw_bars(svg, ch, tv, sv, bar, [&](std::size_t i, std::size_t k) {
      return left + band * (static_cast<double>(i) + 0.1) + bar * static_cast<double>(k);
    });
    ref_lines(svg, lines, {left, right, top, bottom}, nullptr, &sv);
  }
  return svg.finish(ch.title, ch.note);
}

// ---------------------------------------------------------------------------------------
// Histogram with fitted curves

std::string histogram_with_curve(const Histogram& h) {
  const std::size_t bins = h.edges.size() >= 2 ? std::min(h.edges.size() - 1, h.counts.size()) : 0;
  double total = 0;
  for (std::size_t i = 0; i < bins; ++i) {
    if (finite(h.counts[i])) total += h.counts[i];
  }
  // Bar heights on the chosen scale; NaN where the bin is unusable.
  std::vector<double> height(bins, kNaN);
  Range xr, yr;
  std::size_t marks = 0;
  for (std::size_t i = 0; i < bins; ++i) {
    const double a = h.edges[i], b = h.edges[i + 1], k = h.counts[i];
    if (!finite(a) || !finite(b) || !(b > a) || !finite(k)) continue;
    height[i] = h.density ? (total > 0 ? k / (total * (b - a)) : kNaN) : k;
    if (!finite(height[i])) continue;
    ++marks;
    xr.add(a), xr.add(b), yr.add(height[i]);
  }
  for (const auto& s : h.curves) {
    std::size_t defined = 0;
    for (std::size_t i = 0; i < s.y.size(); ++i) {
      if (finite(at(s.x, i)) && finite(s.y[i])) ++defined, xr.add(s.x[i]), yr.add(s.y[i]);
    }
    marks += defined > 0;
  }
  if (marks == 0) return empty_chart(h.title, h.note);

  const double W = h.width, H = h.height;
  Svg svg(W, H);
  std::vector<LegendItem> items{{h.data_name, "#9aa5b1", LegendItem::Kind::box}};
  for (std::size_t k = 0; k < h.curves.size(); ++k) {
    items.push_back({h.curves[k].name, colour(h.curves[k].color, k),
                     h.curves[k].dashed ? LegendItem::Kind::dashed : LegendItem::Kind::line});
  }
  Axis ya = h.y_axis;
  ya.include_zero = true;
  const Ticks ty = nice_ticks(yr.lo, yr.hi, ya, 5);
  const Ticks tx = nice_ticks(xr.lo, xr.hi, h.x_axis, 8);
  const double left = 14 + tick_label_width(ty) + (h.y_axis.label.empty() ? 0 : 20);
  const double right = W - 18;
  const double top = legend(svg, items, left, 14, right) + 12 + ref_label_room(h.lines);
  const double bottom = H - 26 - (h.x_axis.label.empty() ? 0 : 18);
  const Scale sx{tx.lo, tx.hi, left, right}, sy{ty.lo, ty.hi, bottom, top};
  y_axis(svg, ty, sy, left, right, false, h.y_axis.label, 14);
  x_axis_numeric(svg, tx, sx, bottom, h.x_axis.label, H - 6, false, top);
  const int dec = tx.decimals + 1;
  for (std::size_t i = 0; i < bins; ++i) {
    if (!finite(height[i])) continue;
    const double x0 = sx(std::clamp(h.edges[i], tx.lo, tx.hi));
    const double x1 = sx(std::clamp(h.edges[i + 1], tx.lo, tx.hi));
    const double y = sy(std::clamp(height[i], ty.lo, ty.hi));
    svg.mark("rect",
             "x=\"" + c(x0) + "\" y=\"" + c(y) + "\" width=\"" + c(std::max(0.0, x1 - x0 - 0.6)) +
                 "\" height=\"" + c(bottom - y) + "\" fill=\"#9aa5b1\" fill-opacity=\"0.7\"",
             "[" + num(h.edges[i], dec) + ", " + num(h.edges[i + 1], dec) + "): " +
                 num(h.counts[i], 0, true) + " (" + num(height[i], ty.decimals + 2) + ")");
  }
  for (std::size_t k = 0; k < h.curves.size(); ++k) {
    const auto& s = h.curves[k];
    std::vector<std::pair<double, double>> pts;
    std::vector<bool> breaks;
    bool gap = true;
    for (std::size_t i = 0; i < s.y.size(); ++i) {
      const double x = at(s.x, i), y = s.y[i];
      if (!finite(x) || !finite(y)) {
        gap = true;
        continue;
      }
      pts.emplace_back(sx(std::clamp(x, tx.lo, tx.hi)), sy(std::clamp(y, ty.lo, ty.hi)));
      breaks.push_back(gap);
      gap = false;
    }
    if (pts.empty()) continue;
    svg.mark("path",
             "d=\"" + polyline(pts, breaks, false) + "\" fill=\"none\" stroke=\"" +
                 escape(colour(s.color, k)) + "\" stroke-width=\"2.4\"" +
                 (s.dashed ? " stroke-dasharray=\"6 4\"" : ""),
             s.name);
  }
  ref_lines(svg, h.lines, {left, right, top, bottom}, &sx, &sy);
  return svg.finish(h.title, h.note);
}

// ---------------------------------------------------------------------------------------
// Scatter

std::string scatter(const ScatterChart& ch) {
  Range xr, yr;
  std::size_t points = 0;
  for (const auto& g : ch.groups) {
    for (const auto& p : g.points) {
      if (!finite(p.x) || !finite(p.y)) continue;
      ++points;
      xr.add(p.x, p.x_ci), yr.add(p.y, p.y_ci);
    }
  }
  if (points == 0) return empty_chart(ch.title, ch.note);
  for (const auto& l : ch.lines) (l.vertical ? xr : yr).add(l.value);

  const double W = ch.width, H = ch.height;
  Svg svg(W, H);
  std::vector<LegendItem> items;
  for (std::size_t k = 0; k < ch.groups.size(); ++k) {
    if (!ch.groups[k].name.empty()) {
      items.push_back({ch.groups[k].name, colour(ch.groups[k].color, k), LegendItem::Kind::dot});
    }
  }
  const Ticks ty = nice_ticks(yr.lo, yr.hi, ch.y_axis, 5);
  const Ticks tx = nice_ticks(xr.lo, xr.hi, ch.x_axis, 8);
  const double left = 14 + tick_label_width(ty) + (ch.y_axis.label.empty() ? 0 : 20);
  const double right = W - 24;
  const double top = legend(svg, items, left, 14, right) + 14 + ref_label_room(ch.lines);
  const double bottom = H - 26 - (ch.x_axis.label.empty() ? 0 : 18);
  const Scale sx{tx.lo, tx.hi, left, right}, sy{ty.lo, ty.hi, bottom, top};
  y_axis(svg, ty, sy, left, right, false, ch.y_axis.label, 14);
  x_axis_numeric(svg, tx, sx, bottom, ch.x_axis.label, H - 6, true, top);
  ref_lines(svg, ch.lines, {left, right, top, bottom}, &sx, &sy);
  struct Label {
    double x, y;
    std::string text;
  };
  std::vector<Label> labels;
  for (std::size_t k = 0; k < ch.groups.size(); ++k) {
    const auto& g = ch.groups[k];
    const std::string col = escape(colour(g.color, k));
    if (g.connect) {
      std::vector<std::pair<double, double>> pts;
      std::vector<bool> breaks;
      bool gap = true;
      for (const auto& p : g.points) {
        if (!finite(p.x) || !finite(p.y)) {
          gap = true;
          continue;
        }
        pts.emplace_back(sx(p.x), sy(p.y));
        breaks.push_back(gap);
        gap = false;
      }
      svg.add("<path class=\"line\" d=\"" + polyline(pts, breaks, false) +
              "\" fill=\"none\" stroke=\"" + col + "\" stroke-width=\"1.6\" stroke-opacity=\"0.7\"/>");
    }
    for (const auto& p : g.points) {
      if (!finite(p.x) || !finite(p.y)) continue;
      const double x = sx(p.x), y = sy(p.y);
      const std::string whisker = "stroke=\"" + col + "\" stroke-width=\"1.2\"";
      if (finite(p.x_ci) && p.x_ci > 0) {
        svg.line(sx(std::max(tx.lo, p.x - p.x_ci)), y, sx(std::min(tx.hi, p.x + p.x_ci)), y, whisker);
      }
      if (finite(p.y_ci) && p.y_ci > 0) {
        svg.line(x, sy(std::max(ty.lo, p.y - p.y_ci)), x, sy(std::min(ty.hi, p.y + p.y_ci)), whisker);
      }
      svg.mark("circle",
               "cx=\"" + c(x) + "\" cy=\"" + c(y) + "\" r=\"4.5\" fill=\"" + col +
                   "\" stroke=\"#fff\" stroke-width=\"1\"",
               (p.label.empty() ? g.name : p.label) + ": " + value_text(p.x, p.x_ci, tx.decimals + 1) +
                   ", " + value_text(p.y, p.y_ci, ty.decimals + 1));
      if (!p.label.empty()) labels.push_back({x, y, p.label});
    }
  }
  // Labels: each at the first of eight spots around its point where it overlaps no label
  // already placed and no point, and stays inside the chart; left out (the tooltip and the
  // caller's table still name the point) when no spot is free.
  struct Rect {
    double x0, y0, x1, y1;
    bool hits(const Rect& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
  };
  std::vector<Rect> taken;
  for (const auto& l : labels) taken.push_back({l.x - 4, l.y - 4, l.x + 4, l.y + 4});
  for (const auto& l : labels) {
    const double w = text_width(l.text) * 11 / kFont, hgt = 12;
    const struct {
      double dx, dy;
      bool end;
    } spots[] = {{8, -6, false}, {8, 14, false}, {-8, -6, true}, {-8, 14, true},
                 {8, -18, false}, {-8, -18, true}, {8, 26, false}, {-8, 26, true}};
    for (const auto& sp : spots) {
      const double lx = l.x + sp.dx, ly = l.y + sp.dy;
      const Rect r{sp.end ? lx - w : lx, ly - hgt + 2, sp.end ? lx : lx + w, ly + 2};
      if (r.x0 < 0 || r.x1 > W || r.y0 < 0 || r.y1 > bottom) continue;
      if (std::any_of(taken.begin(), taken.end(), [&](const Rect& o) { return r.hits(o); })) {
        continue;
      }
      taken.push_back(r);
      svg.text(lx, ly, l.text,
               std::string("class=\"point-label\"") + (sp.end ? " text-anchor=\"end\"" : ""));
      break;
    }
  }
  return svg.finish(ch.title, ch.note);
}


// ---------------------------------------------------------------------------------------
// Gantt chart

std::string gantt_chart(const GanttChart& g) {
  Range xr;
  std::size_t spans = 0;
  for (const auto& row : g.rows) {
    for (const auto& [a, b] : row.spans) {
      if (!finite(a) || !finite(b) || b <= a) continue;
      ++spans;
      xr.add(a), xr.add(b);
    }
  }
  if (spans == 0) return empty_chart(g.title, g.note);
  for (const auto& l : g.lines) xr.add(l.value);
  // Ticks on whole hours or a nice multiple, labelled as a clock.
  const Ticks th = nice_ticks(xr.lo / 3600, xr.hi / 3600, Axis{}, 10);
  double widest = 0;
  for (const auto& row : g.rows) widest = std::max(widest, text_width(row.label));
  const double row_h = 16, W = g.width;
  std::vector<LegendItem> items;
  for (std::size_t k = 0; k < g.groups.size(); ++k) {
    items.push_back({g.groups[k], colour("", k), LegendItem::Kind::box});
  }
  const double left = 12 + std::min(widest, W / 3) + 10, right = W - 18;
  Svg probe(W, 0);
  const double top = (items.empty() ? 0 : legend(probe, items, left, 14, right)) + 12 +
                     ref_label_room(g.lines);
  const double bottom = top + row_h * static_cast<double>(g.rows.size());
  const double H = bottom + 26;
  Svg svg(W, H);
  legend(svg, items, left, 14, right);
  const Scale sx{th.lo * 3600, th.hi * 3600, left, right};
  svg.add("<g class=\"grid\">");
  for (const double v : th.at) svg.line(sx(v * 3600), top, sx(v * 3600), bottom, "");
  svg.add("</g><g class=\"axis\">");
  svg.line(left, bottom, right, bottom, "");
  for (const double v : th.at) {
    svg.text(sx(v * 3600), bottom + 17, sim::text::hhmm(v * 3600), "text-anchor=\"middle\"");
  }
  for (std::size_t i = 0; i < g.rows.size(); ++i) {
    svg.text(left - 8, top + row_h * (static_cast<double>(i) + 0.5) + 4, g.rows[i].label,
             "text-anchor=\"end\"");
  }
  svg.add("</g>");
  for (std::size_t i = 0; i < g.rows.size(); ++i) {
    const GanttRow& row = g.rows[i];
    const std::string fill = escape(colour("", row.group));
    const double y = top + row_h * static_cast<double>(i) + 3;
    for (const auto& [a, b] : row.spans) {
      if (!finite(a) || !finite(b) || b <= a) continue;
      svg.mark("rect",
               "x=\"" + c(sx(a)) + "\" y=\"" + c(y) + "\" width=\"" + c(sx(b) - sx(a)) +
                   "\" height=\"" + c(row_h - 6) + "\" fill=\"" + fill + "\"",
               sim::text::hhmm(a) + "–" + sim::text::hhmm(b) + (row.tip.empty() ? "" : " " + row.tip));
    }
  }
  ref_lines(svg, g.lines, {left, right, top, bottom}, &sx, nullptr);
  return svg.finish(g.title, g.note);
}

}  // namespace report::html
