/**
 * In-process n8n node test harness on n8n-core's real execution engine.
 * See README.md in this folder.
 */
export {
	runNode,
	FIXTURE_SOURCE_NAME,
	FIXTURE_SOURCE_TYPE,
	type HarnessInputBinary,
	type HarnessInputItem,
	type HarnessOutputBinary,
	type HarnessOutputItem,
	type RunHandle,
	type RunNodeOptions,
	type RunNodeResult,
} from './runNode';
export { HarnessCredentialsHelper, type HarnessCredential } from './credentialsHelper';
export { createNodeTypes, defaultTypeVersion, type AnyNodeType } from './nodeTypes';
export {
	cleanup,
	harnessLogger,
	liveTempDirs,
	type BinaryDataMode,
	type LogRecord,
} from './runtime';
