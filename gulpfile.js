// tsc compiles the code; gulp copies what it does not: icons and the node's codex JSON.
const { src, dest } = require('gulp');

function copyAssets() {
	return src(['icons/**/*.{svg,png}', 'nodes/**/*.{svg,png,json}', 'credentials/**/*.{svg,png}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:assets'] = copyAssets;
exports.default = copyAssets;
