/**
 * INodeTypes registry for the harness (like n8n's nodes-testing NodeTypes, but fed
 * with node type instances instead of loading a package from disk).
 */
import { NodeHelpers } from 'n8n-workflow';
import type { INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';

export type AnyNodeType = INodeType | IVersionedNodeType;

export interface CreateNodeTypesOptions {
	/**
	 * Called with whatever a node's `execute` throws, before n8n-core sees it.
	 * (WorkflowExecute stores only a plain-object copy of the error in runData; this
	 * is how the harness hands tests the original NodeApiError/NodeOperationError.)
	 */
	onExecuteError?: (error: unknown, typeName: string) => void;
	/** Called when a node's `execute` returns (e.g. a Retry On Fail try that succeeded). */
	onExecuteSuccess?: (typeName: string) => void;
}

function isVersioned(t: AnyNodeType): t is IVersionedNodeType {
	return (t as IVersionedNodeType).nodeVersions !== undefined;
}

/** highest / default version of a node type, as n8n's UI would place it */
export function defaultTypeVersion(t: AnyNodeType): number {
	if (isVersioned(t)) {
		return t.description.defaultVersion ?? Math.max(...Object.keys(t.nodeVersions).map(Number));
	}
	const v = t.description.version;
	return Array.isArray(v) ? Math.max(...v) : v;
}

function instrument(type: INodeType, typeName: string, options: CreateNodeTypesOptions): INodeType {
	const { onExecuteError, onExecuteSuccess } = options;
	if (!onExecuteError || typeof type.execute !== 'function') return type;
	const original = type.execute;
	// Object.create keeps the prototype chain, so description/methods and
	// n8n-workflow's isNodeClassInstance() tag check all see the original.
	const wrapped = Object.create(type) as INodeType;
	wrapped.execute = async function (this: unknown, ...args: unknown[]) {
		try {
			const output = await (original as (...a: unknown[]) => Promise<unknown>).apply(this, args);
			onExecuteSuccess?.(typeName);
			return output;
		} catch (error) {
			onExecuteError(error, typeName);
			// The harness must hand n8n exactly what the node threw.
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
			throw error;
		}
	} as INodeType['execute'];
	return wrapped;
}

/**
 * @param types map of node type name -> node type instance (versioned or not)
 */
export function createNodeTypes(
	types: Record<string, AnyNodeType>,
	options: CreateNodeTypesOptions = {},
): INodeTypes {
	const cache = new Map<string, INodeType>();
	const lookup = (name: string): AnyNodeType => {
		const t = types[name];
		if (!t) throw new Error(`[harness] unknown node type "${name}"`);
		return t;
	};
	return {
		getByName: (name: string) => lookup(name),
		getByNameAndVersion: (name: string, version?: number) => {
			const key = `${name}@${version ?? 'default'}`;
			let t = cache.get(key);
			if (!t) {
				t = instrument(NodeHelpers.getVersionedNodeType(lookup(name), version), name, options);
				cache.set(key, t);
			}
			return t;
		},
		getKnownTypes: () =>
			Object.fromEntries(
				Object.entries(types).map(([name]) => [name, { className: name, sourcePath: '' }]),
			),
	};
}
