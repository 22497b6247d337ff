#!/usr/bin/env node
/** The CLI entry: answers --version at once, loads the scanner only when there is work. */
import { toolVersion } from '../version.js';

const argv = process.argv.slice(2);
if (argv[0] === '--version' || argv[0] === '-V') {
  process.stdout.write(`${toolVersion()}\n`);
} else {
  const { main } = await import('./main.js');
  process.exitCode = await main(argv, process.stdout, process.stderr);
}
