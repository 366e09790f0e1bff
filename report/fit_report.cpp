#include "report/fit_report.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include "report/html.h"
#include "sim/scenario/format.h"

namespace report {

using namespace analysis;  // the figures this file reports

using sim::scenario::CallLog;
using sim::text::hhmm;

namespace {

std::string f(double x, int decimals) {
  if (!std::isfinite(x)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  return buf;
}

// Round-trip text for the CSVs (shortest "%.17g"-free form is not needed; 10 digits are
// plenty for estimates and keep the files readable).
std::string g(double x) {
  if (!std::isfinite(x)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", x);
  return buf;
}

void write_text(const std::filesystem::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
  out.close();
  if (!out) throw std::runtime_error(file.string() + ": cannot write: " + std::strerror(errno));
}

struct FigureRow {
  const char* name;
  double Figures::*member;
  double scale;  // 100 for percentages
  int decimals;
  const char* unit;
};
const FigureRow kFigureRows[] = {
    {"offered per day", &Figures::offered_per_day, 1, 1, ""},
    {"abandonment", &Figures::abandonment, 100, 2, " %"},
    {"service level", &Figures::service_level, 100, 2, " %"},
    {"mean wait of answered calls", &Figures::asa_s, 1, 2, " s"},
    {"mean service time", &Figures::service_s, 1, 1, " s"},
};

std::string sl_name(const Fit& fit) {
  return "answered within " + f(fit.options.sl_threshold_s, 0) + " s";
}

double km_median(const std::vector<KmPoint>& km) {
  for (const auto& p : km) {
    if (p.survival <= 0.5) return p.t;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

std::string days_text(const Fit& fit) {
  std::string s;
  for (std::int32_t d : fit.days) s += (s.empty() ? "" : " ") + sim::scenario::iso_date(d);
  return s;
}

// The start of interval k of the fit's day, "08:30".
std::string interval_start(const Fit& fit, std::size_t k) {
  return hhmm(fit.open_s + fit.options.interval_s * static_cast<double>(k));
}

// --- The tables (CSV) ---

std::string arrivals_csv(const Fit& fit) {
  std::ostringstream s;
  s << "interval_start,call_type,calls_per_day,ci95,dispersion\n";
  for (std::size_t k = 0; k < fit.arrivals.total_mean.size(); ++k) {
    const std::string at = interval_start(fit, k);
    for (std::size_t t = 0; t < fit.types.size(); ++t) {
      s << at << "," << fit.types[t] << "," << g(fit.arrivals.mean[t][k]) << ","
        << g(fit.arrivals.half_width[t][k]) << ",\n";
    }
    s << at << ",all," << g(fit.arrivals.total_mean[k]) << ","
      << g(fit.arrivals.total_half_width[k]) << "," << g(fit.arrivals.dispersion[k]) << "\n";
  }
  return s.str();
}

std::string arrivals_by_weekday_csv(const Fit& fit) {
  std::ostringstream w;
  w << "weekday,days,interval_start,calls_per_day,ci95\n";
  for (int wd = 0; wd < 7; ++wd) {
    const auto& mean = fit.arrivals.weekday_mean[static_cast<std::size_t>(wd)];
    for (std::size_t k = 0; k < mean.size(); ++k) {
      w << weekday_name(wd) << "," << fit.arrivals.weekday_days[static_cast<std::size_t>(wd)] << ","
        << interval_start(fit, k) << "," << g(mean[k]) << ","
        << g(fit.arrivals.weekday_half_width[static_cast<std::size_t>(wd)][k]) << "\n";
    }
  }
  return w.str();
}

// A header line, then one line per item as `row` writes it.
template <class Item, class Row>
std::string csv(const char* header, const std::vector<Item>& items, Row row) {
  std::ostringstream s;
  s << header;
  for (const auto& x : items) row(s, x);
  return s.str();
}

std::string service_csv(const Fit& fit) {
  return csv("call_type,n,mean_s,cv,lognormal_mle_mean_s,lognormal_mle_cv,lognormal_mle_ks,"
             "lognormal_moments_ks,gamma_mle_cv,gamma_mle_ks,ks_critical_5pct,used\n",
             fit.service, [](std::ostream& s, const ServiceFit& v) {
               s << v.type << "," << v.n << "," << g(v.mean) << "," << g(v.cv) << ","
                 << g(v.lognormal_mle.mean) << "," << g(v.lognormal_mle.cv) << ","
                 << g(v.lognormal_mle.ks) << "," << g(v.lognormal.ks) << "," << g(v.gamma.cv)
                 << "," << g(v.gamma.ks) << "," << g(ks_critical_5pct(v.values.size())) << ","
                 << (v.use_lognormal ? "lognormal" : "gamma") << "\n";
             });
}

std::string patience_csv(const Fit& fit) {
  return csv("call_type,calls,abandoned,time_at_risk_s,mle_mean_s,mle_low_s,mle_high_s,"
             "naive_mean_s,km_median_s\n",
             fit.patience, [](std::ostream& s, const PatienceFit& p) {
               s << p.type << "," << p.mle.n << "," << p.mle.events << "," << g(p.mle.exposure)
                 << "," << g(p.mle.mean) << "," << g(p.mle.mean_low) << "," << g(p.mle.mean_high)
                 << "," << g(p.naive_mean_s) << "," << g(km_median(p.km)) << "\n";
             });
}

std::string patience_km_csv(const Fit& fit) {
  return csv("call_type,t_s,survival,se\n", fit.patience,
             [](std::ostream& s, const PatienceFit& p) {
               for (const auto& pt : p.km) {
                 s << p.type << "," << g(pt.t) << "," << g(pt.survival) << "," << g(pt.se) << "\n";
               }
             });
}

std::string staffing_csv(const Fit& fit) {
  std::ostringstream s;
  s << "interval_start,role,agents_seen\n";
  for (std::size_t k = 0; k < fit.arrivals.total_mean.size(); ++k) {
    for (std::size_t r = 0; r < fit.staffing.roles.size(); ++r) {
      s << interval_start(fit, k) << "," << fit.staffing.roles[r] << ","
        << g(fit.staffing.mean[r][k]) << "\n";
    }
  }
  return s.str();
}

std::string validation_csv(const Fit& fit, const Validation& val) {
  std::ostringstream s;
  s << "figure,unit,log,by_day,by_day_ci95,by_day_difference,average_day,average_day_ci95,"
       "average_day_difference\n";
  for (const auto& row : kFigureRows) {
    const double a = fit.log.*row.member * row.scale;
    s << row.name << "," << (row.unit[0] ? row.unit + 1 : "calls") << "," << g(a);
    for (const FigureCi* sim : {&val.by_day, &val.average_day}) {
      const double b = sim->mean.*row.member * row.scale;
      s << "," << g(b) << "," << g(sim->half_width.*row.member * row.scale) << "," << g(b - a);
    }
    s << "\n";
  }
  return s.str();
}

// --- summary.json ---

using Json = nlohmann::ordered_json;

// A figure as JSON: null when undefined (never NaN, which is not JSON), else rounded to
// the 10 significant digits the CSVs show; whole numbers as integers (30, not 30.0).
Json json_figure(double x) {
  if (!std::isfinite(x)) return nullptr;
  if (x == std::floor(x) && std::fabs(x) < 1e15) return static_cast<std::int64_t>(x);
  return std::stod(g(x));
}

Json json_figures(const Figures& x) {
  return Json{{"offered_per_day", json_figure(x.offered_per_day)},
              {"abandonment", json_figure(x.abandonment)},
              {"service_level", json_figure(x.service_level)},
              {"mean_wait_answered_s", json_figure(x.asa_s)},
              {"mean_service_s", json_figure(x.service_s)}};
}

// The log's figures (and the simulated ones), what was kept, and why.
std::string summary_json(const CallLog& log, const Fit& fit, const Validation* val) {
  Json j;
  j["command"] = "ccsim fit";
  j["scenario_name"] = fit.name;
  j["files"] = log.files;
  j["rows"] = log.rows;
  j["records_kept"] = fit.records.size();
  j["days"] = fit.days.size();
  j["open"] = hhmm(fit.open_s);
  j["close"] = hhmm(fit.close_s);
  j["interval_min"] = json_figure(fit.options.interval_s / 60);
  j["sl_threshold_s"] = json_figure(fit.options.sl_threshold_s);
  Json& left_out = j["left_out"] = Json::object();
  for (const auto* m : {&log.skipped, &fit.left_out}) {
    for (const auto& [why, n] : *m) {
      left_out[why] = left_out.value(why, std::size_t{0}) + n;
    }
  }
  j["log"] = json_figures(fit.log);
  if (val != nullptr) {
    for (const auto& [name, sim] : {std::make_pair("simulated_by_day", &val->by_day),
                                    std::make_pair("simulated_average_day", &val->average_day)}) {
      j[name] = Json{{"replications", sim->replications}, {"seed", val->seed},
                     {"mean", json_figures(sim->mean)}, {"ci95", json_figures(sim->half_width)}};
    }
  }
  // Strings as UTF-8 as they are; a byte that is not UTF-8 (a file name) as U+FFFD.
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace

void write_fit_tables(const std::filesystem::path& dir, const CallLog& log, const Fit& fit,
                      const Validation* val) {
  write_text(dir / "arrivals.csv", arrivals_csv(fit));
  write_text(dir / "arrivals_by_weekday.csv", arrivals_by_weekday_csv(fit));
  write_text(dir / "service.csv", service_csv(fit));
  write_text(dir / "patience.csv", patience_csv(fit));
  write_text(dir / "patience_km.csv", patience_km_csv(fit));
  write_text(dir / "staffing.csv", staffing_csv(fit));
  if (val != nullptr) write_text(dir / "validation.csv", validation_csv(fit, *val));
  write_text(dir / "summary.json", summary_json(log, fit, val));
}

void print_fit(std::ostream& os, const CallLog& log, const Fit& fit, const Validation* val) {
  char b[512];
  os << fit.name << "\n";
  std::snprintf(b, sizeof b, "  %zu rows in %zu file(s); %zu calls kept on %zu days, %s-%s in %s-min intervals\n",
                log.rows, log.files.size(), fit.records.size(), fit.days.size(),
                hhmm(fit.open_s).c_str(), hhmm(fit.close_s).c_str(),
                f(fit.options.interval_s / 60, 0).c_str());
  os << b << "\n  left out:\n";
  for (const auto* m : {&log.skipped, &fit.left_out}) {
    for (const auto& [why, n] : *m) {
      std::snprintf(b, sizeof b, "    %7zu  %s\n", n, why.c_str());
      os << b;
    }
  }
  for (const auto& [why, n] : log.notes) {
    std::snprintf(b, sizeof b, "  note: %zu %s\n", n, why.c_str());
    os << b;
  }
  std::snprintf(b, sizeof b,
                "\n  arrivals: %.1f calls a day (sd %.1f across days); dispersion across days "
                "(variance/mean, Poisson = 1): %.2f per interval, %.1f for daily totals\n",
                fit.log.offered_per_day,
                std::sqrt(fit.arrivals.daily_dispersion * fit.log.offered_per_day),
                fit.arrivals.dispersion_factor, fit.arrivals.daily_dispersion);
  os << b;
  std::snprintf(b, sizeof b,
                "  busyness: day CV %.3f (variance = mean + CV^2 mean^2), written as [busyness] "
                "day_cv\n",
                fit.arrivals.day_cv);
  os << b << "\n";
  std::snprintf(b, sizeof b, "  %-6s %8s | %7s %5s %-10s %6s %6s | %9s %-17s %9s %7s\n", "type",
                "calls/d", "serv s", "cv", "fit", "KS", "KS 5%", "patience", "[95 % CI] s",
                "naive s", "aband");
  os << b;
  for (std::size_t t = 0; t < fit.types.size(); ++t) {
    const auto& s = fit.service[t];
    const auto& p = fit.patience[t];
    double calls = 0, ab = 0, n = 0;
    for (double x : fit.arrivals.mean[t]) calls += x;
    for (const auto& r : fit.records) {
      if (r.type == t) n += 1, ab += r.answered ? 0 : 1;
    }
    std::string ci = "[";  // appended, not "[" + ...: GCC 12 warns there (-Wrestrict, bug 105651)
    ci += f(p.mle.mean_low, 0) + ", " + f(p.mle.mean_high, 0) + "]";
    std::snprintf(b, sizeof b, "  %-6s %8.1f | %7.1f %5.2f %-10s %6.3f %6.3f | %9.0f %-17s %9.1f %6.1f%%\n",
                  fit.types[t].c_str(), calls, s.mean, s.cv,
                  s.use_lognormal ? "lognormal" : "gamma",
                  s.use_lognormal ? s.lognormal.ks : s.gamma.ks, ks_critical_5pct(s.values.size()),
                  p.mle.mean, ci.c_str(), p.naive_mean_s, n > 0 ? 100 * ab / n : 0.0);
    os << b;
  }
  os << "\n  staffing (agents seen serving, mean over the days; an approximation):\n";
  for (std::size_t r = 0; r < fit.staffing.roles.size(); ++r) {
    const auto& m = fit.staffing.mean[r];
    const auto peak = std::max_element(m.begin(), m.end());
    double total = 0;
    for (double x : m) total += x * fit.options.interval_s / 3600;
    std::snprintf(b, sizeof b, "    %-12s %3zu agents in the log, peak %.1f at %s, %.0f agent-hours a day\n",
                  fit.staffing.roles[r].c_str(), fit.staffing.agents[r].size(), *peak,
                  interval_start(fit, static_cast<std::size_t>(peak - m.begin())).c_str(),
                  total);
    os << b;
  }
  if (val == nullptr) return;
  os << "\n  The month's kept days: the log against the fitted model simulated ("
     << val->by_day.replications << " replications, seed " << val->seed << ")\n";
  std::snprintf(b, sizeof b, "  %-40s %9s %19s %8s %19s %8s\n", "figure", "log", "day by day",
                "diff", "average day", "diff");
  os << b;
  for (const auto& row : kFigureRows) {
    const double a = fit.log.*row.member * row.scale;
    std::string name = std::string(row.name) + (row.unit[0] ? "," + std::string(row.unit) : "");
    if (row.member == &Figures::service_level) name = "service level (" + sl_name(fit) + "), %";
    std::string line = "  " + name;
    line.resize(43, ' ');
    char cell[96];
    std::snprintf(cell, sizeof cell, "%9s", f(a, row.decimals).c_str());
    line += cell;
    for (const FigureCi* sim : {&val->by_day, &val->average_day}) {
      const double c = sim->mean.*row.member * row.scale;
      const double hw = sim->half_width.*row.member * row.scale;
      const std::string simtext = f(c, row.decimals) + " +- " + f(hw, row.decimals);
      std::snprintf(cell, sizeof cell, " %19s %+8.*f", simtext.c_str(), row.decimals, c - a);
      line += cell;
    }
    os << line << "\n";
  }
  const Verdict v = judge(fit.log, val->by_day.mean);
  os << "  day by day within tolerance (abandonment and service level 2 points, mean wait "
        "20 %): "
     << (v.abandonment ? "abandonment yes" : "abandonment NO") << ", "
     << (v.service_level ? "service level yes" : "service level NO") << ", "
     << (v.wait ? "mean wait yes" : "mean wait NO") << "\n";
}

namespace {

namespace h = report::html;

// --- fit_report.html, section by section ---

void header(h::Page& page, const CallLog& log, const Fit& fit) {
  page.subtitle("ccsim fit: a scenario estimated from a call-by-call log, and the data next "
                "to the fitted distributions.");
  std::string files;
  for (const auto& fl : log.files) files += (files.empty() ? "" : ", ") + fl;
  const double len = fit.options.interval_s;
  page.meta("log", files)
      .meta("kept", std::to_string(fit.records.size()) + " calls on " +
                        std::to_string(fit.days.size()) + " days")
      .meta("opening hours", hhmm(fit.open_s) + "\u2013" + hhmm(fit.close_s) + " in " +
                                 std::to_string(fit.arrivals.total_mean.size()) +
                                 " intervals of " + h::num(len / 60, 0) + " min")
      .meta("service level", sl_name(fit) + " / offered");
}

void validation_section(h::Page& page, const Fit& fit, const Validation& val) {
  page.section("Log against the fitted model simulated", "validation");
  const Verdict v = judge(fit.log, val.by_day.mean);
  std::vector<h::Tile> tiles;
  auto tile = [&](const std::string& label, double Figures::*m, double scale, int dec,
                  const char* unit, bool ok) {
    tiles.push_back({label, h::num(val.by_day.mean.*m * scale, dec) + unit,
                     "log " + h::num(fit.log.*m * scale, dec) + unit,
                     ok ? h::Tile::Status::good : h::Tile::Status::bad});
  };
  tile("abandonment (simulated)", &Figures::abandonment, 100, 1, " %", v.abandonment);
  tile("service level " + f(fit.options.sl_threshold_s, 0) + " s (simulated)",
       &Figures::service_level, 100, 1, " %", v.service_level);
  tile("mean wait, answered (simulated)", &Figures::asa_s, 1, 1, " s", v.wait);
  page.add(h::tiles(tiles));
  h::Table t;
  t.caption = "The month's kept days in the log and simulated (" +
              std::to_string(val.by_day.replications) +
              " replications, mean \u00b1 95 % half-width); every figure is computed by the "
              "same code from the same counts";
  t.header = {"figure", "log", "simulated day by day", "difference", "average day repeated",
              "difference"};
  for (const auto& row : kFigureRows) {
    const double a = fit.log.*row.member * row.scale;
    std::vector<std::string> r = {
        std::string(row.name) + (row.unit[0] ? " (" + std::string(row.unit + 1) + ")" : ""),
        h::num(a, row.decimals, true)};
    for (const FigureCi* sim : {&val.by_day, &val.average_day}) {
      const double c = sim->mean.*row.member * row.scale;
      r.push_back(h::num_ci(c, sim->half_width.*row.member * row.scale, row.decimals, true));
      r.push_back(h::num(c - a, row.decimals, true));
    }
    t.rows.push_back(r);
  }
  page.add(h::table(t));
  page.note("Day by day: each kept day simulated with its own calls per interval and its "
            "own agents seen serving, and the month's fitted service times and patience "
            "(the days/ folders). Average day: the scenario in this folder, the month's "
            "mean day, repeated. Tolerance: abandonment and service level within 2 "
            "percentage points, mean wait within 20 %. analysis/FIT.md explains the gap "
            "between the two: averaging busy and quiet days into one day understates the "
            "waiting, which grows faster than linearly with the load.");
}

void records_section(h::Page& page, const CallLog& log, const Fit& fit) {
  page.section("Records", "records");
  h::Table t;
  t.caption = "Rows read and left out, by reason";
  t.header = {"", "rows"};
  t.rows.push_back({"rows read", std::to_string(log.rows)});
  for (const auto* m : {&log.skipped, &fit.left_out}) {
    for (const auto& [why, n] : *m) t.rows.push_back({"left out: " + why, std::to_string(n)});
  }
  for (const auto& [why, n] : log.notes) t.rows.push_back({"note: " + why, std::to_string(n)});
  t.footer.push_back({"calls kept", std::to_string(fit.records.size())});
  page.add(h::table(t));
  page.note("Days kept: " + days_text(fit));
}

using h::series;

// A line chart over the intervals of the fit's day.
h::LineChart over_day(const Fit& fit, std::string title, std::vector<h::Series> series,
                      h::Axis y, std::string note) {
  h::LineChart ch;
  ch.title = std::move(title);
  for (std::size_t k = 0; k < fit.arrivals.total_mean.size(); ++k) {
    ch.categories.push_back(interval_start(fit, k));
  }
  ch.series = std::move(series);
  ch.y_axis = std::move(y);
  ch.x_axis.label = "interval start";
  ch.note = std::move(note);
  return ch;
}

// Small charts two to a row.
void add_in_pairs(h::Page& page, const std::vector<std::string>& charts) {
  for (std::size_t i = 0; i < charts.size(); i += 2) {
    const auto from = charts.begin() + static_cast<std::ptrdiff_t>(i);
    page.add(h::columns({from, i + 1 < charts.size() ? from + 2 : from + 1}));
  }
}

void arrivals_section(h::Page& page, const Fit& fit) {
  page.section("Arrivals", "arrivals");
  const ArrivalFit& a = fit.arrivals;
  std::vector<h::Series> v = {series("all types", a.total_mean, a.total_half_width)};
  for (std::size_t t = 0; t < std::min<std::size_t>(fit.types.size(), 4); ++t) {
    v.push_back(series(fit.types[t], a.mean[t], a.half_width[t]));
  }
  page.add(h::line_chart(over_day(
      fit, "Calls per " + h::num(fit.options.interval_s / 60, 0) + "-min interval, mean of the kept days",
      v, {"calls", 0, h::kNaN, true, -1},
      "Band: 95 % confidence interval of the mean across days (Student t). The scenario's "
      "forecast is these means.")));
  std::vector<h::Series> w;
  for (int wd = 0; wd < 7; ++wd) {
    const auto d = static_cast<std::size_t>(wd);
    if (a.weekday_mean[d].empty()) continue;
    w.push_back(series(std::string(weekday_name(wd)) + " (" + std::to_string(a.weekday_days[d]) +
                           " days)",
                       a.weekday_mean[d], a.weekday_half_width[d]));
  }
  page.add(h::line_chart(over_day(
      fit, "Calls per interval by day of the week (all types)", w, {"calls", 0, h::kNaN, true, -1},
      "Band: 95 % confidence interval of the weekday's mean (arrivals_by_weekday.csv). To "
      "fit one weekday alone, give --weekdays with that day.")));
  h::LineChart ch = over_day(
      fit, "Dispersion of the calls across days: variance / mean per interval",
      {series("variance / mean", a.dispersion)}, {"variance / mean", h::kNaN, h::kNaN, true, -1},
      "1 for Poisson counts with the same rate every day; above 1, some days are busier "
      "than others. Calls-weighted mean: " + h::num(a.dispersion_factor, 2) +
          "; of the daily totals: " + h::num(a.daily_dispersion, 1) +
          ". The scenario simulates the mean day times a gamma busyness factor with CV " +
          h::num(a.day_cv, 3) + " ([busyness] day_cv), which gives the daily totals' variance.");
  ch.lines = {{1.0, "Poisson"}};
  page.add(h::line_chart(ch));
}

void service_tables(h::Page& page, const Fit& fit) {
  h::Table t;
  t.caption = "Service time per call type: fits and their Kolmogorov-Smirnov distance";
  t.header = {"type", "services", "mean s", "cv", "lognormal MLE mean s", "lognormal MLE KS",
              "lognormal (moments) KS", "gamma MLE KS", "KS 5 % critical", "used"};
  for (const auto& s : fit.service) {
    t.rows.push_back({s.type, std::to_string(s.n), h::num(s.mean, 1), h::num(s.cv, 2),
                      h::num(s.lognormal_mle.mean, 1), h::num(s.lognormal_mle.ks, 3),
                      h::num(s.lognormal.ks, 3), h::num(s.gamma.ks, 3),
                      h::num(ks_critical_5pct(s.values.size()), 3),
                      s.use_lognormal ? "lognormal" : "gamma"});
  }
  page.add(h::table(t));
  page.note("KS: the largest gap between the data's cumulative distribution and the "
            "fitted one (times are whole seconds; the fit is compared at the half seconds). "
            "With thousands of calls any model is rejected at 5 %. The scenario uses the "
            "closer of the two fits that keep the data's mean (the offered load): lognormal "
            "by moments and gamma MLE; the lognormal MLE is shown for reference.");
  h::Table w;
  w.caption = "After-call work per call type: the gaps between an agent's services that "
              "began while a caller waited";
  w.header = {"type", "gaps", "mean s", "cv", "median s", "used"};
  for (const auto& x : fit.wrap) {
    const double median = x.values.empty() ? h::kNaN : x.values[x.values.size() / 2];
    w.rows.push_back({x.type, std::to_string(x.n), h::num(x.mean, 1), h::num(x.cv, 2),
                      h::num(median, 0),
                      x.values.empty() ? "none" : x.use_lognormal ? "lognormal" : "gamma"});
  }
  page.add(h::table(w));
  page.note("Had the agent been free, the waiting caller would have been answered at once, "
            "so such a gap is time the agent was busy off the phone: after-call work, or "
            "a pause. Most are a few seconds (the connection); the long tail is pauses "
            "taken while callers waited. A type with fewer than 30 gaps uses them all.");
}

// One type's service times as a histogram (40 bins up to the 98th percentile) under the
// three fitted densities.
std::string service_histogram(const ServiceFit& s) {
  h::Histogram hg;
  hg.title = s.type + ": " + std::to_string(s.values.size()) + " services";
  const double hi = s.values[std::min(
      s.values.size() - 1, static_cast<std::size_t>(0.98 * static_cast<double>(s.values.size())))];
  const int bins = 40;
  const double w = std::max(1.0, std::ceil(hi / bins));
  for (int i = 0; i <= bins; ++i) hg.edges.push_back(w * i);
  hg.counts.assign(bins, 0.0);
  for (double x : s.values) {
    const auto i = static_cast<std::size_t>(x / w);
    if (i < hg.counts.size()) hg.counts[i] += 1;
  }
  hg.data_name = "log";
  for (const DistributionFit* d : {&s.lognormal, &s.gamma, &s.lognormal_mle}) {
    h::Series c;
    c.name = (d == &s.lognormal_mle ? "lognormal MLE" : d == &s.lognormal ? "lognormal (moments)" : "gamma MLE") +
             std::string(" (KS ") + h::num(d->ks, 3) + ")";
    for (int i = 0; i <= 200; ++i) {
      const double x = w * bins * i / 200.0;
      c.x.push_back(x);
      c.y.push_back(d->pdf(x));
    }
    c.dashed = d != &s.lognormal;
    hg.curves.push_back(c);
  }
  hg.x_axis.label = "service time (s)";
  hg.y_axis.label = "density";
  hg.width = 440;
  hg.height = 260;
  return h::histogram_with_curve(hg);
}

void service_section(h::Page& page, const Fit& fit) {
  page.section("Service times", "service");
  service_tables(page, fit);
  std::vector<std::string> charts;
  for (const auto& s : fit.service) {
    if (s.values.size() >= 2) charts.push_back(service_histogram(s));
  }
  add_in_pairs(page, charts);
  h::LineChart ch = over_day(
      fit, "Service time by the interval it began in, over the call types' means",
      {series("mean service / types' means", fit.service_multiplier)},
      {"ratio", h::kNaN, h::kNaN, false, 2},
      "The scenario multiplies talk times by this ratio for calls answered in each interval "
      "([[events]] kind = \"slowdown\"); intervals with fewer than 30 services keep 1.");
  ch.lines = {{1.0, "the day's mean"}};
  page.add(h::line_chart(ch));
}

// One type's Kaplan-Meier curve against the exponentials of the censored MLE and the naive
// mean.
std::string survival_chart(const PatienceFit& p) {
  h::LineChart ch;
  ch.title = p.type + ": P(patience > t)";
  ch.step = true;
  ch.markers = false;
  h::Series km;
  km.name = "Kaplan-Meier";
  const std::size_t step = std::max<std::size_t>(1, p.km.size() / 150);
  for (std::size_t i = 0; i < p.km.size(); i += step) {
    km.x.push_back(p.km[i].t);
    km.y.push_back(p.km[i].survival);
    km.ci.push_back(1.96 * p.km[i].se);
  }
  const double tmax = p.km.back().t;
  ch.series.push_back(km);
  for (int which = 0; which < 2; ++which) {
    h::Series e;
    const double m = which == 0 ? p.mle.mean : p.naive_mean_s;
    e.name = which == 0 ? "censored MLE, mean " + h::num(m, 0) + " s"
                        : "naive, mean " + h::num(m, 0) + " s";
    e.dashed = which == 1;
    for (int i = 0; i <= 100; ++i) {
      const double x = tmax * i / 100.0;
      e.x.push_back(x);
      e.y.push_back(std::isfinite(m) && m > 0 ? std::exp(-x / m) : h::kNaN);
    }
    ch.series.push_back(e);
  }
  ch.x_axis = {"wait (s)", 0, tmax, false, 0};
  ch.y_axis = {"P(patience > t)", 0, 1, false, 1};
  ch.width = 440;
  ch.height = 260;
  return h::line_chart(ch);
}

void patience_section(h::Page& page, const Fit& fit) {
  page.section("Patience", "patience");
  h::Table t;
  t.caption = "Patience per call type, from the calls that reached the queue";
  t.header = {"type", "calls", "abandoned", "censored MLE mean s", "95 % CI", "naive mean s",
              "Kaplan-Meier median s"};
  for (const auto& p : fit.patience) {
    t.rows.push_back({p.type, std::to_string(p.mle.n), std::to_string(p.mle.events),
                      h::num(p.mle.mean, 0),
                      h::num(p.mle.mean_low, 0) + "\u2013" + h::num(p.mle.mean_high, 0),
                      h::num(p.naive_mean_s, 1), h::num(km_median(p.km), 0)});
  }
  page.add(h::table(t));
  page.note("A caller answered after waiting w tells only that their patience is longer "
            "than w (a censored observation). The naive estimate, the mean wait of those "
            "who hung up, ignores them and so measures how long the queue made people "
            "wait, not how long they would have waited. The censored exponential MLE "
            "(abandonments / total time spent waiting by every caller) goes into the "
            "scenario; the Kaplan-Meier curve needs no model, but stops where the waits "
            "stop.");
  std::vector<std::string> charts;
  for (const auto& p : fit.patience) {
    if (!p.km.empty()) charts.push_back(survival_chart(p));
  }
  add_in_pairs(page, charts);
}

void staffing_section(h::Page& page, const Fit& fit) {
  page.section("Staffing", "staffing");
  const StaffingFit& st = fit.staffing;
  std::vector<h::Series> v;
  for (std::size_t r = 0; r < st.roles.size(); ++r) v.push_back(series(st.roles[r], st.mean[r]));
  page.add(h::line_chart(over_day(
      fit, "Agents seen serving, mean of the kept days", v, {"agents", h::kNaN, h::kNaN, true, -1},
      "An agent counts as present while serving, in gaps of at most " +
          h::num(fit.options.session_gap_s / 60, 0) +
          " min between services, and before the first and after the last service of such "
          "a run for as long as nobody waited (an available agent would have answered). "
          "Time an agent was logged in but not seen is missed: an approximation. The roster "
          "reproduces these means per interval (fractions as part-interval presence).")));
  h::Table t;
  t.caption = "Roles inferred from the call types each agent served";
  t.header = {"role", "agents", "eligible for"};
  t.numeric = {false, true, false};
  for (std::size_t r = 0; r < st.roles.size(); ++r) {
    std::string types;
    for (std::size_t ty = 0; ty < fit.types.size(); ++ty) {
      if (st.routing.eligible[ty] >> r & 1u) types += (types.empty() ? "" : ", ") + fit.types[ty];
    }
    std::string names;
    for (const auto& a : st.agents[r]) names += (names.empty() ? "" : " ") + a;
    t.rows.push_back({st.roles[r], std::to_string(st.agents[r].size()) + ": " + names, types});
  }
  page.add(h::table(t));
}

}  // namespace

void write_fit_report(const std::filesystem::path& file, const CallLog& log, const Fit& fit,
                      const Validation* val) {
  h::Page page(fit.name);
  header(page, log, fit);
  if (val != nullptr) validation_section(page, fit, *val);
  records_section(page, log, fit);
  arrivals_section(page, fit);
  service_section(page, fit);
  patience_section(page, fit);
  staffing_section(page, fit);
  write_text(file, page.str());
}

}  // namespace report
