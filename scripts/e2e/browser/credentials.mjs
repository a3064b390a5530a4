// The credential modal: creating a credential of a type, saving it (n8n tests it), closing it.
import { sleep } from '../processes.mjs';
import { dismissPopups } from './canvas.mjs';

/**
 * Credentials page -> "Create credential" -> picks the type by its display name
 * -> Continue. Leaves the credential modal open.
 */
export async function openNewCredential(page, baseUrl, typeDisplayName) {
	await page.goto(`${baseUrl}/home/credentials`, { waitUntil: 'networkidle2' });
	await dismissPopups(page);
	await page.click('[data-test-id="add-resource-credential"]');
	const input = await page.waitForSelector('[data-test-id="new-credential-type-select"] input', {
		visible: true,
	});
	await input.click();
	await input.type(typeDisplayName, { delay: 20 });
	// Wait for the filtered list to settle on exactly this type, then pick it.
	await page.waitForFunction(
		(name) => {
			const shown = [
				...document.querySelectorAll('[data-test-id="new-credential-type-select-option"]'),
			]
				.filter((e) => e.offsetParent !== null)
				.map((e) => e.textContent.trim());
			return shown.length === 1 && shown[0] === name;
		},
		{ timeout: 30_000, polling: 200 },
		typeDisplayName,
	);
	await sleep(300);
	await page.evaluate(() => {
		[...document.querySelectorAll('[data-test-id="new-credential-type-select-option"]')]
			.find((e) => e.offsetParent !== null)
			.click();
	});
	await sleep(300);
	const chosen = await page.$eval('[data-test-id="new-credential-type-select"]', (e) =>
		(e.querySelector('input')?.value || e.textContent || '').trim(),
	);
	if (!chosen.includes(typeDisplayName)) {
		throw new Error(`credential type select shows "${chosen}", not "${typeDisplayName}"`);
	}
	await page.click('[data-test-id="new-credential-type-button"]');
	await page.waitForSelector('[data-test-id="editCredential-modal"]', { visible: true });
	await sleep(800);
}

/**
 * Clicks Save in the open credential modal and returns the body of the
 * connection test n8n runs on save ({status:'OK'|'Error', message}) plus the
 * modal's text afterwards.
 */
export async function saveCredentialAndTest(page, { timeoutMs = 60_000 } = {}) {
	const test = page.waitForResponse(
		(r) => r.url().endsWith('/rest/credentials/test') && r.request().method() === 'POST',
		{ timeout: timeoutMs },
	);
	await page.click('[data-test-id="credential-save-button"]');
	const response = await test;
	const body = await response.json().catch(() => ({}));
	await sleep(1_000);
	const text = await page.$eval('[data-test-id="editCredential-modal"]', (e) => e.innerText);
	return { result: body?.data ?? body, text };
}

export async function closeCredentialModal(page) {
	const closed = await page.evaluate(() => {
		const btn = document.querySelector(
			'[data-test-id="editCredential-modal"] .el-dialog__headerbtn, [data-test-id="editCredential-modal"] [aria-label="Close"]',
		);
		if (btn) btn.click();
		return !!btn;
	});
	if (!closed) await page.keyboard.press('Escape');
	await sleep(500);
}
