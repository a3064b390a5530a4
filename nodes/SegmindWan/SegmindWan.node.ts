import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runItems } from './actions/router';
import { nodeProperties } from './description/nodeProperties';

export class SegmindWan implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Segmind Wan',
		name: 'segmindWan',
		icon: { light: 'file:../../icons/segmind.svg', dark: 'file:../../icons/segmind.dark.svg' },
		group: ['transform'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle:
			'={{ $parameter["operation"] === "getResult" ? "Get Result" : ($parameter["operation"] === "submit" ? "Submit: " : "") + $parameter["model"] }}',
		description: "Turn images into MP4 videos with Segmind's Wan models",
		defaults: { name: 'Segmind Wan' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'segmindApi', required: true }],
		properties: nodeProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await runItems(this)];
	}
}
