import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeTypeDescription } from 'n8n-workflow';

/**
 * The description of a test-only node (the harness self-test's probe, the timeout probe, the
 * IF-filter probe): version 1, one main input and output, named after its display name.
 * Each probe adds only what it needs (`properties`, `credentials`, ...).
 */
export function testNodeDescription(
	displayName: string,
	name: string,
	description: string,
	extra: Partial<INodeTypeDescription> = {},
): INodeTypeDescription {
	return {
		displayName,
		name,
		group: ['transform'],
		version: 1,
		description,
		defaults: { name: displayName },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
		...extra,
	};
}
