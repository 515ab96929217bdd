// `npm run report -- <lumin|last-contact> [--month YYYY-MM] [--force]`: one period's report now (see REPORT_USAGE).
import { parseReportArgs, REPORT_USAGE, runReport } from './report-command';
import { runCli } from './run';

runCli(REPORT_USAGE, parseReportArgs, async (args, client, config) => {
  for (const line of await runReport(client, config, args)) console.log(line);
});
