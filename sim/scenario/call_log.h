// Call-by-call logs (an ACD export): one row per call with when it reached the agent queue,
// how long it waited, whether it was answered or abandoned, and the service that followed.
// read_call_log() turns such a file into plain CallRecords for analysis/fit.h; nothing of
// the file format leaves this folder.
//
// The columns are found by name in the header row through a ColumnMap, whose defaults are
// the Technion "Anonymous Bank" export (shared/data/anonymous_bank/README.md); another
// export is read by renaming, e.g. "arrival=enter_queue,wait=queue_s,answered=ANS".
// Fields are separated by runs of blanks (spaces or tabs), or by commas when the header
// row holds a comma and no tab; a trailing CR (Windows line ends) is ignored.
//
// Records that are well formed but carry no queue information are skipped and counted by
// reason (CallLog::skipped); rows that cannot be read are InputErrors
// ("file:line:field#: column: what is wrong"), or, with skip_malformed, skipped and
// counted too. Every value that is kept is in range (analysis/FIT.md lists the bounds), and
// every call type can name a call type in a scenario file.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/input_error.h"

namespace sim::scenario {

// Which header column holds each field, and the outcome values. Every key is documented in
// column_map_help().
struct ColumnMap {
  // Columns.
  std::string date = "date";                    // yymmdd, yyyymmdd or yyyy-mm-dd
  std::string arrival = "vru_exit";             // time of day the caller asked for an agent
  std::string queue_start = "q_start";          // time the call joined the queue; 0:00:00 = never
  std::string wait = "q_time";                  // seconds in the agent queue
  std::string outcome = "outcome";
  std::string service_start = "ser_start";      // time of day the agent picked up
  std::string service_time = "ser_time";        // seconds of service
  std::string agent = "server";
  std::string type = "type";                    // "" : one call type for every call
  std::string priority = "priority";            // "" : none
  // Outcome values ('|' separates alternatives).
  std::string answered = "AGENT";
  std::string abandoned = "HANG";
  std::string ignored = "PHANTOM";
  std::string no_agent = "NO_SERVER";           // the agent column's "nobody"
};

// "key=value,key=value" over the defaults (what --columns gives); nullopt after adding the
// problem to `errors`, as "--columns: unknown key 'arival'; did you mean 'arrival'?".
std::optional<ColumnMap> parse_column_map(const std::string& text, InputErrors& errors);
// The keys, their defaults and meanings, for --help and the README.
std::string column_map_help();

struct CallRecord {
  std::int32_t day = 0;      // days since 1970-01-01
  std::uint8_t weekday = 0;  // 0 Sunday ... 6 Saturday
  bool answered = false;     // else abandoned from the queue
  bool service_known = false;
  std::uint16_t type = 0;    // index into CallLog::types
  std::int32_t agent = -1;   // index into CallLog::agents; -1 none recorded
  std::int32_t priority = 0;
  double arrival_s = 0;        // seconds since midnight the caller asked for an agent
  double wait_s = 0;           // time in queue (0 when answered at once)
  double service_start_s = 0;  // when service_known
  double service_s = 0;        // when service_known
  std::int32_t line = 0;       // line in its file
};

struct CallLog {
  std::vector<std::string> files;
  std::vector<CallRecord> records;
  std::vector<std::string> types, agents;
  std::size_t rows = 0;  // data rows read (records + skipped + malformed)
  // Reason -> count: rows left out (PHANTOM, hung up before the queue, malformed...), and
  // "kept" notes such as answered calls without a service record.
  std::map<std::string, std::size_t> skipped, notes;
};

// Appends the rows of `file` to `log`; every problem (a file that cannot be read, malformed
// rows unless skip_malformed) goes to `errors`. Returns whether there was none.
bool read_call_log(const std::string& file, const ColumnMap& columns, CallLog& log,
                   InputErrors& errors, bool skip_malformed = false);

// Civil date helpers (proleptic Gregorian).
std::int32_t days_from_civil(int year, unsigned month, unsigned day);
void civil_from_days(std::int32_t days, int& year, unsigned& month, unsigned& day);
// Days since 1970-01-01 as an ISO 8601 date, "1999-01-03".
std::string iso_date(std::int32_t days);

}  // namespace sim::scenario
