// The repository carries a copy of the Segmind model pages for checkouts without ../shared
// (GitHub Actions). Where the contract is beside the repository, the copy must be identical.
const fs = require('node:fs');
const path = require('node:path');

const { COPY_SEEDS_DIR, SEEDS_DIR, SHARED_SEEDS_DIR } = require('../../seeds/seedPages');

const pages = (dir) =>
	fs
		.readdirSync(dir)
		.filter((file) => file.endsWith('.txt'))
		.sort();
const sharedPresent = fs.existsSync(SHARED_SEEDS_DIR);

it('reads the contract itself when it is beside the repository', () => {
	if (process.env.SEGMIND_SEEDS_DIR) return expect(SEEDS_DIR).toBe(process.env.SEGMIND_SEEDS_DIR);
	expect(SEEDS_DIR).toBe(sharedPresent ? SHARED_SEEDS_DIR : COPY_SEEDS_DIR);
});

it('holds the five model pages', () => {
	expect(pages(COPY_SEEDS_DIR)).toHaveLength(5);
});

(sharedPresent ? it : it.skip)('the copy is byte-identical to ../shared/seeds', () => {
	expect(pages(COPY_SEEDS_DIR)).toEqual(pages(SHARED_SEEDS_DIR));
	for (const file of pages(SHARED_SEEDS_DIR)) {
		const copy = fs.readFileSync(path.join(COPY_SEEDS_DIR, file));
		const contract = fs.readFileSync(path.join(SHARED_SEEDS_DIR, file));
		expect({ file, same: copy.equals(contract) }).toEqual({ file, same: true });
	}
});
