/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test harness: timers bound a run (timeoutMs) and the grace period after cancellation */
/**
 * Run one node in-process through n8n-core's real WorkflowExecute:
 *
 *   [Harness Fixture Source] --main--> [node under test]
 *
 * The fixture source node stores the given input binaries with n8n's real
 * `helpers.prepareBinaryData` (so they live in the BinaryDataService, filesystem mode
 * by default), the node under test gets a real ExecuteContext (parameters with
 * defaults and expressions, getCredentials, httpRequestWithAuthentication, binary
 * helpers, continueOnFail, cancel signal), and its output binaries are read back
 * through the BinaryDataService.
 */
import type { BinaryDataService } from 'n8n-core';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { NodeConnectionTypes, Workflow, createRunExecutionData, deepCopy } from 'n8n-workflow';
import type {
	ExecutionStatus,
	IBinaryData,
	IConnections,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IPairedItemData,
	IRun,
	IRunData,
	ITaskData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { HarnessCredentialsHelper, type HarnessCredential } from './credentialsHelper';
import { createNodeTypes, defaultTypeVersion, type AnyNodeType } from './nodeTypes';
import {
	createRunEnvironment,
	harnessLogger,
	type BinaryDataMode,
	type RunEnvironment,
	type LogRecord,
} from './runtime';

export const FIXTURE_SOURCE_TYPE = 'n8n-node-harness.fixtureSource';
export const FIXTURE_SOURCE_NAME = 'Harness Fixture Source';
const WORKFLOW_ID = 'harness-workflow';
const BASE_URL = 'http://localhost:5678';
const CANCEL_GRACE_MS = 5000;

export interface HarnessInputBinary {
	/** The bytes, or a stream of them (stored without being held in memory in filesystem mode). */
	data: Buffer | Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];
	mimeType: string;
	fileName?: string;
	/** Drop `bytes` from the stored metadata, as binaries written by older n8n versions lack it. */
	withoutBytes?: boolean;
}

export interface HarnessInputItem {
	json: IDataObject;
	binary?: Record<string, HarnessInputBinary>;
}

export interface RunHandle {
	executionId: string;
	/** PCancelable.cancel() on WorkflowExecute: aborts getExecutionCancelSignal() and stops the run */
	cancel(): void;
	/** resolves when n8n's nodeExecuteBefore hook fires for the node under test */
	nodeStarted: Promise<void>;
}

export interface RunNodeOptions {
	nodeType: AnyNodeType;
	/** default: nodeType.description.name */
	nodeTypeName?: string;
	/** default: description.defaultVersion / highest version */
	typeVersion?: number;
	/** default: description.defaults.name ?? displayName */
	nodeName?: string;
	parameters?: INodeParameters;
	credentials?: HarnessCredential | HarnessCredential[];
	/** default [{ json: {} }] (one empty item, like a manual trigger). [] means the node is not run. */
	input?: HarnessInputItem[];
	/**
	 * true -> node setting onError 'continueRegularOutput'; or pass the onError value
	 * ('continueRegularOutput' | 'continueErrorOutput').
	 */
	continueOnFail?: boolean | 'continueRegularOutput' | 'continueErrorOutput';
	/** default 'filesystem' (BinaryDataService on a temp dir); 'default' keeps binaries inline as base64 */
	binaryDataMode?: BinaryDataMode;
	onStarted?: (handle: RunHandle) => void;
	/** default 30000. On timeout the run is cancelled; if it does not stop within 5 s, runNode rejects. */
	timeoutMs?: number;
	/** execution mode; default 'manual' */
	mode?: WorkflowExecuteMode;
	/** extra INode settings for the node under test (alwaysOutputData, executeOnce, retryOnFail, ...) */
	nodeSettings?: Partial<INode>;
	/** other credential types referenced through `extends` */
	extraCredentialTypes?: HarnessCredential['credentialType'][];
	/** keep the temp dir (call cleanup() later) */
	keepTempDir?: boolean;
	/** workflow settings besides executionOrder v1, e.g. `{ executionTimeout: 300 }` (seconds) */
	workflowSettings?: IWorkflowSettings;
	/**
	 * When n8n marked the execution's start (`getExecutionContext().establishedAt`, ms since
	 * epoch), as a run resumed after a Wait node or started by earlier nodes has it; default: now.
	 */
	executionStartedAt?: number;
	/**
	 * Called with the run's environment before the workflow starts: e.g. to swap the binary data
	 * manager for one that fails, or break the storage folder.
	 */
	prepareEnvironment?: (env: RunEnvironment) => void | Promise<void>;
}

/** IBinaryData's named fields (its index signature dropped) */
type KnownBinaryFields = {
	[
		K in keyof IBinaryData as string extends K ? never : number extends K ? never : K
	]: IBinaryData[K];
};

/** an output binary's metadata as n8n stored it, plus its bytes read back through BinaryDataService */
export type HarnessOutputBinary = KnownBinaryFields & { buffer: Buffer };

export interface HarnessOutputItem {
	json: IDataObject;
	binary?: Record<string, HarnessOutputBinary>;
	pairedItem?: IPairedItemData | IPairedItemData[] | number;
	error?: INodeExecutionData['error'];
}

export interface RunNodeResult {
	/** main output 0 of the node under test (binaries read back through BinaryDataService) */
	items: HarnessOutputItem[];
	/** all main outputs (index 1 = error output with continueOnFail 'continueErrorOutput') */
	outputs: HarnessOutputItem[][];
	/**
	 * The error the run failed with: the ORIGINAL instance the node threw
	 * (NodeApiError / NodeOperationError ...), else n8n's record of it, else a
	 * pre-execution error (WorkflowHasIssuesError). Also set when continueOnFail
	 * let a thrown error pass (n8n then forwards the input items).
	 */
	error?: Error;
	/** What the node threw in tries that n8n's Retry On Fail followed with a successful one. */
	retriedErrors: Error[];
	/** n8n's own (plain-object) copy of the node error from runData, as the UI would see it */
	executionError?: IRun['data']['resultData']['error'];
	/** 'success' | 'error' | 'canceled' | ... */
	status: ExecutionStatus | string;
	runData: IRunData;
	/** task data of the node under test's last run */
	taskData?: ITaskData;
	run?: IRun;
	/** node names in the order n8n ran them */
	nodeExecutionOrder: string[];
	/** what n8n / the node logged (this.logger, LoggerProxy, ErrorReporter) during the run */
	logs: LogRecord[];
	/** every request options object the credential's authenticate produced */
	authenticatedRequests: HarnessCredentialsHelper['authenticatedRequests'];
	/** whether the harness cancelled the run because of timeoutMs */
	timedOut: boolean;
	/** whether the run was cancelled (handle.cancel() or timeout) */
	cancelled: boolean;
	/** the run's temp dir (n8n folder + binary storage); already deleted unless keepTempDir */
	tempDir: string;
	credentialsHelper: HarnessCredentialsHelper;
	executionId: string;
	nodeName: string;
}

function makeFixtureSourceNodeType(items: HarnessInputItem[]): INodeType {
	return {
		description: {
			displayName: 'Harness Fixture Source',
			name: FIXTURE_SOURCE_TYPE,
			group: ['input'],
			version: 1,
			description: 'Emits the fixture items given to runNode()',
			defaults: { name: FIXTURE_SOURCE_NAME },
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const out: INodeExecutionData[] = [];
			for (const item of items) {
				const entry: INodeExecutionData = { json: deepCopy(item.json), pairedItem: { item: 0 } };
				if (item.binary) {
					entry.binary = {};
					for (const [key, b] of Object.entries(item.binary)) {
						entry.binary[key] = await this.helpers.prepareBinaryData(
							b.data,
							b.fileName,
							b.mimeType,
						);
						if (b.withoutBytes) delete entry.binary[key].bytes;
					}
				}
				out.push(entry);
			}
			return [out];
		},
	};
}

async function readBackItem(
	item: INodeExecutionData,
	bds: BinaryDataService,
): Promise<HarnessOutputItem> {
	const out: HarnessOutputItem = { json: item.json };
	if (item.pairedItem !== undefined) out.pairedItem = item.pairedItem;
	if (item.error !== undefined) out.error = item.error;
	if (item.binary) {
		out.binary = {};
		for (const [key, b] of Object.entries(item.binary)) {
			out.binary[key] = { ...b, buffer: await bds.getAsBuffer(b) };
		}
	}
	return out;
}

function errorFromRecord(record: unknown): Error | undefined {
	if (!record) return undefined;
	if (record instanceof Error) return record;
	const r = record as { message?: string; name?: string; stack?: string };
	const e = new Error(r.message ?? 'Unknown error');
	Object.assign(e, record);
	return e;
}

// WorkflowExecute and the binary-data helpers use n8n-core's process-wide container,
// so runs are serialized.
let queue: Promise<unknown> = Promise.resolve();

export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const next = queue.then(async () => await runNodeNow(options));
	queue = next.catch(() => undefined);
	return await next;
}

let executionCounter = 0;

async function runNodeNow(options: RunNodeOptions): Promise<RunNodeResult> {
	const {
		nodeType,
		parameters = {},
		input = [{ json: {} }],
		binaryDataMode = 'filesystem',
		timeoutMs = 30000,
		mode = 'manual',
	} = options;
	const description = nodeType.description as {
		name: string;
		displayName: string;
		defaults?: { name?: string };
	};
	const typeName = options.nodeTypeName ?? description.name;
	const typeVersion = options.typeVersion ?? defaultTypeVersion(nodeType);
	const nodeName = options.nodeName ?? description.defaults?.name ?? description.displayName;
	const executionId = `harness-${++executionCounter}`;
	const credentialList = options.credentials
		? Array.isArray(options.credentials)
			? options.credentials
			: [options.credentials]
		: [];

	const env = await createRunEnvironment(binaryDataMode);
	await options.prepareEnvironment?.(env);
	harnessLogger.records = [];
	const thrown: unknown[] = [];
	const retriedErrors: unknown[] = [];
	const timers: NodeJS.Timeout[] = [];
	try {
		const nodeTypes = createNodeTypes(
			{ [FIXTURE_SOURCE_TYPE]: makeFixtureSourceNodeType(input), [typeName]: nodeType },
			{
				onExecuteError: (error, name) => name === typeName && thrown.push(error),
				// A later Retry On Fail try succeeded: the earlier errors are not the run's error.
				onExecuteSuccess: (name) => {
					if (name === typeName) retriedErrors.push(...thrown.splice(0));
				},
			},
		);

		const nodeCredentials: INodeCredentials = {};
		for (const c of credentialList) {
			nodeCredentials[c.type] = {
				id: c.id ?? `cred-${c.type}`,
				name: c.name ?? `${c.credentialType.displayName} account`,
			};
		}
		const onError =
			options.continueOnFail === true
				? 'continueRegularOutput'
				: options.continueOnFail || undefined;

		const sourceNode: INode = {
			id: 'harness-fixture-source',
			name: FIXTURE_SOURCE_NAME,
			type: FIXTURE_SOURCE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const testNode: INode = {
			id: 'harness-node-under-test',
			name: nodeName,
			type: typeName,
			typeVersion,
			position: [250, 0],
			parameters: deepCopy(parameters),
			...(credentialList.length ? { credentials: nodeCredentials } : {}),
			...(onError ? { onError } : {}),
			...options.nodeSettings,
		};
		const connections: IConnections = {
			[FIXTURE_SOURCE_NAME]: {
				main: [[{ node: nodeName, type: NodeConnectionTypes.Main, index: 0 }]],
			},
		};
		const workflow = new Workflow({
			id: WORKFLOW_ID,
			name: 'n8n node harness',
			nodes: [sourceNode, testNode],
			connections,
			active: false,
			nodeTypes,
			settings: { executionOrder: 'v1', ...options.workflowSettings },
		});
		const workflowData = {
			id: WORKFLOW_ID,
			name: 'n8n node harness',
			active: false,
			isArchived: false,
			activeVersionId: null,
			nodes: [sourceNode, testNode],
			connections,
			settings: { executionOrder: 'v1', ...options.workflowSettings },
			createdAt: new Date(),
			updatedAt: new Date(),
		} as unknown as IWorkflowBase;

		const credentialsHelper = new HarnessCredentialsHelper(
			credentialList,
			options.extraCredentialTypes,
		);

		const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
		const nodeExecutionOrder: string[] = [];
		let markStarted!: () => void;
		const nodeStarted = new Promise<void>((resolve) => (markStarted = resolve));
		hooks.addHandler('nodeExecuteBefore', (name) => {
			nodeExecutionOrder.push(name);
			if (name === nodeName) markStarted();
		});

		const additionalData = {
			executionId,
			workflowId: WORKFLOW_ID,
			userId: 'harness-user',
			hooks,
			credentialsHelper,
			restApiUrl: `${BASE_URL}/rest`,
			instanceBaseUrl: `${BASE_URL}/`,
			formBaseUrl: `${BASE_URL}/form`,
			formWaitingBaseUrl: `${BASE_URL}/form-waiting`,
			formTestBaseUrl: `${BASE_URL}/form-test`,
			webhookBaseUrl: `${BASE_URL}/webhook`,
			webhookWaitingBaseUrl: `${BASE_URL}/webhook-waiting`,
			webhookTestBaseUrl: `${BASE_URL}/webhook-test`,
			mcpBaseUrl: `${BASE_URL}/mcp`,
			mcpTestBaseUrl: `${BASE_URL}/mcp-test`,
			currentNodeParameters: undefined,
			currentNodeExecutionIndex: 0,
			variables: {},
			executeWorkflow: async () => {
				throw new Error('[harness] sub-workflow execution is not supported');
			},
			getRunExecutionData: async () => undefined,
			getRuntimeCredential: async () => undefined,
			logAiEvent: () => {},
			startRunnerTask: async () => {
				throw new Error('[harness] task runners (Code node) are not supported');
			},
		} as unknown as IWorkflowExecuteAdditionalData;

		const runExecutionData = createRunExecutionData({
			executionData: {
				...(options.executionStartedAt === undefined
					? {}
					: {
							runtimeData: {
								version: 1 as const,
								establishedAt: options.executionStartedAt,
								source: 'manual' as const,
							},
						}),
				nodeExecutionStack: [
					{
						node: workflow.nodes[FIXTURE_SOURCE_NAME],
						data: { main: [[{ json: {} }]] },
						source: null,
					},
				],
			},
		});

		const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
		let run: IRun | undefined;
		let preExecutionError: Error | undefined;
		let timedOut = false;
		let cancelled = false;

		let running: ReturnType<WorkflowExecute['processRunExecutionData']> | undefined;
		try {
			// throws synchronously for pre-execution problems (WorkflowHasIssuesError:
			// missing required parameters, unknown node type, ...)
			running = workflowExecute.processRunExecutionData(workflow);
		} catch (error) {
			preExecutionError = error as Error;
		}

		if (running) {
			const pRun = running;
			const cancel = () => {
				cancelled = true;
				pRun.cancel();
			};
			options.onStarted?.({ executionId, cancel, nodeStarted });
			const settled = pRun.then(
				(value) => ({ value }),
				(error: unknown) => ({ error }),
			);
			const after = (ms: number) =>
				new Promise<'timeout'>((resolve) => {
					const t = setTimeout(() => resolve('timeout'), ms);
					timers.push(t);
				});
			let outcome = await Promise.race([settled, after(timeoutMs)]);
			if (outcome === 'timeout') {
				timedOut = true;
				cancel();
				outcome = await Promise.race([settled, after(CANCEL_GRACE_MS)]);
				if (outcome === 'timeout') {
					throw new Error(
						`[harness] "${nodeName}" did not finish within ${timeoutMs} ms and did not stop within ${CANCEL_GRACE_MS} ms after the execution was cancelled`,
					);
				}
			}
			if ('error' in outcome) throw outcome.error;
			run = outcome.value;
		}

		const runData = run?.data.resultData.runData ?? {};
		const tasks = runData[nodeName] ?? [];
		const taskData = tasks[tasks.length - 1];
		const mainOutputs = (taskData?.data?.main ?? []) as Array<INodeExecutionData[] | null>;
		const outputs: HarnessOutputItem[][] = [];
		for (const output of mainOutputs) {
			const items: HarnessOutputItem[] = [];
			for (const item of output ?? []) items.push(await readBackItem(item, env.binaryDataService));
			outputs.push(items);
		}

		const executionError = run?.data.resultData.error;
		const error =
			(thrown[thrown.length - 1] as Error | undefined) ??
			errorFromRecord(taskData?.error) ??
			preExecutionError ??
			errorFromRecord(executionError);

		return {
			items: outputs[0] ?? [],
			outputs,
			error,
			retriedErrors: retriedErrors as Error[],
			executionError,
			status: run?.status ?? 'error',
			runData,
			taskData,
			run,
			nodeExecutionOrder,
			logs: [...harnessLogger.records],
			authenticatedRequests: credentialsHelper.authenticatedRequests,
			timedOut,
			cancelled,
			tempDir: env.root,
			credentialsHelper,
			executionId,
			nodeName,
		};
	} finally {
		for (const t of timers) clearTimeout(t);
		if (!options.keepTempDir) env.dispose();
	}
}
