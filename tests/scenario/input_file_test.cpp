// The input boundary's own defences (sim/scenario/input_file.h, limits.h): files that are
// not regular files, text that crashed toml++, names and times that broke the outputs, and
// the limits. The bad-input corpus (tests/data/bad) holds one case per message; these tests
// hold what a static file in git cannot (FIFOs, 100 KB lines) and the rules' edges.
#include "sim/scenario/input_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/scenario/scenario.h"

namespace sim::scenario {
namespace {

namespace fs = std::filesystem;
const std::string kTiny = std::string(CCSIM_SOURCE_DIR) + "/tests/data/tiny";

// A fresh folder holding a copy of tests/data/tiny, removed afterwards.
class TinyCopy : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("ccsim_input_file_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    for (const char* f : {"scenario.toml", "forecast.csv", "roster.csv"}) {
      fs::copy_file(fs::path(kTiny) / f, dir_ / f);
    }
  }
  void TearDown() override {
    ::alarm(0);
    fs::remove_all(dir_);
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  void replace_with_fifo(const std::string& name) const {
    fs::remove(dir_ / name);
    ASSERT_EQ(::mkfifo(path(name).c_str(), 0600), 0);
    ::alarm(30);  // a reader that opens it waits forever: fail in 30 s, not at ctest's timeout
  }
  void append(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name, std::ios::app) << text;
  }
  LoadResult load(const std::vector<std::string>& overrides = {}, const Limits& limits = {}) const {
    return load_scenario(dir_ / "scenario.toml", overrides, limits);
  }

  fs::path dir_;
};

// The first error, or "" (with the rest printed on failure).
std::string first_error(const LoadResult& r) {
  return r.errors.empty() ? "" : r.errors.all().front().to_string();
}

// --- Files: regular files only. Opening a FIFO waits for a writer: `check` used to hang.

TEST_F(TinyCopy, FifoAsScenarioIsAnErrorNotAHang) {
  replace_with_fifo("scenario.toml");
  EXPECT_EQ(first_error(load()), path("scenario.toml") +
                                     ": is a named pipe, not a regular file: scenario files and "
                                     "tables must be regular files");
}

TEST_F(TinyCopy, FifoAsRosterOrForecastIsAnErrorNotAHang) {
  replace_with_fifo("roster.csv");
  replace_with_fifo("forecast.csv");
  const LoadResult r = load();
  ASSERT_EQ(r.errors.size(), 2u) << r.errors.to_string();
  EXPECT_EQ(r.errors.all()[0].to_string(),
            path("forecast.csv") + ": is a named pipe, not a regular file: scenario files and "
                                   "tables must be regular files");
  EXPECT_EQ(r.errors.all()[1].file, path("roster.csv"));
}

TEST_F(TinyCopy, FifoAsProfileIsAnErrorNotAHang) {
  replace_with_fifo("profile.csv");
  const LoadResult r = load({"forecast.file=", "forecast.profile_file=" + path("profile.csv"),
                             "forecast.daily_calls=100"});
  EXPECT_NE(r.errors.to_string().find(path("profile.csv") + ": is a named pipe"), std::string::npos)
      << r.errors.to_string();
}

TEST_F(TinyCopy, FifoAsBaseIsAnErrorNotAHang) {
  replace_with_fifo("base.toml");
  std::ofstream(dir_ / "extends.toml") << "base = \"base.toml\"\n";
  const LoadResult r = load_scenario(dir_ / "extends.toml");
  EXPECT_EQ(first_error(r), path("base.toml") +
                                ": is a named pipe, not a regular file: scenario files and tables "
                                "must be regular files");
}

TEST_F(TinyCopy, FolderNamedScenarioTomlIsNotAMissingCenter) {
  fs::remove(dir_ / "scenario.toml");
  fs::create_directory(dir_ / "scenario.toml");
  const LoadResult r = load();
  ASSERT_EQ(r.errors.size(), 1u) << r.errors.to_string();
  EXPECT_EQ(first_error(r), path("scenario.toml") +
                                ": is a folder, not a regular file: scenario files and tables "
                                "must be regular files");
}

TEST_F(TinyCopy, FileOverTheSizeLimitIsNotRead) {
  Limits limits;
  limits.max_file_bytes = 100;
  EXPECT_EQ(first_error(load({}, limits)).substr(path("scenario.toml").size()),
            ": the file is " + std::to_string(fs::file_size(dir_ / "scenario.toml")) +
                " bytes, more than the limit of 100");
}

// --- TOML that crashed toml++ 3.3.0 (a segfault and __builtin_unreachable).

TEST_F(TinyCopy, FiftyThousandPartDottedKeyIsAnErrorNotAStackOverflow) {
  std::string key = "a";
  for (int i = 1; i < 50'000; ++i) key += ".a";
  append("scenario.toml", key + " = 1\n");
  const LoadResult r = load();
  EXPECT_EQ(first_error(r), path("scenario.toml") + ":63:32: a key of more than 16 dotted parts (the limit)");
}

TEST_F(TinyCopy, DeeplyNestedArraysAcrossLinesAreAnErrorNotAStackOverflow) {
  std::string deep = "x = ";
  for (int i = 0; i < 50'000; ++i) deep += "[\n";
  append("scenario.toml", deep);
  EXPECT_EQ(first_error(load()), path("scenario.toml") +
                                     ":79:1: arrays and inline tables nested more than 16 deep (the limit)");
}

TEST_F(TinyCopy, SetValuesAreGuardedLikeFiles) {
  // 50,000 nested arrays: not for toml++, neither as TOML nor, 50,000 characters long, as a
  // bare word.
  const LoadResult deep = load({"center.absenteeism=" + std::string(50'000, '[')});
  ASSERT_EQ(deep.errors.size(), 1u);
  EXPECT_EQ(deep.errors.all()[0].field, "center.absenteeism");
  EXPECT_EQ(deep.errors.all()[0].message.rfind("cannot read value '[[[", 0), 0u);
  // 100 of them: a bare word, refused as a number.
  const LoadResult word = load({"center.absenteeism=" + std::string(100, '[')});
  ASSERT_EQ(word.errors.size(), 1u);
  EXPECT_EQ(word.errors.all()[0].message, "must be a number, got \"" + std::string(100, '[') + "\"");
  std::string key = "center";
  for (int i = 0; i < 50'000; ++i) key += ".x";
  const LoadResult long_key = load({key + "=1"});
  ASSERT_EQ(long_key.errors.size(), 1u);
  EXPECT_EQ(long_key.errors.all()[0].message, "a key of more than 16 dotted parts (the limit)");
  // The value after a number that made toml++ reach unreachable code.
  const LoadResult letter = load({"center.absenteeism=0.1 \xC3\x8F"});
  ASSERT_EQ(letter.errors.size(), 1u);
  EXPECT_EQ(letter.errors.all()[0].message, "must be a number, got \"0.1 \xC3\x8F\"");
}

TEST(TomlTextProblem, AcceptsWhatTheScenariosUse) {
  const Limits limits;
  for (const char* text : {
           "\xEF\xBB\xBF" "a = 1\n",                           // a byte-order mark
           "# caf\xC3\xA9 \xE2\x80\x94 comments may hold any UTF-8\n",
           "name = \"Caf\xC3\xA9 [x] {y} a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r\"\n",
           "a.b.\"c.d\".e = 'x.y'\n[t.u]\n[[v.w]]\n[\"q.r.s\"]\n",
           "x = { distribution = \"lognormal\", mean_s = 300.5, cv = 0.7 }\n",
           "p = [1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5, 13.5, 14.5, 15.5, 16.5, 17.5]\n",
           "t = [{ a = 1 }, { b = { c = [1, [2, [3]]] } }, {}]\n",
           "m = \"\"\"\nline \\\n  \"quoted\" \"\" a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r\n\"\"\"\"\nn = 1\n",
           "l = '''\n[[[[[[[[[[[[[[[[[[[[ ''\n'''\nk = 2\n",
           "s = \"a \\\" # not a comment\" # a comment \xC3\xA9\n",
           "arr = [\n  1, # one\n  2,\n]\nnext.key = 3\n",
       }) {
    const auto p = toml_text_problem(text, limits);
    EXPECT_FALSE(p.has_value()) << text << "\n-> " << p->line << ":" << p->column << " " << p->message;
  }
}

TEST(TomlTextProblem, NamesLineAndColumnOfEachLimit) {
  Limits limits;
  limits.max_toml_depth = 3;
  limits.max_toml_line_chars = 40;
  struct Case {
    std::string text;
    int line, column;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {"a.b.c = 1\na.b.c.d = 1\n", 2, 6, "a key of more than 3 dotted parts (the limit)"},
           {"[a.b.c.d]\n", 1, 7, "a table name of more than 3 dotted parts (the limit)"},
           {"x = [[[[1]]]]\n", 1, 8, "arrays and inline tables nested more than 3 deep (the limit)"},
           {"x = { a = { b = { c = { d = 1 } } } }\n", 1, 23,
            "arrays and inline tables nested more than 3 deep (the limit)"},
           {"x = { a.b.c.d = 1 }\n", 1, 12, "a key of more than 3 dotted parts (the limit)"},
           {"ok = 1\nx = \"12345678901234567890123456789012345678\"\n", 2, 41,
            "the line is longer than 40 characters (the limit)"},
           {"a = 1 \xC3\x8F\n", 1, 7, "TOML syntax: unexpected character U+00CF '\xC3\x8F' outside a string or comment"},
           {"\xC3\x8F = 1\n", 1, 1, "TOML syntax: unexpected character U+00CF '\xC3\x8F' outside a string or comment"},
           {"a = \"\xCF\"\n", 1, 6, "TOML syntax: not UTF-8 text (byte \\xCF)"},
           {"a = \"\xC0\xAF\"\n", 1, 6, "TOML syntax: not UTF-8 text (byte \\xC0)"},  // overlong '/'
       }) {
    const auto p = toml_text_problem(c.text, limits);
    ASSERT_TRUE(p.has_value()) << c.text;
    EXPECT_EQ(p->line, c.line) << c.text;
    EXPECT_EQ(p->column, c.column) << c.text;
    EXPECT_EQ(p->message, c.message) << c.text;
  }
}

// --- Names and times.

TEST(NameProblem, SaysWhatIsWrongWithANameForTheOutputs) {
  EXPECT_EQ(name_problem("billing_dispute", 100, NameUse::column), "");
  EXPECT_EQ(name_problem("Jos\xC3\xA9 Mar\xC3\xAD" "a", 100, NameUse::agent), "");
  EXPECT_EQ(name_problem("Water main break, 09:30", 100, NameUse::title), "");
  EXPECT_EQ(name_problem("all", 100, NameUse::column), "\"all\" is reserved: the outputs name their totals so");
  EXPECT_EQ(name_problem("all", 100, NameUse::agent), "");
  EXPECT_EQ(name_problem("", 100, NameUse::agent), "must not be empty");
  const std::string bad_char =
      "must not hold a comma, a double quote or a control character (the outputs write names "
      "as they are)";
  for (const char* n : {"a,b", "N\"E", "tab\there", "esc\x1B[31m", "c1\xC2\x85"}) {
    EXPECT_EQ(name_problem(n, 100, NameUse::column), bad_char) << n;
  }
  EXPECT_EQ(name_problem("new\nline", 100, NameUse::title), "must not hold a control character");
  EXPECT_EQ(name_problem("x\xFF", 100, NameUse::column), "must be UTF-8 text");
  EXPECT_EQ(name_problem(" padded", 100, NameUse::column), "must not begin or end with a space");
  // Characters, not bytes: five two-byte letters fit a limit of five.
  EXPECT_EQ(name_problem("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 5, NameUse::column), "");
  EXPECT_EQ(name_problem("abcdef", 5, NameUse::column), "must be at most 5 characters, got 6");
}

TEST(ParseTimeOfDay, TakesOnlyDigitsAndColons) {
  EXPECT_EQ(parse_time_of_day("8:00"), 8 * 3600.0);
  EXPECT_EQ(parse_time_of_day("08:30"), 8 * 3600.0 + 1800);
  EXPECT_EQ(parse_time_of_day("08:30:15"), 8 * 3600.0 + 1815);
  EXPECT_EQ(parse_time_of_day("47:59:59"), 48 * 3600.0 - 1);
  for (const char* t : {"-0:00", "+8:00", " 8:00", "8:00 ", "0x37", "08:0", "080:00", "8:000",
                        "24:60", "48:00", "8:00:0", "8:00:", "8", "", "8.30", "8h", "08:30:15:00",
                        "-1:-1", "08:+5"}) {
    EXPECT_FALSE(parse_time_of_day(t).has_value()) << '"' << t << '"';
  }
}

// --- Limits: raisable, and checked on the scenario as a whole.

TEST_F(TinyCopy, AgentsBeyondTheLimitStopTheRosterWithAnError) {
  Limits limits;
  limits.max_agents = 4;
  const LoadResult r = load({}, limits);
  ASSERT_EQ(r.errors.size(), 1u) << r.errors.to_string();
  EXPECT_EQ(first_error(r), path("roster.csv") + ":6: more than 4 agents (the limit, --max-agents)");
  limits.max_agents = 10;
  EXPECT_TRUE(load({}, limits).errors.empty());
}

TEST_F(TinyCopy, AgentsAddedByStaffEventsCountTowardTheLimit) {
  append("scenario.toml",
         "\n[[events]]\nkind = \"staff\"\nrole = \"rep\"\ncount = 5\nstart = \"08:00\"\nend = "
         "\"09:00\"\n");
  Limits limits;
  limits.max_agents = 12;
  EXPECT_EQ(first_error(load({}, limits)),
            path("scenario.toml") + ":67:9: events[0].count: makes more than 12 agents (the limit, --max-agents)");
}

TEST_F(TinyCopy, CallsPerDayLimitCountsSurgesAndCanBeRaised) {
  // The tiny day expects 265 calls; a surge x1000 on all of them for the whole day.
  append("scenario.toml", "\n[[events]]\nkind = \"surge\"\nstart = \"08:00\"\nend = \"10:00\"\nmultiplier = 1000\n");
  Limits limits;
  limits.max_calls_per_day = 100'000;
  EXPECT_EQ(first_error(load({}, limits)),
            path("scenario.toml") + ":15:1: forecast: 265000 calls expected per replication (after "
                                    "surges), more than 100000 (the limit on calls per "
                                    "replication, --max-calls-per-day: each call is held in "
                                    "memory)");
  limits.max_calls_per_day = 265'000;
  EXPECT_TRUE(load({}, limits).errors.empty());
}

TEST_F(TinyCopy, NameLimitIsRaisable) {
  const std::string name = std::string(101, 'o');
  const std::vector<std::string> set = {"call_types.outage.name=" + name};
  EXPECT_EQ(load(set).errors.all().at(0).message, "must be at most 100 characters, got 101");
  Limits limits;
  limits.max_name_chars = 101;
  // Accepted as a name; only the forecast's rows for "outage" now name no call type.
  EXPECT_EQ(load(set, limits).errors.all().at(0).message.rfind("unknown call type 'outage'", 0), 0u);
}

// --- Printing what the user gave.

TEST(InputErrors, KeepTheFirstHundredAndCountTheRest) {
  InputErrors e;
  for (int i = 0; i < 250; ++i) e.add("f.csv", i + 1, 0, "", "bad");
  EXPECT_EQ(e.size(), 250u);
  EXPECT_EQ(e.all().size(), InputErrors::kKept);
  const std::string s = e.to_string();
  EXPECT_EQ(std::count(s.begin(), s.end(), '\n'), 101);
  EXPECT_NE(s.find("f.csv:100: bad\n... and 150 more errors\n"), std::string::npos);
}

TEST(InputErrors, PrintControlCharactersAndNonUtf8AsEscapes) {
  InputError e{"r.csv", 2, 1, "agent", "unknown role '\x1B[2J\xFF'"};
  EXPECT_EQ(e.to_string(), "r.csv:2:1: agent: unknown role '\\x1B[2J\\xFF'");
  e.message = std::string(5000, 'x');
  EXPECT_EQ(e.to_string().size(), std::string("r.csv:2:1: agent: ").size() + 1000 + 3);
}

}  // namespace
}  // namespace sim::scenario
