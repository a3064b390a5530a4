// The release pipeline n8n requires of community nodes: CI on push/PR, publishing from a version
// tag with an npm provenance statement, prepublishOnly really running, and package.json pointing
// at one repository (n8n's verification matches the package to the repository it was built from).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '../../..');
const pkg = require(path.join(root, 'package.json'));
const read = (file) => fs.readFileSync(path.join(root, file), 'utf8');
const ci = read('.github/workflows/ci.yml');
const publish = read('.github/workflows/publish.yml');

/** The `npm publish …` command line of publish.yml. */
const publishCommand = publish.match(/^\s*(npm publish\b.*)$/m)?.[1];

describe('package.json names one GitHub repository', () => {
	const repo = /github\.com\/([\w.-]+)\/([\w.-]+?)(?:\.git)?(?:[/#].*)?$/;
	test('repository, homepage, bugs and author agree', () => {
		const [, owner, name] = pkg.repository.url.match(repo);
		expect(`${owner}/${name}`).toBe(`${owner}/${pkg.name}`);
		expect(pkg.repository.url).toBe(`https://github.com/${owner}/${name}.git`);
		expect(pkg.homepage).toBe(`https://github.com/${owner}/${name}#readme`);
		expect(pkg.bugs.url).toBe(`https://github.com/${owner}/${name}/issues`);
		expect(pkg.author.url).toBe(`https://github.com/${owner}`);
	});
});

describe('workflows', () => {
	test('CI installs without dependency scripts, builds, lints and tests on push and pull request', () => {
		expect(ci).toMatch(/^on:\n(?:.*\n)*?\s+push:/m);
		expect(ci).toMatch(/^\s+pull_request:/m);
		const steps = ['npm ci --ignore-scripts', 'npm run build', 'npm run lint', 'npm test'];
		const at = steps.map((step) => ci.indexOf(`run: ${step}`));
		expect(at.every((i) => i > 0)).toBe(true);
		expect([...at].sort((a, b) => a - b)).toEqual(at);
	});

	test('publish runs on a version tag with id-token: write, tests, then publishes with provenance', () => {
		expect(publish).toMatch(/^\s+tags:\n\s+- '\*\.\*\.\*'$/m);
		expect(publish).toMatch(/^\s+id-token: write$/m);
		expect(publishCommand).toBe('npm publish --provenance --access public --ignore-scripts=false');
		expect(publish.indexOf('run: npm test')).toBeGreaterThan(0);
		expect(publish.indexOf('run: npm test')).toBeLessThan(publish.indexOf(publishCommand));
	});

	test('npm test runs the verification scan and actionlint', () => {
		expect(pkg.scripts.test).toContain('npm run scan');
		expect(pkg.scripts.test).toContain('npm run lint:workflows');
		expect(pkg.scripts.prepublishOnly).toContain('npm run scan');
	});
});

describe("publish.yml's command runs prepublishOnly despite the repo's .npmrc", () => {
	// A probe package with the repo's .npmrc (ignore-scripts=true), published as a dry run to a
	// closed port: nothing leaves the machine.
	let dir;
	beforeAll(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'segmind-publish-probe-'));
		fs.copyFileSync(path.join(root, '.npmrc'), path.join(dir, '.npmrc'));
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify({
				name: 'segmind-wan-publish-probe',
				version: '0.0.0',
				scripts: { prepublishOnly: "node -e \"require('fs').writeFileSync('prepublished', '')\"" },
			}),
		);
	});
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	const dryRun = (args) => {
		fs.rmSync(path.join(dir, 'prepublished'), { force: true });
		const env = { ...process.env };
		for (const key of Object.keys(env)) if (/^npm_config_/i.test(key)) delete env[key];
		execFileSync(
			'npm',
			[...args, '--dry-run', '--offline', '--fetch-retries=0', '--registry=http://127.0.0.1:9/'],
			{ cwd: dir, env, stdio: 'pipe' },
		);
		return fs.existsSync(path.join(dir, 'prepublished'));
	};

	test('with its flags prepublishOnly runs', () => {
		expect(dryRun(publishCommand.split(' ').slice(1))).toBe(true);
	});

	test('a plain npm publish would skip it (why the flag is there)', () => {
		expect(dryRun(['publish', '--access', 'public'])).toBe(false);
	});
});

describe('CHANGELOG.md (Keep a Changelog)', () => {
	const changelog = read('CHANGELOG.md');
	test('has an entry for the package version and links it', () => {
		expect(changelog).toMatch(/keepachangelog\.com/);
		expect(changelog).toContain(`## [${pkg.version}]`);
		expect(changelog).toMatch(
			new RegExp(`^\\[${pkg.version.replace(/\./g, '\\.')}\\]: https://github\\.com/`, 'm'),
		);
		expect(pkg.files).toContain('CHANGELOG.md');
	});
});
