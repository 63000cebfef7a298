// `npm start`: until the Slack app lands, print the current season's status from the warehouse
// (creating the demo warehouse on first use).
import { runCli } from './cli/main.js';

process.exitCode = await runCli(['status', 'current', ...process.argv.slice(2)]);
