// Runs jest; with JEST_JSON set, also writes its JSON report there (CI prints a summary line from
// it).
const { spawnSync } = require('node:child_process');

const args = ['--ci'];
if (process.env.JEST_JSON) args.push('--json', `--outputFile=${process.env.JEST_JSON}`);
const jest = require.resolve('jest/bin/jest');
const run = spawnSync(process.execPath, [jest, ...args, ...process.argv.slice(2)], {
	stdio: 'inherit',
});
process.exit(run.status ?? 1);
