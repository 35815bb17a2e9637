// Entry of the `sw-isr` command.
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2));
