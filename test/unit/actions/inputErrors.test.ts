import { NodeOperationError } from 'n8n-workflow';

import {
	fieldLabel,
	inputError,
	invalidInput,
	invalidMessage,
	ITEM_NOT_SENT,
	NOTHING_SENT,
	nothingSent,
} from '../../../nodes/SegmindWan/actions/inputErrors';
import { NODE } from './fakeContext';

describe('fieldLabel', () => {
	it('quotes the editor label and adds the parameter name in brackets', () => {
		expect(fieldLabel('Max Wait (Minutes)', 'maxWaitMinutes')).toBe(
			'"Max Wait (Minutes)" (maxWaitMinutes)',
		);
	});

	it('is the quoted label alone without a name', () => {
		expect(fieldLabel('Request ID')).toBe('"Request ID"');
		expect(fieldLabel('Request ID', '')).toBe('"Request ID"');
	});
});

describe('the texts', () => {
	it('says that nothing was sent', () => {
		expect(NOTHING_SENT).toBe('Nothing was sent to Segmind.');
		expect(ITEM_NOT_SENT).toBe('This item was not sent to Segmind.');
	});

	it('puts the advice before "Nothing was sent to Segmind."', () => {
		expect(nothingSent('Use a smaller file.')).toBe(
			'Use a smaller file. Nothing was sent to Segmind.',
		);
		expect(nothingSent()).toBe('Nothing was sent to Segmind.');
		expect(nothingSent('')).toBe('Nothing was sent to Segmind.');
	});

	it('names the field and the item before the problem', () => {
		expect(
			invalidMessage(
				'"Concurrency" (concurrency)',
				4,
				'must be a whole number from 1 to 20, got 0',
			),
		).toBe(
			'Invalid "Concurrency" (concurrency) for item 4: must be a whole number from 1 to 20, got 0',
		);
	});
});

describe('invalidInput', () => {
	it('builds a NodeOperationError bound to its item, with the advice and the note', () => {
		const error = invalidInput(
			NODE,
			2,
			fieldLabel('Body (JSON)'),
			'expected a JSON object',
			'Write {"prompt": "…"}.',
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Invalid "Body (JSON)" for item 2: expected a JSON object');
		expect(error.description).toBe('Write {"prompt": "…"}. Nothing was sent to Segmind.');
		expect(error.context.itemIndex).toBe(2);
		expect(error.node).toBe(NODE);
	});

	it('is described by the note alone without advice', () => {
		const error = invalidInput(
			NODE,
			0,
			fieldLabel('Put Output in Field', 'binaryPropertyName'),
			'must not be empty',
		);
		expect(error.message).toBe(
			'Invalid "Put Output in Field" (binaryPropertyName) for item 0: must not be empty',
		);
		expect(error.description).toBe('Nothing was sent to Segmind.');
	});
});

describe('inputError', () => {
	it('keeps the message and the description exactly as given', () => {
		const error = inputError(NODE, 1, 'Unknown model "x" for item 1', 'Model must be one of: a, b');
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Unknown model "x" for item 1');
		expect(error.description).toBe('Model must be one of: a, b');
		expect(error.context.itemIndex).toBe(1);
	});
});
