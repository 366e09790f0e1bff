#include "report/search_parts.h"

#include "sim/scenario/format.h"

namespace report::search {

using analysis::Criterion;
using analysis::IntervalStaffing;
using analysis::kTargetFigures;
using analysis::MeanCi;
using sim::metrics::CallMetric;
using sim::text::number;

void put_figure_header(std::string& out) {
  for (CallMetric m : kTargetFigures) {
    const std::string name(sim::metrics::def(m).name);
    out += "," + name + "," + name + "_ci95_half_width";
  }
  out += ",p_days_met,met";
}

void put_figure_cells(std::string& out, const IntervalStaffing& iv) {
  for (const MeanCi& m : iv.achieved) out += "," + number(m.mean) + "," + number(m.half_width);
  out += "," + number(iv.p_met) + "," + (iv.met ? "true" : "false");
}

std::string targets_text(const analysis::StaffingOptions& o) {
  std::string out;
  for (const auto& t : o.targets) out += (out.empty() ? "" : ", ") + t.text;
  return out;
}

std::string criterion_text(const analysis::StaffingOptions& o) {
  const std::string share = html::num(100 * o.confidence, 0) + " %";
  return o.criterion == Criterion::days
             ? "every target met on >= " + share + " of simulated days"
             : "the expected figure meets every target with " + share + " confidence";
}

void put_options(json::Json& j, const analysis::StaffingOptions& o) {
  j["seed"] = o.seed;
  j["replications"] = o.replications;
  j["confidence"] = json::number(o.confidence);
  j["criterion"] = o.criterion == Criterion::mean ? "mean" : "days";
  j["targets"] = json::Json::array();
  for (const auto& t : o.targets) j["targets"].push_back(t.text);
}

void add_service_charts(html::Page& page, const std::vector<std::string>& categories,
                        const std::vector<IntervalStaffing>& intervals,
                        const analysis::StaffingOptions& o) {
  namespace h = report::html;
  constexpr double kNaN = h::kNaN;
  h::Series s_sl{"service level", {}, {}, {}, "", false, false};
  h::Series s_ab{"abandonment", {}, {}, {}, "", false, false};
  for (const auto& iv : intervals) {
    const MeanCi& sl = iv.figure(CallMetric::service_level);
    const MeanCi& ab = iv.figure(CallMetric::abandonment_rate);
    s_sl.y.push_back(100 * sl.mean);
    s_sl.ci.push_back(100 * sl.half_width);
    s_ab.y.push_back(100 * ab.mean);
    s_ab.ci.push_back(100 * ab.half_width);
  }
  h::LineChart sl;
  sl.title = "Service level by interval (95 % interval)";
  sl.categories = categories;
  sl.series = {s_sl};
  sl.y_axis = {"service level (%)", kNaN, 100, false, 0};
  h::LineChart ab;
  ab.title = "Abandonment by interval (95 % interval)";
  ab.categories = categories;
  ab.series = {s_ab};
  ab.y_axis = {"abandoned (%)", 0, kNaN, true, 1};
  for (const auto& tg : o.targets) {
    if (tg.metric == CallMetric::service_level) {
      sl.lines.push_back({100 * tg.value, "target " + tg.text, false});
    } else if (tg.metric == CallMetric::abandonment_rate) {
      ab.lines.push_back({100 * tg.value, "target " + tg.text, false});
    }
  }
  sl.height = ab.height = 240;
  page.add(h::line_chart(sl));
  page.add(h::line_chart(ab));
}

}  // namespace report::search
