// The call-log reader: the Anonymous Bank layout with its quirks, another export through a
// column mapping, and every malformed row reported with file, line, field and column name.
#include "sim/scenario/call_log.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace sim::scenario {
namespace {

const std::string kData = std::string(CCSIM_SOURCE_DIR) + "/tests/data/calllog/";

// The Anonymous Bank header; row(...) fills its 17 fields around the ones a test varies.
const std::string kHeader =
    "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\t"
    "q_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver\n";
std::string row(const std::string& type, const std::string& wait = "60",
                const std::string& service = "120", const std::string& priority = "0",
                const std::string& agent = "ANAT") {
  return "AA0101\t1\t0\t" + priority + "\t" + type + "\t990103\t7:01:00\t7:01:05\t5\t7:01:05\t" +
         "7:02:05\t" + wait + "\tAGENT\t7:03:12\t7:05:12\t" + service + "\t" + agent + "\n";
}

// `text` as a file in a fresh temporary folder; returns its path.
std::string write_log(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / "call_log_test";
  std::filesystem::create_directories(dir);
  const auto file = dir / name;
  std::ofstream(file, std::ios::binary) << text;
  return file.string();
}

std::vector<std::string> lines_of(const InputErrors& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors.all()) out.push_back(e.to_string());
  return out;
}

TEST(CallLog, ReadsTheBankLayoutAndCountsSkippedRowsByReason) {
  CallLog log;
  InputErrors errors;
  read_call_log(kData + "good.txt", ColumnMap{}, log, errors);
  ASSERT_TRUE(errors.empty()) << errors.to_string();
  EXPECT_EQ(log.rows, 6u);
  ASSERT_EQ(log.records.size(), 4u);  // the VRU hang-up and the PHANTOM are left out
  EXPECT_EQ(log.skipped.at("hung up before reaching the agent queue (in the VRU)"), 1u);
  EXPECT_EQ(log.skipped.at("outcome PHANTOM (to be ignored)"), 1u);
  // The last row has spaces, not a tab, before its type and a CR line end; its AGENT
  // outcome without a service record is kept for the queue figures only.
  EXPECT_EQ(log.notes.size(), 1u);

  const CallRecord& served = log.records[0];
  EXPECT_TRUE(served.answered);
  EXPECT_TRUE(served.service_known);
  EXPECT_EQ(served.arrival_s, 7 * 3600 + 10);
  EXPECT_EQ(served.wait_s, 0);
  EXPECT_EQ(served.service_s, 180);
  EXPECT_EQ(served.weekday, 0);  // 1999-01-03 was a Sunday
  EXPECT_EQ(served.day, days_from_civil(1999, 1, 3));
  EXPECT_EQ(log.agents[static_cast<std::size_t>(served.agent)], "ANAT");

  const CallRecord& waited = log.records[1];
  EXPECT_EQ(waited.wait_s, 60);
  EXPECT_EQ(waited.priority, 2);
  EXPECT_EQ(waited.service_start_s, 7 * 3600 + 3 * 60 + 12);

  const CallRecord& hung_up = log.records[2];
  EXPECT_FALSE(hung_up.answered);
  EXPECT_EQ(hung_up.wait_s, 30);
  EXPECT_EQ(log.types[hung_up.type], "NW");
  EXPECT_EQ(hung_up.agent, -1);

  const CallRecord& quirk = log.records[3];
  EXPECT_TRUE(quirk.answered);
  EXPECT_FALSE(quirk.service_known);
  EXPECT_EQ(log.types[quirk.type], "PS");
  EXPECT_EQ(quirk.weekday, 1);
}

TEST(CallLog, ReportsEveryMalformedFieldWithLineColumnAndName) {
  CallLog log;
  InputErrors errors;
  const std::string f = kData + "bad.txt";
  read_call_log(f, ColumnMap{}, log, errors);
  const std::vector<std::string> expected = {
      f + ":3:6: date: \"991303\" is not a date (yymmdd, yyyymmdd or yyyy-mm-dd)",
      f + ":4:8: vru_exit: \"7:62:06\" is not a time of day (h:mm:ss)",
      f + ":4:12: q_time: must be a number of seconds from 0 to 86400, got \"-3\"",
      f + ":5:13: outcome: unknown outcome 'BUSY'; expected AGENT, HANG or PHANTOM (see --columns)",
      f + ":6: expected 17 fields like the header, got 11",
      f + ":7:16: ser_time: must be a number of seconds from 0 to 86400, got \"5o\"",
      f + ":7:4: priority: must be a whole number from -1000000000 to 1000000000, got \"x\"",
  };
  ASSERT_EQ(errors.size(), expected.size()) << errors.to_string();
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(errors.all()[i].to_string(), expected[i]);
  }
  EXPECT_EQ(log.records.size(), 1u);  // the good row is still read
}

TEST(CallLog, SkipsMalformedRowsWhenAskedAndCountsThem) {
  CallLog log;
  InputErrors errors;
  read_call_log(kData + "bad.txt", ColumnMap{}, log, errors, true);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(log.skipped.at("malformed row"), 5u);
  EXPECT_EQ(log.records.size(), 1u);
}

TEST(CallLog, ReadsAnotherExportThroughTheColumnMapping) {
  InputErrors errors;
  const auto cm = parse_column_map(
      "date=day,arrival=enter,wait=queue_s,outcome=result,service_start=talk_start,"
      "service_time=talk_s,agent=who,queue_start=,type=,priority=,answered=ANS|ANSWERED,"
      "abandoned=ABN,ignored=",
      errors);
  ASSERT_TRUE(cm) << errors.to_string();
  CallLog log;
  read_call_log(kData + "mapped.csv", *cm, log, errors);
  ASSERT_TRUE(errors.empty()) << errors.to_string();
  ASSERT_EQ(log.records.size(), 2u);
  EXPECT_TRUE(log.records[0].answered);
  EXPECT_EQ(log.records[0].service_s, 180);
  EXPECT_FALSE(log.records[1].answered);
  EXPECT_EQ(log.records[1].wait_s, 45);
  EXPECT_EQ(log.types, std::vector<std::string>{"calls"});
}

TEST(CallLog, NamesAMissingColumnAndAnUnknownMappingKey) {
  CallLog log;
  InputErrors errors;
  ColumnMap cm;
  cm.wait = "qtime";
  read_call_log(kData + "good.txt", cm, log, errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.all()[0].to_string(),
            kData + "good.txt:1: wait: no column 'qtime' in the header; did you mean "
                    "'q_time'? (map it with --columns wait=NAME)");
  InputErrors why;
  EXPECT_FALSE(parse_column_map("arival=x", why));
  EXPECT_FALSE(parse_column_map("wait=", why));
  EXPECT_EQ(why.to_string(),
            "--columns: unknown key 'arival'; did you mean 'arrival'?\n"
            "--columns: 'wait' cannot be empty\n");
}

TEST(CallLog, CannotOpenIsAnError) {
  CallLog log;
  InputErrors errors;
  read_call_log(kData + "no_such_file.txt", ColumnMap{}, log, errors);
  EXPECT_EQ(errors.to_string(), kData + "no_such_file.txt: cannot open file\n");
}

// Each call type becomes a name in the fitted scenario.toml and a field of its
// forecast.csv; a name neither can hold used to pass here and fail the written scenario
// with exit 70 ("internal error").
TEST(CallLog, RejectsCallTypesTheFittedScenarioCannotName) {
  const std::string f = write_log(
      "types.txt", kHeader + row("N\"E") + row("A,B") + row("A\x01" "B") + row("A\xFF" "B") +
                       row("A\xC2\x85" "B") + row("Ünïcödé"));
  CallLog log;
  InputErrors errors;
  EXPECT_FALSE(read_call_log(f, ColumnMap{}, log, errors));
  const std::string tail = "; it would name a call type in the fitted scenario";
  EXPECT_EQ(lines_of(errors), (std::vector<std::string>{
                                  f + ":2:5: type: call type \"N\\\"E\" holds a '\"' or ','" + tail,
                                  f + ":3:5: type: call type \"A,B\" holds a '\"' or ','" + tail,
                                  f + ":4:5: type: call type \"A\\x01B\" holds a control character" + tail,
                                  f + ":5:5: type: call type \"A\\xFFB\" is not valid UTF-8" + tail,
                                  f + ":6:5: type: call type \"A\\xC2\\x85B\" holds a control character" + tail,
                              }));
  ASSERT_EQ(log.types, std::vector<std::string>{"Ünïcödé"});
}

// Waits and services beyond a day, and priorities beyond int, used to be read (a priority
// of 1e300 converted to int is undefined behaviour).
TEST(CallLog, BoundsWaitServiceAndPriority) {
  const std::string f = write_log("bounds.txt", kHeader + row("PS", "1e300") +
                                                    row("PS", "60", "86401") +
                                                    row("PS", "60", "120", "1e300") +
                                                    row("PS", "86400", "86400", "-1000000000"));
  CallLog log;
  InputErrors errors;
  EXPECT_FALSE(read_call_log(f, ColumnMap{}, log, errors));
  EXPECT_EQ(lines_of(errors),
            (std::vector<std::string>{
                f + ":2:12: q_time: must be a number of seconds from 0 to 86400, got \"1e300\"",
                f + ":3:16: ser_time: must be a number of seconds from 0 to 86400, got \"86401\"",
                f + ":4:4: priority: must be a whole number from -1000000000 to 1000000000, got "
                    "\"1e300\"",
            }));
  ASSERT_EQ(log.records.size(), 1u);
  EXPECT_EQ(log.records[0].priority, -1000000000);
}

// A NUL byte used to end the row early without a word (the rest of the line was lost);
// a line of any length was held whole.
TEST(CallLog, NulBytesAndOverlongLinesAreErrors) {
  std::string nul = row("PS");
  nul.insert(nul.size() - 2, std::string("\0" "x", 2));
  const std::string f = write_log("nul.txt", kHeader + nul + std::string(70000, 'x') + "\n" +
                                                 "\n" + row("PS"));
  CallLog log;
  InputErrors errors;
  EXPECT_FALSE(read_call_log(f, ColumnMap{}, log, errors));
  EXPECT_EQ(lines_of(errors), (std::vector<std::string>{f + ":2: holds a NUL byte",
                                                        f + ":3: line longer than 65536 bytes"}));
  EXPECT_EQ(log.records.size(), 1u);  // line 5 (after a blank line 4)
  EXPECT_EQ(log.records[0].line, 5);
}

TEST(CallLog, ReadsAHeaderAfterAByteOrderMark) {
  const std::string f = write_log("bom.txt", "\xEF\xBB\xBF" + kHeader + row("PS"));
  CallLog log;
  InputErrors errors;
  EXPECT_TRUE(read_call_log(f, ColumnMap{}, log, errors)) << errors.to_string();
  EXPECT_EQ(log.records.size(), 1u);
}

// A FIFO used to block `ccsim fit` forever.
TEST(CallLog, OnlyARegularFileIsRead) {
  const std::string dir = std::filesystem::path(write_log("x", "")).parent_path().string();
  const std::string fifo = dir + "/fifo";
  std::filesystem::remove(fifo);  // left by an earlier run
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  CallLog log;
  InputErrors errors;
  EXPECT_FALSE(read_call_log(fifo, ColumnMap{}, log, errors));
  EXPECT_FALSE(read_call_log(dir, ColumnMap{}, log, errors));
  EXPECT_EQ(errors.to_string(), fifo + ": is not a regular file\n" + dir + ": is a folder, not a file\n");
  std::filesystem::remove(fifo);
}

// Staffing is fitted from who served each call: without an agent column the fitted roster
// was empty and the written scenario failed to load (exit 70). An outcome listed twice
// was read as whichever came first.
TEST(CallLog, TheAgentColumnAndTheOutcomesMustBeMapped) {
  const auto why = [](const std::string& text) {
    InputErrors errors;
    parse_column_map(text, errors);
    return errors.to_string();
  };
  EXPECT_EQ(why("agent="), "--columns: 'agent' cannot be empty\n");
  EXPECT_EQ(why("answered="), "--columns: 'answered' cannot be empty\n");
  EXPECT_EQ(why("abandoned=HANG|AGENT"), "--columns: outcome 'AGENT' is both answered and abandoned\n");
  EXPECT_EQ(why("ignored=X|HANG"), "--columns: outcome 'HANG' is both abandoned and ignored\n");
  EXPECT_EQ(why("wait=a,arrival=b,wait=c"), "--columns: 'wait' is given twice\n");

  const std::string f = write_log("no_agent.csv", "date,vru_exit,q_time,outcome\n990103,7:00:00,0,AGENT\n");
  CallLog log;
  InputErrors errors;
  EXPECT_FALSE(read_call_log(f, ColumnMap{}, log, errors));
  EXPECT_EQ(errors.to_string(),
            f + ":1: agent: no column 'server' in the header (map it with --columns agent=NAME)\n");
}

}  // namespace
}  // namespace sim::scenario
