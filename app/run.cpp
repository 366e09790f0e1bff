#include "app/run.h"

#include <unistd.h>

#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <optional>
#include <span>
#include <thread>

#include "analysis/cluster.h"
#include "analysis/wire.h"
#include "report/run_report.h"
#include "sim/metrics/day_metrics.h"
#include "sim/metrics/horizon.h"
#include "sim/engine/interrupt.h"
#include "sim/scenario/format.h"
#include "report/output_folder.h"
#include "report/results.h"
#include "sim/scenario/scenario.h"

namespace app {

namespace fs = std::filesystem;

namespace {

void progress_bar(std::ostream& err, std::size_t done, std::size_t total, double elapsed_s) {
  constexpr int kWidth = 30;
  const double f = total ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
  const int filled = static_cast<int>(f * kWidth);
  char buf[160];
  const double left = done ? elapsed_s / static_cast<double>(done) *
                                 static_cast<double>(total - done)
                           : 0.0;
  std::snprintf(buf, sizeof buf, "\r  [%-*s] %zu/%zu replications  %.1f s, ~%.0f s left ",
                kWidth, std::string(static_cast<std::size_t>(filled), '#').c_str(), done, total,
                elapsed_s, left);
  err << buf << std::flush;
}

}  // namespace

std::string scenario_file(const std::string& argument) {
  std::error_code ec;
  if (fs::is_directory(argument, ec)) return (fs::path(argument) / "scenario.toml").string();
  return argument;
}

std::string default_out(const std::string& file, const std::string& suffix) {
  const fs::path p(file);
  const std::string name = p.filename() == "scenario.toml" && p.has_parent_path()
                               ? fs::absolute(p).parent_path().filename().string()
                               : p.stem().string();
  return (fs::path("results") / (name + suffix)).string();
}

std::string errors_in(std::size_t count, const std::string& file) {
  return std::to_string(count) + (count == 1 ? " error" : " errors") + " in " + file;
}

std::optional<sim::scenario::Scenario> load_or_report(const std::string& file,
                                                      const std::vector<std::string>& overrides,
                                                      const sim::scenario::Limits& limits,
                                                      std::ostream& err, const std::string& tail) {
  auto loaded = sim::scenario::load_scenario(file, overrides, limits);
  if (!loaded.scenario) {
    err << loaded.errors.to_string() << errors_in(loaded.errors.size(), file) << tail << "\n";
  }
  return std::move(loaded.scenario);
}

void note_first_day(const char* command, const sim::scenario::Scenario& s, std::ostream& err) {
  for (const auto& d : s.horizon.days) {
    if (!d.open) continue;
    err << "ccsim " << command << ": " << s.file.string() << " spans " << s.horizon.days.size()
        << " days; this works on its first open day, " << d.name
        << " (give a one-day scenario for another)\n";
    return;
  }
}

bool open_output(const char* command, const std::string& out, report::OutputPlan plan,
                 std::optional<report::OutputFolder>& folder) {
  if (!analysis::cluster::world().root()) return true;
  try {
    folder.emplace(out, std::move(plan));
    return true;
  } catch (const report::OutputError& e) {
    std::cerr << "ccsim " << command << ": " << e.what() << "\n";
    return false;
  }
}

int write_output(const char* command, std::optional<report::OutputFolder>& folder,
                 const std::string& out, const std::function<void()>& write, std::ostream& err) {
  if (!analysis::cluster::world().root()) return kExitOk;
  try {
    write();
    folder->commit();
  } catch (const report::OutputError& e) {
    err << "ccsim " << command << ": " << e.what() << "\n";
    return kExitIo;
  }
  if (!folder->moved_aside().empty()) {
    err << "ccsim " << command << ": the previous " << out << " is kept as "
        << folder->moved_aside().string() << "\n";
  }
  return kExitOk;
}

namespace {
// The calls the forecast expects in a day, every call type.
double expected_calls(const sim::model::Center& c) {
  double calls = 0;
  for (const auto& row : c.arrivals) {
    for (double x : row) calls += x;
  }
  return calls;
}

}  // namespace

int check_scenario(const std::string& scenario, const std::vector<std::string>& overrides,
                   const sim::scenario::Limits& limits,
                   std::ostream& out, std::ostream& err) {
  const std::string file = scenario_file(scenario);
  const auto loaded = load_or_report(file, overrides, limits, err);
  if (!loaded) return kExitData;
  const auto& s = *loaded;
  const auto& c = s.center;
  const double calls = expected_calls(c);
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "%s: ok\n  %s\n  %zu call types, %zu roles, %zu agents on the roster, "
                "%.0f calls expected in %zu intervals of %.0f min (%s to %s)\n",
                file.c_str(), s.name.c_str(), c.call_types.size(), c.roles.size(),
                c.agents.size(), calls, c.intervals(), c.interval_s / 60,
                sim::text::hms(c.open_s).c_str(), sim::text::hms(c.close_s).c_str());
  out << buf;
  if (const std::string b = sim::scenario::busyness_in_words(c); !b.empty()) out << "  " << b << "\n";
  if (!s.horizon.days.empty()) {
    out << "  " << s.horizon.days.size() << " days:";
    for (const auto& d : s.horizon.days) {
      if (!d.open) {
        out << " " << d.name << " (closed)";
        continue;
      }
      out << " " << d.name << " (" << sim::text::number(std::round(expected_calls(d.center)))
          << ")";
    }
    out << "; " << s.horizon.warm_up_days << " warm-up days\n";
  }
  for (const auto& e : s.events) out << "  " << e << "\n";
  return kExitOk;
}

namespace {

// Bytes per CSV row of calls.csv and agents.csv, and per call of trace.csv, rounded up
// from the default day's files: enough for the free-space check and the output bound.
constexpr double kBytesPerRow = 160, kTraceBytesPerCall = 400;

// Why the run's output would be too large, or ""; sets `bytes` to its estimated size.
std::string check_output_bounds(const RunOptions& o, const sim::scenario::Scenario& sc,
                                std::uintmax_t& bytes) {
  const sim::model::Center& c = sc.center;
  const double days = std::max<double>(1, static_cast<double>(sc.horizon.days.size()));
  const double rows_per_rep = days * static_cast<double>(c.intervals() + 1) *
                              static_cast<double>(c.call_types.size() + c.roles.size() + 2);
  const double calls = expected_calls(c);
  if (o.trace && !sc.horizon.days.empty()) {
    return "--trace records one day; this scenario has [[days]]: trace one of its days as a "
           "scenario of its own";
  }
  // The summaries hold about as many rows as one replication, three figures each.
  double total =
      kBytesPerRow * rows_per_rep * ((o.summary_only ? 0 : static_cast<double>(o.replications)) + 3);
  if (o.trace) {
    if (calls > o.max_trace_calls) {
      return "--trace records every call of a day of about " + sim::text::number(calls) +
             " calls, more than --max-trace-calls " + sim::text::number(o.max_trace_calls) +
             "; raise it if the disk is there";
    }
    total += kTraceBytesPerCall * calls;
  }
  bytes = static_cast<std::uintmax_t>(total);
  if (total > o.max_output_gb * 1e9) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f GB", total / 1e9);
    return std::string("the output would be about ") + buf + ", more than --max-output-gb " +
           sim::text::number(o.max_output_gb) + "; use fewer replications or raise it";
  }
  return "";
}

// Replication i (0-based) reduced to its rows. With `trace` (replication 1 with --trace),
// its every call is streamed there as the day runs, a batch at a time: only this worker
// writes to it until the pool is joined.
report::ReplicationOutput simulate_replication(const sim::scenario::Scenario& sc,
                                               const report::RunInfo& info, const RunOptions& o,
                                               std::size_t i, report::StreamedFile* trace) {
  const std::uint64_t rep = i + 1;
  if (!trace) return report::simulate_replication(sc, info, o.seed, rep);
  // --trace is refused for a horizon (check_output_bounds), so a traced day is a single day.
  std::string text;  // one batch's rows, reused
  sim::metrics::TraceLog log([&](std::span<const sim::metrics::TraceRecord> records) {
    text.clear();
    report::append_trace_rows(text, info, rep, records);
    trace->write(text);
  });
  const auto day = sim::metrics::simulate_day(sc.center, o.seed, rep, sc.sl_threshold_s, log);
  log.flush();
  return report::reduce_replication(info, rep, day);
}

// The output folder with calls.csv and agents.csv open (they are written as replications
// come in; not with --summary-only) and trace.csv with --trace (written by replication 1's
// worker), after the bound on the output's size; the exit code to stop with, or -1. Each
// is fingerprinted as it is written (report::StreamedFile), not read back at the end.
struct RunFiles {
  std::optional<report::OutputFolder> folder;
  report::StreamedFile calls, agents, trace;
};
int open_run_files(const RunOptions& o, const sim::scenario::Scenario& sc, const report::RunInfo& info,
                   const std::string& file, const std::string& out_dir, RunFiles& f,
                   std::ostream& err) {
  report::OutputPlan plan{"run", o.force, 0, {file}};
  if (const auto why = check_output_bounds(o, sc, plan.expected_bytes); !why.empty()) {
    err << "ccsim run: " << why << "\n";
    return kExitUsage;
  }
  if (!analysis::cluster::world().root()) return -1;  // only rank 0 writes
  try {
    f.folder.emplace(out_dir, plan);
    if (info.row_files) {
      f.calls = f.folder->open_streamed("calls.csv");
      f.agents = f.folder->open_streamed("agents.csv");
      f.calls.write(report::calls_header(info));
      f.agents.write(report::agents_header(info));
    }
    if (o.trace) {
      f.trace = f.folder->open_streamed("trace.csv");
      f.trace.write(report::trace_header());
    }
  } catch (const report::OutputError& e) {
    err << "ccsim run: " << e.what() << "\n";
    return kExitIo;
  }
  return -1;
}

// The exit code for a replication that threw: Ctrl-C seen by its worker, or a bug.
int replication_failed(const std::exception_ptr& failure, const std::function<int()>& interrupted,
                       std::ostream& err) {
  try {
    std::rethrow_exception(failure);
  } catch (const sim::engine::Interrupted&) {
    return interrupted();
  } catch (const std::exception& e) {
    err << "ccsim run: internal error in a replication: " << e.what() << "\n";
  }
  return kExitSoftware;
}

// The closing line: where the files are and how long it took.
void print_where(std::ostream& out, const std::string& out_dir, const RunOptions& o,
                 double seconds, std::size_t threads) {
  char buf[128];
  const int ranks = analysis::cluster::world().size;  // an MPI job's (analysis/cluster.h)
  std::snprintf(buf, sizeof buf, "%.1f s on %s%zu thread%s", seconds,
                ranks > 1 ? (std::to_string(ranks) + " ranks of ").c_str() : "", threads,
                threads == 1 ? "" : "s");
  out << "\nResults in " << out_dir << "/ (" << (o.summary_only ? "" : "calls.csv, agents.csv, ")
      << "calls_summary.csv, agents_summary.csv, mechanisms.csv, summary.json, report.html"
      << (o.trace ? ", trace.csv" : "") << "); " << buf << "\n";
}

// A replication's rows and figures on their way from another MPI rank to rank 0.
std::string pack_replication(const report::ReplicationOutput& r) {
  analysis::wire::Writer w;
  w(r);
  return w.take();
}
report::ReplicationOutput unpack_replication(const std::string& bytes) {
  report::ReplicationOutput r;
  analysis::wire::Reader read(bytes);
  read(r);
  return r;
}

report::RunInfo run_info(const sim::scenario::Scenario& sc, const std::string& file,
                         const RunOptions& o) {
  report::RunInfo info = report::RunInfo::from(sc);
  info.scenario_file = file;
  info.seed = o.seed;
  info.replications = o.replications;
  info.overrides = o.overrides;
  info.row_files = !o.summary_only;
  return info;
}

}  // namespace

int run_scenario(const RunOptions& o, std::ostream& out, std::ostream& err) {
  const std::string file = scenario_file(o.scenario);
  const auto loaded = load_or_report(file, o.overrides, o.limits, err, "; nothing simulated");
  if (!loaded) return kExitData;
  const sim::scenario::Scenario& sc = *loaded;
  const report::RunInfo info = run_info(sc, file, o);
  const std::string out_dir = o.out.empty() ? default_out(file) : o.out;

  RunFiles files;
  if (const int rc = open_run_files(o, sc, info, file, out_dir, files, err); rc >= 0) return rc;
  auto& folder = files.folder;
  auto& calls = files.calls;
  auto& agents = files.agents;

  // Workers fill slots; this thread consumes them strictly in replication order. A worker
  // that sees Ctrl-C (sim/engine/interrupt.h) throws Interrupted out of its day at once.
  // In an MPI job rank k simulates replications k, k + ranks, ... and sends them to rank
  // 0 in that order; rank 0 takes each replication from its owner in turn.
  const analysis::cluster::World& world = analysis::cluster::world();
  const auto rank = static_cast<std::size_t>(world.rank);
  const auto ranks = static_cast<std::size_t>(world.size);
  const std::size_t n = o.replications;
  std::vector<std::optional<report::ReplicationOutput>> slots(n);
  std::exception_ptr failure;
  std::mutex m;
  std::condition_variable cv;
  const std::size_t threads =
      std::min<std::size_t>(n, o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency()));

  const bool show = o.progress && world.root() && ::isatty(STDERR_FILENO) == 1;
  const auto t0 = std::chrono::steady_clock::now();
  const auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };

  boost::asio::thread_pool pool(threads);
  for (std::size_t i = rank; i < n; i += ranks) {
    boost::asio::post(pool, [&, i] {
      try {
        sim::engine::throw_if_stop_requested();
        auto r = simulate_replication(sc, info, o, i, o.trace && i == 0 ? &files.trace : nullptr);
        std::lock_guard lock(m);
        slots[i] = std::move(r);
      } catch (...) {
        std::lock_guard lock(m);
        if (!failure) failure = std::current_exception();
      }
      cv.notify_one();
    });
  }

  report::Summary summary(info);
  std::size_t next = world.root() ? 0 : rank;
  bool io_error = false;
  double drawn_s = -1.0;  // when the progress bar was last drawn; redrawn ten times a second
  while (next < n && !sim::engine::stop_requested()) {
    std::optional<report::ReplicationOutput> r;
    if (next % ranks != rank) {
      r = unpack_replication(analysis::cluster::receive(static_cast<int>(next % ranks)));
    } else {
      std::unique_lock lock(m);
      cv.wait_for(lock, std::chrono::milliseconds(100),
                  [&] { return slots[next].has_value() || failure; });
      if (failure) break;
      if (slots[next]) r = std::move(slots[next]), slots[next].reset();
    }
    if (r && !world.root()) {
      analysis::cluster::send(0, pack_replication(*r));
      next += ranks;
      continue;
    }
    if (r) {
      summary.add(r->figures);
      if (info.row_files) {
        calls.write(r->call_rows);
        agents.write(r->agent_rows);
        if (!calls.stream || !agents.stream) {
          io_error = true;
          break;
        }
      }
      ++next;
    }
    if (show && (elapsed() - drawn_s >= 0.1 || next == n)) {
      drawn_s = elapsed();
      progress_bar(err, next, n, drawn_s);
    }
  }
  if (sim::engine::stop_requested() || failure || io_error) pool.stop();
  pool.join();
  if (show) err << "\r" << std::string(78, ' ') << "\r" << std::flush;
  if (!world.root()) {  // rank 0 is waiting for this rank's replications: stop the job
    if (failure) analysis::cluster::abort_job(failure);
    if (sim::engine::stop_requested()) analysis::cluster::abort_job("interrupted", kExitInterrupted);
    return kExitOk;
  }

  const auto interrupted = [&] {
    err << "ccsim run: interrupted after " << next << " of " << n
        << " replications; nothing written to " << out_dir << "\n";
    return kExitInterrupted;
  };
  if (sim::engine::stop_requested()) return interrupted();
  if (failure) return replication_failed(failure, interrupted, err);
  try {
    const int written = write_output("run", folder, out_dir, [&] {
      if (info.row_files) {
        folder->close(calls, "calls.csv");
        folder->close(agents, "agents.csv");
      }
      auto calls_summary = folder->open("calls_summary.csv");
      auto agents_summary = folder->open("agents_summary.csv");
      report::write_summary_csvs(calls_summary, agents_summary, info, summary);
      folder->close(calls_summary, "calls_summary.csv");
      folder->close(agents_summary, "agents_summary.csv");
      folder->write("mechanisms.csv",
                    [&](std::ostream& f) { report::write_mechanisms_csv(f, info, summary); });
      if (o.trace) folder->close(files.trace, "trace.csv");
      folder->write("summary.json",
                    [&](std::ostream& f) { report::write_summary_json(f, info, summary); });
      folder->write("report.html",
                    [&](std::ostream& f) { report::write_run_report(f, info, summary); });
    }, err);
    if (written != kExitOk) return written;
  } catch (const sim::engine::Interrupted&) {
    return interrupted();
  }
  if (!o.quiet) {
    report::print_summary(out, info, summary);
    print_where(out, out_dir, o, elapsed(), threads);
  }
  return kExitOk;
}

}  // namespace app
