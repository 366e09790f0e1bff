// A small builder for self-contained HTML reports: one file, inline CSS, inline SVG charts,
// no script, no font or file fetched from anywhere, so a manager can open it by
// double-click, offline, and print it. Every report writer (run, staffing search, mix
// comparison, calibration fit) composes the same pieces:
//
//   html::Page page("Title");
//   page.meta("seed", "1").section("Timeline").add(html::line_chart(chart));
//   os << page.str();
//
// Conventions the browser test relies on (tests/report/):
//  - every chart that has data is `<svg class="chart" data-marks="N">` where N is the
//    number of its elements of class "mark" (a point, a bar, a bin, a line drawn without
//    point markers); each mark carries a <title> tooltip;
//  - a chart with nothing to draw renders `<p class="chart-empty">` saying so, never an
//    empty SVG;
//  - NaN means "undefined" (no calls, no service level): such values are skipped (a gap
//    in a line, no bar), never drawn at 0, and the text "NaN" never appears in the output.
// Output is a pure function of the inputs (no clock, no locale, no randomness), so a report
// is byte-identical across runs and thread counts.
#pragma once

#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace report::html {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Text for HTML content and attribute values: & < > " ' escaped.
std::string escape(std::string_view text);

// Numbers as report text. NaN gives "–" (an en dash: undefined). `group` puts a narrow
// no-break space between thousands (11 949) from five digits on.
std::string num(double x, int decimals, bool group = false);
// "92.3 ± 1.0"; the "± …" part is left out when ci is NaN (one replication).
std::string num_ci(double mean, double ci, int decimals, bool group = false);

// ---------------------------------------------------------------------------------------
// Page

class Page {
 public:
  explicit Page(std::string title);
  Page& subtitle(std::string text);
  // A "label: value" line in the page header (scenario file, seed, replications …).
  Page& meta(std::string label, std::string value);
  // Starts a section: <section><h2>heading</h2>. `id` (optional) becomes its anchor and an
  // entry in the table of contents shown when there are three sections or more.
  Page& section(std::string heading, std::string id = "");
  Page& note(std::string text);     // a paragraph of escaped text in the current section
  Page& add(std::string fragment);  // HTML from the functions below, appended as is
  std::string str() const;          // the whole document

 private:
  struct Section {
    std::string heading, id, body;
  };
  std::string title_, subtitle_;
  std::vector<std::pair<std::string, std::string>> meta_;
  std::string preamble_;  // content added before the first section
  std::vector<Section> sections_;
};

// Headline figures ("service level 92.3 ± 1.0 %"), a row of tiles.
struct Tile {
  std::string label;
  std::string value;   // main figure, e.g. num(92.3, 1)
  std::string detail;  // smaller text under it, e.g. "± 1.0 % · target 80 %"
  enum class Status { none, good, bad } status = Status::none;  // coloured edge
};
std::string tiles(const std::vector<Tile>& tiles);

// Fragments side by side on a wide screen, one under another on a narrow one or in print.
std::string columns(const std::vector<std::string>& fragments);

// ---------------------------------------------------------------------------------------
// Tables

struct Table {
  std::string caption;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;    // cell text, escaped on output; a numeric
                                                 // cell may wrap only before a "±"
  std::vector<std::vector<std::string>> footer;  // totals rows, set in bold
  // Per column: right-aligned with tabular figures. Empty: every column but the first.
  std::vector<bool> numeric;
};
std::string table(const Table& t);

// ---------------------------------------------------------------------------------------
// Charts (inline SVG)

struct Axis {
  std::string label;          // e.g. "service level (%)"
  double min = kNaN;          // NaN: from the data
  double max = kNaN;
  bool include_zero = false;  // extend the automatic range to 0 (counts, bars)
  int decimals = -1;          // tick labels; -1: from the tick step
};

// A reference line such as a service-level target (horizontal: at a y value) or an event
// (vertical: at an x value; in a line chart with categories, x is the category's index).
// In bar charts a line is always across the value axis and `vertical` is ignored.
struct RefLine {
  double value = 0;
  std::string label;
  bool vertical = false;
  // An event marker (vertical only): drawn in the events' colour (class "event"), with a
  // shaded band from `value` to `end` when end is given (the event's window) and `tip` as
  // the tooltip of its line and band.
  bool event = false;
  double end = kNaN;
  std::string tip = "";
};

struct Series {
  std::string name;
  std::vector<double> y;    // NaN: no value here
  std::vector<double> ci;   // optional 95 % half-widths: band (lines) or whiskers (bars)
  std::vector<double> x;    // optional numeric x of this series (numeric line charts)
  std::string color;        // CSS colour; empty: the next colour of the palette
  bool dashed = false;
  bool right_axis = false;  // line charts: plot against LineChart::y2_axis
};

// Lines over x categories (interval starts "08:00", …) or a numeric x. With `step`, each
// value holds across its category's band (per-interval figures) or, on a numeric x, until
// the next x (a Kaplan-Meier or cumulative curve).
struct LineChart {
  std::string title;
  std::string note;                     // caption under the chart
  std::vector<std::string> categories;  // x labels, evenly spaced; or leave empty and give
  std::vector<double> x;                // a numeric x shared by the series (or Series::x)
  std::vector<Series> series;
  Axis x_axis, y_axis;
  Axis y2_axis;                         // used when a series has right_axis
  std::vector<RefLine> lines;
  bool step = false;
  bool markers = true;  // a point per value (a mark each); false: one mark per line
  int width = 900, height = 280;  // SVG units; the chart scales to the page width
};
std::string line_chart(const LineChart& c);
// A series of y values (and optional 95 % half-widths) over a chart's categories.
Series series(std::string name, std::vector<double> y, std::vector<double> ci = {});

// Grouped bars (categories x series) with CI whiskers; values may be negative (paired
// differences): bars then grow from zero, which is drawn as a stronger line.
struct BarChart {
  std::string title;
  std::string note;
  std::vector<std::string> categories;
  std::vector<Series> series;  // y and ci per category
  Axis value_axis;
  std::vector<RefLine> lines;  // across the value axis, e.g. a target
  bool horizontal = false;     // categories down the left: suits long names
  int width = 900, height = 300;  // horizontal: height grows with the categories
};
std::string bar_chart(const BarChart& c);

// Observed data as a histogram (bins [edges[i], edges[i+1]) holding counts[i]) under one
// or more curves (fitted densities, Series::x and Series::y). With `density`, bars are
// drawn as count / (total x bin width), the scale of a probability density.
struct Histogram {
  std::string title;
  std::string note;
  std::vector<double> edges;
  std::vector<double> counts;
  std::string data_name = "data";
  std::vector<Series> curves;
  Axis x_axis, y_axis;
  std::vector<RefLine> lines;
  bool density = true;
  int width = 900, height = 300;
};
std::string histogram_with_curve(const Histogram& h);

struct Point {
  double x = kNaN, y = kNaN;
  std::string label;  // next to the point where there is room; always in its tooltip
  double x_ci = kNaN, y_ci = kNaN;
};
struct PointGroup {
  std::string name;
  std::vector<Point> points;
  std::string color;
  bool connect = false;  // join the points in order (a frontier)
};
struct ScatterChart {
  std::string title;
  std::string note;
  std::vector<PointGroup> groups;
  Axis x_axis, y_axis;
  std::vector<RefLine> lines;
  int width = 900, height = 340;
};
std::string scatter(const ScatterChart& c);

// Bars along a day, one row each (a Gantt chart of shifts): each row's spans are drawn as
// marks, the gaps between them left empty (breaks). x is seconds since midnight, labelled
// as a clock ("08:00"); rows are drawn top down in the order given, coloured by group.
struct GanttRow {
  std::string label;                             // left of the row
  std::size_t group = 0;                         // index into GanttChart::groups
  std::vector<std::pair<double, double>> spans;  // [start, end), seconds since midnight
  std::string tip;                               // tooltip of each span, after its times
};
struct GanttChart {
  std::string title;
  std::string note;
  std::vector<std::string> groups;  // legend, one colour each (the palette's, in order)
  std::vector<GanttRow> rows;
  std::vector<RefLine> lines;       // vertical, at seconds since midnight (opening, closing)
  int width = 900;                  // the height follows the rows
};
std::string gantt_chart(const GanttChart& g);

}  // namespace report::html
