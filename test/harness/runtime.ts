/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test harness: needs a temp folder for n8n's filesystem binary data mode (node:fs/os/path) and n8n-core's own DI container (node:module) */
/**
 * n8n-core process-level services the execution engine pulls from its DI container
 * (the same things n8n's CLI sets up at start): Logger, InstanceSettings,
 * BinaryDataConfig + BinaryDataService.
 *
 * IMPORTANT: n8n-core@2.x ships its own nested copies of @n8n/di, @n8n/backend-common
 * and @n8n/config (node_modules/n8n-core/node_modules/@n8n/...), so the hoisted
 * top-level `@n8n/di` is a DIFFERENT Container. Always reach them through
 * `coreRequire` (module resolution from n8n-core's own directory).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

import { BinaryDataConfig, BinaryDataService, ErrorReporter, InstanceSettings } from 'n8n-core';
import { LoggerProxy } from 'n8n-workflow';

type Ctor<T> = abstract new (...args: never[]) => T;

interface DiContainer {
	get<T>(type: Ctor<T>): T;
	set<T>(type: Ctor<T>, instance: T): void;
	has<T>(type: Ctor<T>): boolean;
}

/** `require` that resolves modules the way n8n-core itself does */
export const coreRequire = createRequire(require.resolve('n8n-core'));

export const Container = (coreRequire('@n8n/di') as { Container: DiContainer }).Container;

const LoggerClass = (coreRequire('@n8n/backend-common') as { Logger: Ctor<unknown> }).Logger;

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface LogRecord {
	level: LogLevel;
	message: string;
	meta?: unknown;
}

/**
 * Stands in for n8n's winston Logger in the DI container (nodes' `this.logger`,
 * LoggerProxy, ErrorReporter all log through it). Records instead of printing;
 * set N8N_HARNESS_LOG=1 to also print.
 */
export class HarnessLogger {
	records: LogRecord[] = [];

	private readonly echo = !!process.env.N8N_HARNESS_LOG;

	private log(level: LogLevel, message: string, meta?: unknown) {
		this.records.push({ level, message: String(message), meta });
		if (this.echo) {
			// eslint-disable-next-line no-console
			console.log(`[n8n ${level}] ${String(message)}`, meta ?? '');
		}
	}

	error(message: string, meta?: unknown) {
		this.log('error', message, meta);
	}

	warn(message: string, meta?: unknown) {
		this.log('warn', message, meta);
	}

	info(message: string, meta?: unknown) {
		this.log('info', message, meta);
	}

	debug(message: string, meta?: unknown) {
		this.log('debug', message, meta);
	}

	verbose(message: string, meta?: unknown) {
		this.log('debug', message, meta);
	}

	scoped() {
		return this;
	}
}

export const harnessLogger = new HarnessLogger();

let globalsReady = false;

/** once per module registry (= once per jest test file) */
export function ensureGlobals(): void {
	if (globalsReady) return;
	Container.set(LoggerClass, harnessLogger as unknown);
	LoggerProxy.init(harnessLogger as unknown as Parameters<typeof LoggerProxy.init>[0]);
	globalsReady = true;
}

export type BinaryDataMode = 'filesystem' | 'default';

export interface RunEnvironment {
	root: string;
	binaryDataService: BinaryDataService;
	instanceSettings: InstanceSettings;
	dispose(): void;
}

const liveRoots = new Set<string>();

/**
 * Fresh temp dir + InstanceSettings + BinaryDataService for one run, installed in
 * n8n-core's container (binary helpers call Container.get(BinaryDataService)).
 */
export async function createRunEnvironment(mode: BinaryDataMode): Promise<RunEnvironment> {
	ensureGlobals();
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-node-harness-'));
	liveRoots.add(root);

	const instanceSettings = new InstanceSettings(
		{
			n8nFolder: path.join(root, '.n8n'),
			userHome: root,
			enforceSettingsFilePermissions: false,
			encryptionKey: randomBytes(24).toString('base64'),
		} as never,
		harnessLogger as never,
	);
	Container.set(InstanceSettings, instanceSettings);

	const binaryDataConfig = {
		mode,
		availableModes: [mode],
		localStoragePath: path.join(root, 'storage'),
		signingSecret: randomBytes(24).toString('base64'),
		dbMaxFileSize: 512,
	} as unknown as BinaryDataConfig;
	Container.set(BinaryDataConfig, binaryDataConfig);

	const binaryDataService = new BinaryDataService(
		binaryDataConfig,
		Container.get(ErrorReporter),
		harnessLogger as never,
	);
	await binaryDataService.init();
	Container.set(BinaryDataService, binaryDataService);

	return {
		root,
		binaryDataService,
		instanceSettings,
		dispose() {
			fs.rmSync(root, { recursive: true, force: true });
			liveRoots.delete(root);
		},
	};
}

/** temp dirs not yet removed (runs made with `keepTempDir: true`, or still running) */
export function liveTempDirs(): string[] {
	return [...liveRoots];
}

/** remove temp dirs of runs made with `keepTempDir: true` */
export function cleanup(): void {
	for (const root of [...liveRoots]) {
		fs.rmSync(root, { recursive: true, force: true });
		liveRoots.delete(root);
	}
}
