// Packing a package and installing it into an n8n instance the way n8n's community-package panel
// does.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * `npm pack` a package directory. Returns the absolute tarball path.
 * Runs under Node 24 (the toolchain's), with the user's npmrc left alone.
 */
export async function packPackage(packageDir, destDir, { toolchain } = {}) {
	await mkdir(destDir, { recursive: true });
	const env = { ...process.env };
	if (toolchain) env.PATH = `${toolchain.nodeBinDir}${path.delimiter}${env.PATH}`;
	const { stdout } = await execFileAsync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', destDir],
		{ cwd: packageDir, env, maxBuffer: 64 * 1024 * 1024 },
	);
	const [info] = JSON.parse(stdout.slice(stdout.indexOf('[')));
	return path.join(destDir, info.filename);
}

/**
 * Installs a packed community package exactly the way n8n 2.41.1's
 * CommunityPackagesService.downloadPackage() does for a panel install:
 *   1. extract the tarball into  $N8N_USER_FOLDER/.n8n/nodes/node_modules/<name>
 *   2. strip devDependencies / peerDependencies / optionalDependencies from
 *      its package.json (so npm never pulls a second n8n-workflow)
 *   3. `npm install --audit=false --fund=false --bin-links=false
 *      --install-strategy=shallow --ignore-scripts=true --package-lock=false`
 *      inside that directory (installs only its runtime deps, if any)
 *   4. record it in the ledger  .n8n/nodes/package.json  {dependencies:{name:version}}
 * n8n then loads it at startup (community-packages module -> nodeLoaders ->
 * scanDirectoryForPackages('.n8n/nodes/node_modules'), glob 'n8n-nodes-*' and
 * '@*\/n8n-nodes-*'); the node type is '<package name>.<node description name>'.
 * @returns {Promise<{name:string, version:string, dir:string}>}
 */
export async function installCommunityPackage(ctx, tarball) {
	const { stdout: listing } = await execFileAsync('tar', [
		'-xOzf',
		tarball,
		'package/package.json',
	]);
	const pkg = JSON.parse(listing);
	if (!/^(@[^/]+\/)?n8n-nodes-/.test(pkg.name)) {
		throw new Error(
			`n8n only scans packages named n8n-nodes-* or @scope/n8n-nodes-*; got ${pkg.name}`,
		);
	}
	const nodeModules = path.join(ctx.nodesDir, 'node_modules');
	const dir = path.join(nodeModules, pkg.name);
	await rm(dir, { recursive: true, force: true });
	await mkdir(dir, { recursive: true });
	await execFileAsync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);

	const pjPath = path.join(dir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...stripped } = JSON.parse(
		await readFile(pjPath, 'utf8'),
	);
	void devDependencies;
	void peerDependencies;
	void optionalDependencies;
	await writeFile(pjPath, JSON.stringify(stripped, null, 2), 'utf8');

	const npmEnv = {
		...process.env,
		PATH: `${ctx.toolchain.nodeBinDir}${path.delimiter}${process.env.PATH}`,
		npm_config_update_notifier: 'false',
		npm_config_loglevel: 'error',
	};
	await execFileAsync(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: dir, env: npmEnv, maxBuffer: 64 * 1024 * 1024, timeout: 5 * 60 * 1000 },
	);

	const ledgerPath = path.join(ctx.nodesDir, 'package.json');
	let ledger = { name: 'installed-nodes', private: true, dependencies: {} };
	if (existsSync(ledgerPath)) ledger = JSON.parse(await readFile(ledgerPath, 'utf8'));
	ledger.dependencies = { ...ledger.dependencies, [pkg.name]: pkg.version };
	await writeFile(ledgerPath, JSON.stringify(ledger, null, 2), 'utf8');
	return { name: pkg.name, version: pkg.version, dir };
}
