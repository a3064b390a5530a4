// Reads the Segmind model pages in ../shared/seeds (the contract) into plain parameter lists,
// so the declaration tests compare against the pages themselves.
// Plain JS: it needs node:fs, which the community lint refuses in .ts files.
const fs = require('node:fs');
const path = require('node:path');

/** The contract, beside the repository (as in this project's workplace and its CI). */
const SHARED_SEEDS_DIR = path.resolve(__dirname, '../../../shared/seeds');
/**
 * A byte-identical copy in the repository, for a checkout without ../shared (GitHub Actions):
 * test/unit/models/seedCopy.test.js fails whenever it differs from the contract beside it.
 */
const COPY_SEEDS_DIR = path.join(__dirname, 'pages');

const SEEDS_DIR =
	process.env.SEGMIND_SEEDS_DIR || (fs.existsSync(SHARED_SEEDS_DIR) ? SHARED_SEEDS_DIR : COPY_SEEDS_DIR);

function parseDefault(text) {
	const [value, range] = text.split('Range:');
	const parsed = { default: JSON.parse(value.trim()) };
	if (range) {
		const [min, max] = range.split('-').map((part) => Number(part.trim()));
		parsed.range = { min, max };
	}
	return parsed;
}

/** The parameters of one page: name, required, type, default, allowed values, range, description. */
function parseParameters(text) {
	const start = text.indexOf('\nParameters\n');
	const end = text.indexOf('\nResponse Type');
	const lines = text.slice(start, end).split('\n').map((line) => line.trim());
	const params = [];
	let current;
	for (let i = 0; i < lines.length; i++) {
		const header = /^([a-z0-9_]+)(required|optional)$/.exec(lines[i]);
		if (header) {
			current = { name: header[1], required: header[2] === 'required', type: lines[i + 1], description: '' };
			params.push(current);
			i++;
			continue;
		}
		if (!current || lines[i] === '') continue;
		if (lines[i].startsWith('Default:')) Object.assign(current, parseDefault(lines[i].slice(8)));
		else if (lines[i] === 'Allowed values :') current.allowedRaw = lines[++i];
		else if (!current.description) current.description = lines[i];
	}
	return params;
}

function loadSeedPages() {
	return fs
		.readdirSync(SEEDS_DIR)
		.filter((file) => file.endsWith('.txt'))
		.map((file) => {
			const text = fs.readFileSync(path.join(SEEDS_DIR, file), 'utf8');
			const slug = /https:\/\/api\.segmind\.com\/v1\/([\w.-]+)/.exec(text)[1];
			const typical = /~([\d.]+)s/.exec(text);
			const price = /(\$[\d.]+ - \$[\d.]+) per generation/.exec(text);
			return {
				file,
				slug,
				title: text.split('\n')[0].trim(),
				typicalSeconds: typical ? Number(typical[1]) : undefined,
				price: price ? price[1] : undefined,
				parameters: parseParameters(text),
			};
		});
}

module.exports = { loadSeedPages, SEEDS_DIR, SHARED_SEEDS_DIR, COPY_SEEDS_DIR };
