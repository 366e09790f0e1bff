// The call-log reader: the Anonymous Bank layout with its quirks, another export through a
// column mapping, and every malformed row reported with file, line, field and column name.
#include "sim/scenario/call_log.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sim::scenario {
namespace {

const std::string kData = std::string(CCSIM_SOURCE_DIR) + "/tests/data/calllog/";

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
      f + ":4:12: q_time: must be a number of seconds >= 0, got \"-3\"",
      f + ":5:13: outcome: unknown outcome 'BUSY'; expected AGENT, HANG or PHANTOM (see --columns)",
      f + ":6: expected 17 fields like the header, got 11",
      f + ":7:16: ser_time: must be a number of seconds >= 0, got \"5o\"",
      f + ":7:4: priority: must be a whole number, got \"x\"",
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
  EXPECT_EQ(log.types, std::vector<std::string>{"all"});
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

}  // namespace
}  // namespace sim::scenario
