// Storage folder faults for the jest suites (plain JS: they need node:fs).
const fs = require('node:fs');
const path = require('node:path');

/**
 * Replaces n8n's binary storage folder with a plain file, so the filesystem store's next write
 * fails in the real FsByteStore (mkdir/open under a file: ENOTDIR or EEXIST), even for root,
 * whom folder permissions do not stop.
 */
function breakStorageFolder(storagePath) {
	fs.rmSync(storagePath, { recursive: true, force: true });
	fs.writeFileSync(storagePath, 'not a folder');
}

/** Every file under `dir` (relative paths), [] when it does not exist. */
function filesUnder(dir) {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name)));
}

/** n8n's binary storage folder of a harness run (runtime.ts: `<root>/storage`). */
function storageOf(root) {
	return path.join(root, 'storage');
}

module.exports = { breakStorageFolder, filesUnder, storageOf };

/** Removes a run's temp dir kept with `keepTempDir`. */
function removeFolder(dir) {
	fs.rmSync(dir, { recursive: true, force: true });
}

module.exports.removeFolder = removeFolder;
