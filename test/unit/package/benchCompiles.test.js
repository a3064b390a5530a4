// `npm run bench` compiles the node and the harness entry with bench/tsconfig.json; a move in
// nodes/ or test/harness/ must not leave the benchmarks unable to build (they run outside npm test).
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '../../..');

test('bench/tsconfig.json type-checks', () => {
	const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
	expect(() =>
		execFileSync(
			process.execPath,
			[tsc, '--noEmit', '-p', path.join(root, 'bench', 'tsconfig.json')],
			{
				cwd: root,
				stdio: 'pipe',
			},
		),
	).not.toThrow();
}, 120_000);
