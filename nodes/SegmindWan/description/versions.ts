import type { INodeProperties } from 'n8n-workflow';

/** Shows each property only on nodes of the given type version (n8n's `@version` condition). */
export function forVersion(properties: INodeProperties[], version: number): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, '@version': [version] },
		},
	}));
}
