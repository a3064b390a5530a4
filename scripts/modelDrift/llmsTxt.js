'use strict';
// Reads a Segmind model spec (https://www.segmind.com/models/{slug}/llms.txt) and lists how it
// differs from one of our model declarations. Pure functions, no network: scripts/checkModels.mjs
// fetches, test/unit/models/modelDrift.test.js feeds the stored copies in test/fixtures/sources/.

/** `- **`name`** (`type`, _required_):` opens a field of the Input Schema. */
const FIELD = /^- \*\*`([^`]+)`\*\* \(`([^`]+)`, _(required|optional)_\):?/;

function parseValue(text) {
	const trimmed = text.trim();
	try {
		return JSON.parse(trimmed);
	} catch {
		return trimmed;
	}
}

/** The fields of the spec's Input Schema: name, type, required, options, range, default. */
function parseLlmsTxt(text) {
	const slug = /\*\*Model ID\*\*: `([^`]+)`/.exec(text)?.[1];
	const start = text.indexOf('### Input Schema');
	const end = text.indexOf('\n**Required Parameters Example**', start);
	const lines = text.slice(start, end < 0 ? undefined : end).split('\n');
	const fields = [];
	let current;
	for (const line of lines) {
		const header = FIELD.exec(line);
		if (header) {
			current = { name: header[1], type: header[2], required: header[3] === 'required' };
			fields.push(current);
			continue;
		}
		if (!current) continue;
		const item = /^\s+- (Options|Range|Default): (.*)$/.exec(line);
		if (!item) continue;
		if (item[1] === 'Options') current.options = item[2].split(/,\s*/).map(parseValue);
		if (item[1] === 'Range') {
			const [min, max] = item[2].split(' to ').map(Number);
			current.range = { min, max };
		}
		if (item[1] === 'Default') current.default = parseValue(item[2].replace(/^`|`$/g, ''));
	}
	return { slug, fields, rawOutput: /Content-Type\*\*: `([^`]+)`/.exec(text)?.[1] };
}

/** Our field types as a spec spells them (a media input is a string there). */
const SPEC_TYPE = {
	string: 'string',
	uri: 'string',
	integer: 'integer',
	number: 'number',
	boolean: 'boolean',
};

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Differences between a declaration (a ModelDeclaration from dist/) and a parsed spec, one
 * line each. A spec field marked required with default null (Segmind's own inconsistency, e.g.
 * `seed`) counts as optional.
 */
function compareDeclaration(model, spec) {
	const differences = [];
	const specFields = new Map(spec.fields.map((field) => [field.name, field]));
	const declared = new Map(model.fields.map((field) => [field.apiName, field]));
	const added = spec.fields.filter((field) => !declared.has(field.name));
	const removed = model.fields.filter((field) => !specFields.has(field.apiName));
	for (const gone of removed) {
		const twin = added.find((field) => field.type === SPEC_TYPE[gone.type]);
		differences.push(
			twin
				? `renamed? declared field "${gone.apiName}" is gone, new "${twin.name}" (${twin.type})`
				: `removed: declared field "${gone.apiName}" is not in the spec`,
		);
	}
	for (const field of added) {
		differences.push(
			`new field: "${field.name}" (${field.type}, ${field.required ? 'required' : 'optional'})`,
		);
	}
	for (const [name, field] of declared) {
		const specField = specFields.get(name);
		if (!specField) continue;
		const where = `"${name}"`;
		if (SPEC_TYPE[field.type] !== specField.type)
			differences.push(`${where}: type ${specField.type}, declared ${field.type}`);
		const specRequired = specField.required && specField.default !== null;
		if (specRequired !== field.required)
			differences.push(
				`${where}: ${specRequired ? 'required' : 'optional'} in the spec, declared ${field.required ? 'required' : 'optional'}`,
			);
		if (!same(specField.options, field.options))
			differences.push(
				`${where}: options ${JSON.stringify(specField.options ?? null)}, declared ${JSON.stringify(field.options ?? null)}`,
			);
		const range = field.min !== undefined ? { min: field.min, max: field.max } : undefined;
		if (!same(specField.range, range))
			differences.push(
				`${where}: range ${JSON.stringify(specField.range ?? null)}, declared ${JSON.stringify(range ?? null)}`,
			);
		const specDefault = specField.default === undefined ? null : specField.default;
		if (!same(specDefault, field.default))
			differences.push(
				`${where}: default ${JSON.stringify(specDefault)}, declared ${JSON.stringify(field.default)}`,
			);
	}
	if (spec.slug && spec.slug !== model.slug)
		differences.push(`model ID "${spec.slug}", declared "${model.slug}"`);
	return differences;
}

module.exports = { parseLlmsTxt, compareDeclaration };
