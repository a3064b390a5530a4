/**
 * An in-memory ICredentialsHelper for the harness, modelled on n8n's own
 * CredentialsHelper (packages/cli/src/credentials-helper.ts) minus the database:
 *
 * - getDecrypted(): the stored data, plus the credential type's property defaults
 *   (NodeHelpers.getNodeParameters, as n8n does), with `={{ }}` expressions resolved.
 * - authenticate(): applies the credential type's `authenticate` — a function is
 *   called; a `{ type: 'generic', properties }` object is resolved against
 *   `$credentials` with the workflow's real expression engine and merged into
 *   the request (headers / qs / body / auth), exactly like n8n's CLI helper.
 * - preAuthentication(): runs the credential type's `preAuthentication` when its
 *   `expirable` hidden property is empty or the token expired, and keeps the result.
 * - getParentTypes() / getCredentialsProperties(): follow `extends`.
 * - isCredentialUsableByNode(): honours `restrictToSupportedNodes` / `supportedNodes`.
 */
import { Credentials, getAdditionalKeys } from 'n8n-core';
import { ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IDataObject,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

export interface HarnessCredential {
	/** credential type name, e.g. 'segmindApi' */
	type: string;
	/** the decrypted credential data as a user would enter it */
	data: ICredentialDataDecryptedObject;
	/** the credential type; its `authenticate` / `preAuthentication` / `properties` are used */
	credentialType: ICredentialType;
	/** credential id / name put on the node (default: 'cred-<type>' / '<displayName> account') */
	id?: string;
	name?: string;
}

const mockNode: INode = {
	id: 'credentials-mock-node',
	name: '',
	typeVersion: 1,
	type: 'mock',
	position: [0, 0],
	parameters: {},
};

const mockNodeTypes: INodeTypes = {
	getKnownTypes: () => ({}),
	getByName: (): INodeType | IVersionedNodeType =>
		({ description: { properties: [] } }) as unknown as INodeType,
	getByNameAndVersion: (): INodeType =>
		({ description: { properties: [] } }) as unknown as INodeType,
};

export class HarnessCredentialsHelper extends ICredentialsHelper {
	private readonly types = new Map<string, ICredentialType>();

	private readonly stored = new Map<string, ICredentialDataDecryptedObject>();

	/** every (typeName, resulting request options) authenticate() produced, for assertions */
	readonly authenticatedRequests: Array<{ type: string; requestOptions: IHttpRequestOptions }> = [];

	constructor(credentials: HarnessCredential[] = [], extraCredentialTypes: ICredentialType[] = []) {
		super();
		for (const t of extraCredentialTypes) this.types.set(t.name, t);
		for (const c of credentials) {
			this.types.set(c.type, c.credentialType);
			this.stored.set(c.type, { ...c.data });
		}
	}

	private getType(typeName: string): ICredentialType {
		const t = this.types.get(typeName);
		if (!t) throw new Error(`[harness] unknown credential type "${typeName}"`);
		return t;
	}

	getParentTypes(typeName: string): string[] {
		const t = this.types.get(typeName);
		if (!t?.extends) return [];
		const out: string[] = [];
		for (const parent of t.extends) {
			out.push(parent, ...this.getParentTypes(parent));
		}
		return out;
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const t = this.types.get(credentialType);
		if (!t?.restrictToSupportedNodes) return true;
		return (t.supportedNodes ?? []).includes(nodeType);
	}

	getCredentialsProperties(typeName: string): INodeProperties[] {
		const t = this.getType(typeName);
		if (t.extends === undefined) return t.properties;
		const combined: INodeProperties[] = [];
		for (const parent of t.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, t.properties);
		return combined;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<Credentials> {
		return new Credentials(
			{ id: nodeCredentials.id ?? null, name: nodeCredentials.name },
			type,
			'',
		);
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const original = this.stored.get(type);
		if (original === undefined) {
			throw new Error(`[harness] no credentials of type "${type}" were given to runNode()`);
		}
		if (raw === true) return { ...original };

		let decrypted = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			original as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (original.oauthTokenData !== undefined) decrypted.oauthTokenData = original.oauthTokenData;

		const additionalKeys = getAdditionalKeys(additionalData, mode, null);
		if (expressionResolveValues) {
			decrypted = expressionResolveValues.workflow.expression.getParameterValue(
				decrypted as INodeParameters,
				expressionResolveValues.runExecutionData,
				expressionResolveValues.runIndex,
				expressionResolveValues.itemIndex,
				expressionResolveValues.node.name,
				expressionResolveValues.connectionInputData,
				mode,
				additionalKeys,
				executeData,
				false,
				decrypted,
			) as ICredentialDataDecryptedObject;
		} else {
			const workflow = new Workflow({
				nodes: [mockNode],
				connections: {},
				active: false,
				nodeTypes: mockNodeTypes,
			});
			decrypted = workflow.expression.getComplexParameterValue(
				mockNode,
				decrypted as INodeParameters,
				mode,
				additionalKeys,
				undefined,
				undefined,
				decrypted,
			) as ICredentialDataDecryptedObject;
		}
		return decrypted;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const credentialType = this.getType(typeName);
		const { authenticate } = credentialType;
		let result = requestOptions;
		if (typeof authenticate === 'function') {
			// called as a method, like n8n does (`this` is the credential type)
			result = await (credentialType.authenticate as typeof authenticate)(
				credentials,
				requestOptions,
			);
		} else if (typeof authenticate === 'object' && authenticate.type === 'generic') {
			if (requestOptions.headers === undefined) requestOptions.headers = {};
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as IDataObject)) {
					const keyResolved = this.resolveValue(key, credentials, workflow, node);
					const valueResolved = this.resolveValue(value as string, credentials, workflow, node);
					const target = requestOptions as unknown as Record<string, IDataObject | undefined>;
					if (!target[outerKey]) target[outerKey] = {};
					(target[outerKey] as IDataObject)[keyResolved] = valueResolved;
				}
			}
		}
		this.authenticatedRequests.push({ type: typeName, requestOptions: result });
		return result;
	}

	private resolveValue(
		parameterValue: string,
		credentials: ICredentialDataDecryptedObject,
		workflow?: Workflow,
		node?: INode,
	): string {
		if (typeof parameterValue !== 'string' || parameterValue.charAt(0) !== '=') {
			return parameterValue;
		}
		const wf =
			workflow ??
			new Workflow({ nodes: [mockNode], connections: {}, active: false, nodeTypes: mockNodeTypes });
		const value = wf.expression.getSimpleParameterValue(
			node ?? mockNode,
			parameterValue,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		);
		if (!value) return '';
		return String(value);
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const t = this.getType(typeName);
		const expirable = t.properties.find(
			(p) => p.type === 'hidden' && p?.typeOptions?.expirable === true,
		);
		if (expirable?.name === undefined) return undefined;
		if (typeof t.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = await t.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const merged = Object.assign(credentials, output);
		if (node.credentials)
			await this.updateCredentials(node.credentials[typeName], typeName, merged);
		return merged;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const t = this.getType(typeName);
		if (typeof t.preAuthentication !== 'function') return undefined;
		return (await t.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.stored.set(type, { ...data });
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.stored.set(type, { ...(this.stored.get(type) ?? {}), ...data });
	}

	/** the credential data as currently stored (after preAuthentication/OAuth updates) */
	getStored(type: string): ICredentialDataDecryptedObject | undefined {
		return this.stored.get(type);
	}
}
