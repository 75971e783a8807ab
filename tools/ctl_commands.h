#pragma once
// The subcommands of ticketctl, one function each (ticketctl.cc holds the
// table that names them). Each takes the global options and its own
// arguments and returns an exit code (ctl_common.h).

#include <string>
#include <vector>

#include "tools/ctl_common.h"

namespace ticketd::tools::ctl {

using Arguments = std::vector<std::string>;

int run_status(GlobalOptions& global, const Arguments& args);   // ctl_verify.cc
int run_verify(GlobalOptions& global, const Arguments& args);   // ctl_verify.cc
int run_history(GlobalOptions& global, const Arguments& args);  // ctl_history.cc
int run_export(GlobalOptions& global, const Arguments& args);   // ctl_export.cc
int run_import(GlobalOptions& global, const Arguments& args);   // ctl_import.cc
int run_rebuild(GlobalOptions& global, const Arguments& args);  // ctl_admin.cc
int run_token(GlobalOptions& global, const Arguments& args);    // ctl_admin.cc
int run_demo(GlobalOptions& global, const Arguments& args);     // ctl_admin.cc
int run_backup(GlobalOptions& global, const Arguments& args);   // ctl_backup.cc
int run_backups(GlobalOptions& global, const Arguments& args);  // ctl_backup.cc
int run_restore(GlobalOptions& global, const Arguments& args);  // ctl_backup.cc

}  // namespace ticketd::tools::ctl
