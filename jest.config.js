/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/test/**/*.test.js'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	testTimeout: 60000,
	// The reliability suites' one-line summary (cases, duplicate submits, key leaks, hangs).
	reporters: ['default', '<rootDir>/test/reliability/summaryReporter.js'],
};
