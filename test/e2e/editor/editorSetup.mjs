// What the editor suite's checks share: its ids and names, the shipped examples, the model
// pages' field names, and the simulator's request log.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as S from '../../../scripts/e2e/segmind.mjs';
import { REPO_ROOT } from '../../../scripts/e2e/toolchain.mjs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const rel = (file) => path.relative(process.cwd(), file);

export const PACKAGE_ICON = `/icons/${S.PACKAGE_NAME}/dist/icons/segmind.svg`;
export const CRED_ID = 'segmindEditorCred1';
export const WF_RUN = 'segmindEditorRun01';
export const WF_MODELS = 'segmindEditorMods01';
export const WF_SWITCH = 'segmindEditorSwch01';
export const WF_ERRORS = 'segmindEditorErrs01';
/** Node version 2: what a node added in the editor today is. */
export const VERSION = 2;
const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

/** examples/*.json, as users import them. */
export function loadExamples() {
	return readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({
			file,
			workflow: JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')),
		}));
}

// Parameters every model shows (not model fields). Extra Body Fields is node-level JSON on every
// declared model (issue 25), on no seed page, and no text input to fill in the model-switch check.
export const COMMON_PARAMETERS = [
	'operation',
	'model',
	'executionMode',
	'additionalFields',
	'extraBodyFields',
	'options',
];
const camel = (apiName) => apiName.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

/**
 * Straight from ../shared/seeds (not from our declarations): per slug, the n8n names a
 * field may appear under (`image`, or its source selector `imageSource`) and which are required.
 */
export function seedFields() {
	const { loadSeedPages } = createRequire(import.meta.url)('../../seeds/seedPages.js');
	return new Map(
		loadSeedPages().map((page) => [
			page.slug,
			page.parameters.map((p) => ({
				// camelCase, its source selector, or (README's naming rule) camelCase + the model's version
				names: [camel(p.name), `${camel(p.name)}Source`],
				renamed: new RegExp(`^${camel(p.name)}Wan\\d+$`),
				required: p.required,
			})),
		]),
	);
}
export const seedHas = (field, name) => field.names.includes(name) || field.renamed.test(name);

/** Simulator request log lines ("api GET /v1/get-user-credits → 200") since offset `from`. */
export function simLines(sim, from) {
	return sim
		.output()
		.stderr.slice(from)
		.split('\n')
		.filter((l) => l.startsWith('[segmind-sim] '))
		.map((l) => l.slice('[segmind-sim] '.length));
}
