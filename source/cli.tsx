// The entry point. `driftwatch --version` is answered before the command-line parser is loaded: it is what scripts
// and installers run to check the install, and it should cost no more than starting Node. Everything else is
// parsed and dispatched by commands/main.ts.
import {onlyVersionAsked, runVersion} from './commands/version.js';

if (onlyVersionAsked(process.argv.slice(2))) process.exitCode = runVersion();
else await import('./commands/main.js');
