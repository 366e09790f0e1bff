#include "report/html.h"
#include "report/run_report.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace h = report::html;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

// The data-marks attribute of the only chart in `svg`, or -1.
int data_marks(const std::string& svg) {
  std::smatch m;
  if (!std::regex_search(svg, m, std::regex("<svg class=\"chart\" data-marks=\"([0-9]+)\""))) {
    return -1;
  }
  return std::stoi(m[1]);
}

// The browser test counts elements of class "mark"; data-marks must agree with it.
void expect_marks_consistent(const std::string& svg) {
  EXPECT_EQ(data_marks(svg), static_cast<int>(count(svg, "class=\"mark\"")));
  EXPECT_EQ(svg.find("NaN"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("nan"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("inf"), std::string::npos) << svg;
}

using report::html::series;

}  // namespace

TEST(Html, EscapesMarkupCharactersInTextAndAttributes) {
  EXPECT_EQ(h::escape("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
  h::Page page("<script>alert(1)</script>");
  page.meta("x", "\"quoted\"").section("A & B").note("1 < 2");
  const std::string s = page.str();
  EXPECT_EQ(s.find("<script>"), std::string::npos);
  EXPECT_NE(s.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(s.find("<h2>A &amp; B</h2>"), std::string::npos);
  EXPECT_NE(s.find(">1 &lt; 2</p>"), std::string::npos);
}

TEST(Html, PageIsSelfContained) {
  h::Page page("Report");
  page.section("One", "one").add(h::tiles({{"SL", "92.3 %", "\u00b1 1.0 %"}}));
  const std::string s = page.str();
  EXPECT_EQ(s.rfind("<!DOCTYPE html>", 0), 0u);
  for (const char* remote : {"http://", "https://", "<script", "<link", "@import", "url("}) {
    // The SVG namespace is the one URL allowed: it names, it is never fetched.
    std::string rest = s;
    for (std::size_t p; (p = rest.find("http://www.w3.org/2000/svg")) != std::string::npos;) {
      rest.erase(p, 26);
    }
    EXPECT_EQ(rest.find(remote), std::string::npos) << remote;
  }
}

TEST(Html, FormatsNumbersAndConfidenceIntervals) {
  EXPECT_EQ(h::num(92.345, 1), "92.3");
  EXPECT_EQ(h::num(-0.04, 1), "0.0");  // never "-0.0"
  EXPECT_EQ(h::num(11949, 0, true), "11\u202f949");
  EXPECT_EQ(h::num(1949, 0, true), "1949");
  EXPECT_EQ(h::num(-1234567.5, 1, true), "-1\u202f234\u202f567.5");
  EXPECT_EQ(h::num(h::kNaN, 1), "\u2013");
  EXPECT_EQ(h::num_ci(92.34, 0.96, 1), "92.3 \u00b1 1.0");
  EXPECT_EQ(h::num_ci(92.34, h::kNaN, 1), "92.3");
  EXPECT_EQ(h::num_ci(h::kNaN, 1, 1), "\u2013");
}

TEST(Html, TableEscapesCellsAndAlignsNumbers) {
  h::Table t;
  t.header = {"call type", "offered"};
  t.rows = {{"<billing>", "12"}};
  t.footer = {{"all", "12"}};
  const std::string s = h::table(t);
  EXPECT_NE(s.find("<td>&lt;billing&gt;</td><td class=\"num\">12</td>"), std::string::npos);
  EXPECT_NE(s.find("<tfoot>"), std::string::npos);
}

TEST(Html, LineChartSkipsNaNAndCountsMarks) {
  h::LineChart c;
  c.title = "SL";
  c.categories = {"08:00", "08:30", "09:00", "09:30"};
  h::Series a = series("offered", {10, h::kNaN, 30, 40}, {1, h::kNaN, 2, 2});
  h::Series b = series("SL", {h::kNaN, 0.5, h::kNaN, h::kNaN});
  b.right_axis = true;
  c.series = {a, b};
  c.lines = {{80, "goal"}};
  const std::string s = h::line_chart(c);
  EXPECT_EQ(data_marks(s), 4);  // three points of "offered", one of "SL"
  expect_marks_consistent(s);
  // The gap breaks the line: two sub-paths, not a segment through 0.
  EXPECT_EQ(count(s, "<path class=\"line\""), 2u);
}

TEST(Html, LineChartWithoutMarkersCountsOneMarkPerLine) {
  h::LineChart c;
  c.x = {0, 1, 2, 3};
  c.step = true;
  c.markers = false;
  c.series = {series("group A", {1, 0.8, 0.5, 0.2}), series("group B", {1, 0.9, h::kNaN, 0.7})};
  const std::string s = h::line_chart(c);
  EXPECT_EQ(data_marks(s), 2);
  expect_marks_consistent(s);
  EXPECT_NE(s.find('H'), std::string::npos);  // horizontal steps
}

TEST(Html, ChartWithNoDataSaysSoInsteadOfAnEmptySvg) {
  h::LineChart c;
  c.title = "Nothing";
  c.categories = {"08:00", "08:30"};
  c.series = {series("SL", {h::kNaN, h::kNaN})};
  for (const std::string& s :
       {h::line_chart(c), h::bar_chart(h::BarChart{}), h::histogram_with_curve(h::Histogram{}),
        h::scatter(h::ScatterChart{})}) {
    EXPECT_EQ(s.find("<svg"), std::string::npos) << s;
    EXPECT_NE(s.find("class=\"chart-empty\""), std::string::npos) << s;
  }
}

TEST(Html, BarChartDrawsNegativeValuesAroundZeroWithWhiskers) {
  for (const bool horizontal : {false, true}) {
    h::BarChart c;
    c.title = "Paired differences";
    c.horizontal = horizontal;
    c.categories = {"SL", "ASA", "cost"};
    c.series = {series("mix A - base", {2.5, -3.0, h::kNaN}, {1.0, 0.5, 1.0}),
                series("mix B - base", {-1.0, h::kNaN, 4.0}, {h::kNaN, 1.0, 2.0})};
    const std::string s = h::bar_chart(c);
    EXPECT_EQ(data_marks(s), 4);
    expect_marks_consistent(s);
    EXPECT_NE(s.find("class=\"zero\""), std::string::npos);
    EXPECT_EQ(count(s, "class=\"whisker\""), 3u);  // no whisker without a CI
    EXPECT_NE(s.find("-3.0 \u00b1 0.5"), std::string::npos) << s;  // tooltip
  }
}

TEST(Html, HistogramDrawsBinsAndFittedCurve) {
  h::Histogram hist;
  hist.edges = {0, 60, 120, 180, 240};
  hist.counts = {50, 30, h::kNaN, 5};
  h::Series fit = series("exponential fit", {});
  for (int i = 0; i <= 24; ++i) {
    fit.x.push_back(i * 10.0);
    fit.y.push_back(std::exp(-i * 10.0 / 80) / 80);
  }
  hist.curves = {fit};
  const std::string s = h::histogram_with_curve(hist);
  EXPECT_EQ(data_marks(s), 4);  // three usable bins and one curve
  expect_marks_consistent(s);
}

TEST(Html, ScatterLabelsPointsAndSkipsUndefinedOnes) {
  h::ScatterChart c;
  c.groups = {{"frontier",
               {{60000, 88.0, "base"}, {64000, 92.5, "+2 Rep II"}, {h::kNaN, 90, "broken"}},
               "",
               true}};
  c.groups[0].points[1].y_ci = 1.1;
  const std::string s = h::scatter(c);
  EXPECT_EQ(data_marks(s), 2);
  expect_marks_consistent(s);
  EXPECT_NE(s.find("+2 Rep II"), std::string::npos);
  EXPECT_EQ(s.find("broken"), std::string::npos);
}

TEST(Html, ScatterLabelsOfCoincidentPointsDoNotOverlap) {
  h::ScatterChart c;
  c.groups = {{"variants", {{660, 46.4, "baseline"}, {660, 46.4, "interpersonal +1 rep"}}, "", false}};
  const std::string s = h::scatter(c);
  std::regex label("<text x=\"([0-9.]+)\" y=\"([0-9.]+)\" class=\"point-label\"");
  std::vector<std::string> spots;
  for (auto it = std::sregex_iterator(s.begin(), s.end(), label); it != std::sregex_iterator();
       ++it) {
    spots.push_back((*it)[1].str() + "," + (*it)[2].str());
  }
  ASSERT_EQ(spots.size(), 2u) << s;
  EXPECT_NE(spots[0], spots[1]);
}

TEST(Html, StepsOverCategoriesSpanEachIntervalsBand) {
  h::LineChart c;
  c.categories = {"08:00", "08:30"};
  c.step = true;
  c.series = {series("agents", {10, 12})};
  const std::string s = h::line_chart(c);
  expect_marks_consistent(s);
  // One horizontal run per interval, joined by a vertical at the boundary.
  std::smatch m;
  ASSERT_TRUE(std::regex_search(s, m, std::regex("class=\"line\" d=\"M[^\"]*\"")));
  EXPECT_EQ(count(m.str(), "H"), 2u) << m.str();
  EXPECT_EQ(count(m.str(), "V"), 1u) << m.str();
}

namespace {

// The run report on a made-up Summary. A two-interval day, one call type, one role; the second interval has no calls, so its
// service level and ASA are undefined (NaN) as the simulator reports them. Six charts: five
// timelines and the service level by call type.
std::string run_report_of(std::size_t replications) {
  report::RunInfo info;
  info.scenario_name = "Two intervals & <one> type";
  info.scenario_file = "x/scenario.toml";
  info.call_types = {"billing"};
  info.roles = {"rep"};
  info.open_s = 8 * 3600;
  info.close_s = 9 * 3600;
  info.interval_s = 1800;
  info.intervals = 2;
  info.replications = replications;
  report::Summary summary(info);
  using sim::metrics::CallMetric;
  for (std::size_t r = 0; r < replications; ++r) {
    std::vector<sim::metrics::Ratio> v(summary.size(), {1.0 + static_cast<double>(r), 1.0});
    for (std::size_t t = 0; t <= 1; ++t) {
      for (CallMetric m : {CallMetric::service_level, CallMetric::asa_s, CallMetric::aht_s}) {
        v[summary.call_index(1, t, m)] = {0.0, 0.0};
      }
    }
    summary.add(v);
  }
  std::ostringstream os;
  report::write_run_report(os, info, summary);
  return os.str();
}

}  // namespace

TEST(RunReport, WritesEveryChartWithoutNaNAndEscapesTheScenarioName) {
  for (const std::size_t n : {1u, 3u}) {
    const std::string s = run_report_of(n);
    EXPECT_EQ(s.find("NaN"), std::string::npos);
    EXPECT_EQ(s.find("nan"), std::string::npos);
    EXPECT_NE(s.find("<h1>Two intervals &amp; &lt;one&gt; type</h1>"), std::string::npos);
    std::size_t charts = 0;
    for (std::size_t p = 0; (p = s.find("<svg class=\"chart\"", p)) != std::string::npos; ++p) {
      ++charts;
    }
    EXPECT_EQ(charts, 6u) << "replications " << n;
    EXPECT_EQ(s.find("class=\"chart-empty\""), std::string::npos);
  }
}

TEST(RunReport, IsTheSameBytesForTheSameSummary) { EXPECT_EQ(run_report_of(3), run_report_of(3)); }
