// The entry point of the build. `driftwatch --version` never gets here: the launchers (bin/driftwatch.js, the
// standalone binary's scripts/sea-main.cjs) answer it before any ES module is loaded. Everything else is parsed and
// dispatched by commands/main.ts.
import './commands/main.js';
