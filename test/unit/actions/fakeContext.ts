import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';

/** One input item: its node parameters (as n8n resolved them for it) and binary fields. */
export interface FakeItem {
	parameters?: IDataObject;
	binary?: Record<string, IBinaryData>;
}

export interface FakeContextOptions {
	items: FakeItem[];
	typeVersion?: number;
	continueOnFail?: boolean;
	credentials?: IDataObject;
	/** What n8n's binary store says about a stored binary (getBinaryMetadata). */
	binaryMetadata?: Record<string, { fileSize?: number }>;
	/** The bytes of an item's binary field (getBinaryDataBuffer). */
	binaryBuffer?: (itemIndex: number, propertyName: string) => Buffer;
}

export const NODE: INode = {
	id: 'node-1',
	name: 'Segmind Wan',
	type: 'n8n-nodes-segmind-wan.segmindWan',
	typeVersion: 2,
	position: [0, 0],
	parameters: {},
};

/**
 * The part of n8n's execute context the actions use, answering from plain data. A parameter
 * the item does not set comes back as the caller's fallback, as n8n returns an unset
 * parameter's default.
 */
export function fakeContext(options: FakeContextOptions): IExecuteFunctions {
	const node = { ...NODE, typeVersion: options.typeVersion ?? NODE.typeVersion };
	const inputData: INodeExecutionData[] = options.items.map((item) => ({
		json: {},
		...(item.binary ? { binary: item.binary } : {}),
	}));
	const context = {
		getNode: () => node,
		getInputData: () => inputData,
		continueOnFail: () => options.continueOnFail ?? false,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const value = options.items[itemIndex]?.parameters?.[name];
			if (value !== undefined) return value;
			if (fallback !== undefined) return fallback;
			throw new Error(`Parameter "${name}" of item ${itemIndex} is not set and has no fallback`);
		},
		getCredentials: async () => options.credentials ?? { apiKey: 'sk-unit-test' },
		helpers: {
			getBinaryMetadata: async (id: string) => {
				const metadata = options.binaryMetadata?.[id];
				if (!metadata) throw new Error(`no metadata for ${id}`);
				return metadata;
			},
			getBinaryDataBuffer: async (itemIndex: number, propertyName: string) => {
				if (!options.binaryBuffer) throw new Error('no binary buffer in this test');
				return options.binaryBuffer(itemIndex, propertyName);
			},
		},
	};
	return context as unknown as IExecuteFunctions;
}

/** A binary field as n8n records it; `data` inline (base64) unless an `id` says it is stored. */
export function binaryOf(mimeType: string, extra: Partial<IBinaryData> = {}): IBinaryData {
	return { mimeType, data: '', ...extra };
}

/** The error a call throws (fails the test if it does not throw). */
export function thrownBy(call: () => unknown): Error {
	try {
		call();
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected the call to throw');
}
