// The browser test of cutover serve (run by tests/cli/t7010-serve-browser.sh):
// Debian's chromium, headless, driven by playwright-core, at 360x800, in
// Vietnamese, through the scenario of a commune officer with a phone:
//
//   log in by the one-time link; sign focal-point with a wrong phone
//   (refused, the message beside the field) then a right one; attach the
//   accounts export with mistakes (the check's findings, one per row), then
//   the good one; block a task with a reason; report a difficulty; add a
//   duty shift; log out.  The coordinator's overview shows each change as it
//   happens; another commune's session can neither see nor act on the first
//   one's tasks; no page logs a console error (a script error or a refused
//   CSP) but the HTTP refusals the scenario asks for; axe-core finds no
//   serious or critical accessibility violation on any page; screenshots go
//   to $OUT for docs/serve.md.
//
// Environment: BASE (the server), LINK_PATH (/l/CODE), CHU_TOKEN,
// COORD_TOKEN, SAMPLES (runbooks/samples), OUT (screenshots), CHROMIUM.
// Prints one line per step; exits 1 at the first failure, saying why.

import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';

const env = process.env;
const BASE = env.BASE;
const OUT = env.OUT;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
mkdirSync(OUT, { recursive: true });

const consoleErrors = [];
const axeFindings = [];
const weights = [];
let shot = 0;

function fail(msg) {
	console.error(`scenario: ${msg}`);
	process.exitCode = 1;
	throw new Error(msg);
}

function expect(cond, msg) {
	if (!cond)
		fail(msg);
}

// A page that records its console errors and what every document weighs.
function watch(page, who) {
	page.on('console', (m) => {
		if (m.type() !== 'error')
			return;
		// The refusals the scenario provokes on purpose (403, 404, 422) are
		// logged by chromium as failed loads; they are answers, not errors.
		if (/Failed to load resource: the server responded with a status of (403|404|422)/.test(m.text()))
			return;
		consoleErrors.push(`${who}: ${m.text()}`);
	});
	page.on('pageerror', (e) => consoleErrors.push(`${who}: ${e.message}`));
	page.on('response', async (r) => {
		const type = r.headers()['content-type'] || '';
		if (r.request().resourceType() === 'document' && type.startsWith('text/html')) {
			const body = await r.body().catch(() => null);
			if (body)
				weights.push([new URL(r.url()).pathname, body.length]);
		}
	});
	page.setDefaultTimeout(30000);
	return page;
}

async function axe(page, what) {
	// Through the DevTools protocol, which the page's CSP does not govern.
	await page.evaluate(axeSource);
	const res = await page.evaluate(async () => {
		// eslint-disable-next-line no-undef
		const r = await axe.run(document, { resultTypes: ['violations'] });
		return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
	});
	for (const v of res)
		if (v.impact === 'serious' || v.impact === 'critical')
			axeFindings.push(`${what}: ${v.id} (${v.impact}, ${v.nodes} nodes)`);
}

async function screenshot(page, name) {
	shot++;
	const file = `${OUT}/${String(shot).padStart(2, '0')}-${name}.png`;
	await page.screenshot({ path: file, fullPage: true });
}

async function step(title, fn) {
	await fn();
	console.log(`ok - ${title}`);
}

// The overview's counts "N/M" and the latest changes, as the coordinator sees them.
async function overview(coord) {
	await coord.goto(`${BASE}/c`);
	const counts = await coord.locator('main p.card').first().innerText();
	const m = counts.match(/(\d+)\/(\d+)/);
	expect(m, `no counts on the overview: ${counts}`);
	return { done: Number(m[1]), recent: await coord.locator('ol.recent').innerText() };
}

async function login(page, token, person) {
	await page.goto(`${BASE}/login`);
	await page.fill('#token', token);
	await page.fill('#person', person);
	await page.click('main button[type=submit]');
}

const browser = await chromium.launch({
	executablePath: env.CHROMIUM || '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
		'--disable-sync', '--no-first-run', '--disable-quic'],
});
const phone = { viewport: { width: 360, height: 800 }, locale: 'vi-VN', deviceScaleFactor: 1 };

try {
	const unitCtx = await browser.newContext(phone);
	const coordCtx = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'vi-VN' });
	const otherCtx = await browser.newContext(phone);
	const page = watch(await unitCtx.newPage(), 'unit');
	const coord = watch(await coordCtx.newPage(), 'coordinator');
	const other = watch(await otherCtx.newPage(), 'other commune');
	let before;

	await step('the coordinator logs in and sees the overview', async () => {
		await login(coord, env.COORD_TOKEN, 'Nguyễn Thu Hà');
		expect(new URL(coord.url()).pathname === '/c', `coordinator landed on ${coord.url()}`);
		before = await overview(coord);
		await axe(coord, 'overview');
	});

	await step('the commune logs in by its one-time link', async () => {
		await page.goto(`${BASE}${env.LINK_PATH}`);
		expect(await page.locator('strong', { hasText: 'Xã Đại Sơn' }).count() === 1, 'the link page does not name the unit');
		await axe(page, 'link page');
		await screenshot(page, 'link');
		await page.fill('#person', 'Lê Minh Tuấn');
		await page.click('main button[type=submit]');
		expect(new URL(page.url()).pathname === '/u/dai-son', `landed on ${page.url()}`);
		expect(await page.locator('h2', { hasText: 'Cần làm' }).count() === 1, 'no "to do" list');
		await axe(page, 'checklist');
		await screenshot(page, 'checklist');
	});

	await step('focal-point with a wrong phone is refused, the message beside the field', async () => {
		await page.click('a[href="/t/focal-point%40dai-son"]');
		await axe(page, 'task card');
		await page.fill('[name="ev.name"]', 'Lê Minh Tuấn');
		await page.fill('[name="ev.position"]', 'Công chức Văn phòng');
		await page.fill('[name="ev.phone"]', '12');
		await page.click('form[action$="/sign"] button[type=submit]');
		const err = await page.locator('#err-phone').innerText();
		expect(/không phải là số điện thoại/.test(err), `no phone error: ${err}`);
		expect(await page.getAttribute('[name="ev.phone"]', 'aria-invalid') === 'true', 'the field is not marked invalid');
		expect(await page.inputValue('[name="ev.name"]') === 'Lê Minh Tuấn', 'the typed values were lost');
		await axe(page, 'refused sign-off');
		await screenshot(page, 'phone-refused');
	});

	await step('the right phone signs it; acknowledged with the event number', async () => {
		await page.fill('[name="ev.phone"]', '0912 345 678');
		await page.click('form[action$="/sign"] button[type=submit]');
		const said = await page.locator('p.notice.ok').innerText();
		expect(/^đã ký hoàn thành focal-point@dai-son \(sự kiện \d+\)$/.test(said), `acknowledged as: ${said}`);
		await axe(page, 'acknowledgement');
		await screenshot(page, 'signed');
		const now = await overview(coord);
		expect(now.done === before.done + 1, `overview says ${now.done} done, was ${before.done}`);
		expect(now.recent.includes('focal-point@dai-son'), 'the overview does not show the sign-off');
		before = now;
	});

	await step('the accounts export with mistakes: the findings, one per row; then the good one', async () => {
		await page.goto(`${BASE}/t/account-review%40dai-son`);
		await page.setInputFiles('[name="ev.accounts"]', `${env.SAMPLES}/accounts-bad.csv`);
		await page.fill('[name="ev.reviewed"]', '11');
		await page.fill('[name="ev.fixed"]', '0');
		await page.click('form[action$="/sign"] button[type=submit]');
		const rows = await page.locator('ul.findings li').allInnerTexts();
		expect(rows.length === 12, `${rows.length} findings, wanted 12: ${rows.join(' | ')}`);
		expect(rows.some((r) => /dòng \d+|line \d+/.test(r)), `no finding names its row: ${rows[0]}`);
		await axe(page, 'findings');
		await screenshot(page, 'accounts-findings');
		await page.setInputFiles('[name="ev.accounts"]', `${env.SAMPLES}/accounts-good.csv`);
		await page.fill('[name="ev.reviewed"]', '6');
		await page.fill('[name="ev.fixed"]', '0');
		await page.click('form[action$="/sign"] button[type=submit]');
		const said = await page.locator('p.notice.ok').innerText();
		expect(/^đã ký hoàn thành account-review@dai-son \(sự kiện \d+\)$/.test(said), `acknowledged as: ${said}`);
		const now = await overview(coord);
		expect(now.done === before.done + 1, `overview says ${now.done} done, was ${before.done}`);
		before = now;
	});

	await step('a task blocked with a reason; the overview lists it with the reason', async () => {
		await page.goto(`${BASE}/t/fee-review%40dai-son`);
		await page.fill('#reason', 'Chưa có tài khoản thụ hưởng');
		await page.click('button[value=block]');
		const said = await page.locator('p.notice.ok').innerText();
		expect(/^đã đánh dấu fee-review@dai-son bị chặn \(sự kiện \d+\)$/.test(said), `acknowledged as: ${said}`);
		await screenshot(page, 'blocked');
		await coord.goto(`${BASE}/c`);
		const text = await coord.locator('main').innerText();
		expect(/Bị chặn hoặc không đạt[\s\S]*Kiểm tra, cập nhật tài khoản thụ hưởng[\s\S]*Chưa có tài khoản thụ hưởng/.test(text),
			'the overview does not list the blocked task with its reason');
	});

	await step('a difficulty reported; the overview lists it', async () => {
		await page.click('nav a[href="/u/dai-son/issues"]');
		await page.selectOption('#system', 'catalogue');
		await page.selectOption('#severity', 'high');
		await page.fill('#text', 'Thủ tục 1.001193 chưa hiển thị trên Cổng mới');
		await page.click('main form button[type=submit]');
		const said = await page.locator('p.notice.ok').innerText();
		expect(/^đã ghi nhận vướng mắc #1 \(sự kiện \d+\)$/.test(said), `acknowledged as: ${said}`);
		await axe(page, 'difficulties');
		await screenshot(page, 'difficulty');
		const now = await overview(coord);
		expect(now.recent.includes('Thủ tục 1.001193 chưa hiển thị'), 'the overview does not show the difficulty');
	});

	await step('a duty shift added; the roster shows it and what is still uncovered', async () => {
		await page.click('nav a[href="/u/dai-son/roster"]');
		await page.selectOption('#role', 'truc-su-co');
		await page.fill('#person', 'Phạm Thị Dung');
		await page.fill('#phone', '0912111222');
		await page.fill('#from', '2026-05-29T20:00');
		await page.fill('#to', '2026-05-30T08:00');
		await page.click('main form button[type=submit]');
		const said = await page.locator('p.notice.ok').innerText();
		expect(/^đã thêm ca \d+ \(sự kiện \d+\)$/.test(said), `acknowledged as: ${said}`);
		expect(await page.locator('main', { hasText: 'Phạm Thị Dung' }).count() === 1, 'the shift is not listed');
		await axe(page, 'roster');
		await screenshot(page, 'roster');
		const now = await overview(coord);
		expect(now.recent.includes('Phạm Thị Dung'), 'the overview does not show the shift');
	});

	await step('another commune can neither see nor act on the first one\'s tasks', async () => {
		await login(other, env.CHU_TOKEN, 'Trần Văn Chũ');
		expect(new URL(other.url()).pathname === '/u/chu', `the other commune landed on ${other.url()}`);
		for (const path of ['/u/dai-son', '/t/fee-review%40dai-son', '/u/dai-son/roster', '/c']) {
			const r = await other.goto(`${BASE}${path}`);
			expect(r.status() === 403, `${path}: ${r.status()} for another commune`);
		}
		expect(/thuộc đơn vị khác/.test(await other.locator('main').innerText()) ||
			/người điều phối/.test(await other.locator('main').innerText()), 'no refusal shown');
		await other.goto(`${BASE}/u/dai-son`);
		await axe(other, 'refusal');
		await screenshot(other, 'other-commune-refused');
		await other.goto(`${BASE}/u/chu`);
		const csrf = await other.getAttribute('input[name=csrf]', 'value');
		const r = await other.request.post(`${BASE}/t/focal-point%40dai-son/move`, {
			headers: { Origin: BASE },
			form: { csrf, action: 'block', reason: 'không phải việc của tôi' },
		});
		expect(r.status() === 403, `acting on another commune's task: ${r.status()}`);
	});

	await step('the officer logs out; the pages ask for a login again', async () => {
		await page.click('header button');
		expect(/Bạn đã đăng xuất/.test(await page.locator('main').innerText()), 'no logged-out notice');
		await axe(page, 'login page');
		await screenshot(page, 'logged-out');
		await page.goto(`${BASE}/u/dai-son`);
		expect(new URL(page.url()).pathname === '/login', `after logout, ${page.url()}`);
	});

	await step('the coordinator\'s overview, as it stands', async () => {
		await coord.goto(`${BASE}/c`);
		await screenshot(coord, 'overview');
	});

	await step('no console error on any page', async () => {
		expect(consoleErrors.length === 0, `console errors:\n${consoleErrors.join('\n')}`);
	});

	await step('axe-core: no serious or critical violation', async () => {
		expect(axeFindings.length === 0, `accessibility:\n${axeFindings.join('\n')}`);
	});

	// What a page weighs on a weak link: the largest of each kind.
	const seen = {};
	for (const [path, bytes] of weights) {
		const kind = path.replace(/\/(dai-son|chu|[^/]*%40[^/]*|\d+|[A-Za-z0-9_-]{43})(?=\/|$)/g, '/*');
		seen[kind] = Math.max(seen[kind] || 0, bytes);
	}
	writeFileSync(`${OUT}/page-weight.txt`, Object.entries(seen).map(([k, v]) => `${k} ${v}`).join('\n') + '\n');
	console.log('ok - page weights written');
} catch (e) {
	if (!process.exitCode) {
		console.error(`scenario: ${e.stack || e}`);
		process.exitCode = 1;
	}
} finally {
	await browser.close();
}
