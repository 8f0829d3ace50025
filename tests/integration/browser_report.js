// SPDX-License-Identifier: ISC
// The HTML report in a real browser, for tests/integration/test_browser.sh.
//
// usage: node browser_report.js PLAYWRIGHT_CORE CHROMIUM OUTDIR NAME=FILE...
//
// Launches CHROMIUM (Debian's /usr/bin/chromium) through playwright-core
// (the driver only, over the DevTools protocol; it downloads no browser)
// and opens each report FILE:
//   - on screen at 1024 and 1280 px, writing a full-page screenshot to
//     OUTDIR/NAME-WIDTH.png;
//   - with print media at 688 px, the width of an A4 page (210 mm) less
//     the report's @page margins (14 mm a side) at 96 px to the inch;
// and measures the page's scroll width, every token that must not break
// (numbers, dates, identifiers: td.n, span.n, .d, .id) and, whatever the
// markup, every word with a digit in a table cell. The first report is
// also printed to OUTDIR/NAME-a4.pdf. Prints one JSON document on stdout:
//   { "browser": VERSION, "control": { "loose": N, "kept": N },
//     "runs": [ { "name", "media", "width", "scrollWidth",
//                 "tokens", "broken": [TEXT...],
//                 "words", "brokenWords": [WORD...],
//                 "scrolling": [BOX...] } ... ] }
// "control" runs the same break detector on a license number squeezed into
// 60 px, once free to wrap (it must be found broken) and once nowrap.
'use strict';

const [pwPath, chromiumPath, outDir, ...pages] = process.argv.slice(2);
const { chromium } = require(pwPath);
const path = require('path');

const TOKENS = 'td.n, span.n, .d, .id';
const PRINT_WIDTH = 688;	/* (210 - 2 * 14) mm at 96 px/in */

// In the page: the page's scroll width; the text of every token (an
// element of sel) that runs onto a second line, and how many were looked
// at; the same for every word with a digit in a table cell, whatever its
// markup (a date, an amount, a license or approval number); and the boxes
// of wide tables that scroll (allowed, but worth knowing).
function measure(sel) {
	const range = document.createRange();
	const broken = [], brokenWords = [];
	let tokens = 0, words = 0;

	// Does the range start a second line below its first?
	const twoLines = () => {
		const rects = [...range.getClientRects()];
		return rects.some(r => r.top >= rects[0].bottom - 0.5);
	};
	const texts = function* (el) {
		const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
		for (let t; (t = walk.nextNode()) !== null;)
			if (t.data.trim() !== '')
				yield t;
	};
	for (const el of document.querySelectorAll(sel))
		for (const t of texts(el)) {
			tokens++;
			range.selectNodeContents(t);
			if (twoLines())
				broken.push(t.data);
		}
	for (const td of document.querySelectorAll('td'))
		for (const t of texts(td))
			for (const m of t.data.matchAll(/\S*\d\S*/g)) {
				words++;
				range.setStart(t, m.index);
				range.setEnd(t, m.index + m[0].length);
				if (twoLines())
					brokenWords.push(m[0]);
			}
	const scrolling = [...document.querySelectorAll('.wrap')]
	    .filter(b => b.scrollWidth > b.clientWidth)
	    .map(b => b.scrollWidth + '/' + b.clientWidth);
	return {
		scrollWidth: document.documentElement.scrollWidth,
		tokens, broken, words, brokenWords, scrolling
	};
}

async function main() {
	const browser = await chromium.launch({
		executablePath: chromiumPath,
		args: ['--no-sandbox']
	});
	const out = { browser: browser.version(), runs: [] };

	// The detector must see a break at a hyphen when there is one.
	const cp = await browser.newPage();
	await cp.setContent('<div style="width:60px;font:11pt sans-serif">' +
	    '<span class="loose">RN-2024-00012345-CA</span><br>' +
	    '<span class="kept" style="white-space:nowrap">' +
	    'RN-2024-00012345-CA</span></div>');
	out.control = {
		loose: (await cp.evaluate(measure, '.loose')).broken.length,
		kept: (await cp.evaluate(measure, '.kept')).broken.length
	};
	await cp.close();

	for (const [i, arg] of pages.entries()) {
		const eq = arg.indexOf('=');
		const name = arg.slice(0, eq);
		const url = 'file://' + path.resolve(arg.slice(eq + 1));
		const page = await browser.newPage();

		for (const width of [1024, 1280]) {
			await page.setViewportSize({ width, height: 800 });
			await page.goto(url);
			out.runs.push({ name, media: 'screen', width,
			    ...await page.evaluate(measure, TOKENS) });
			await page.screenshot({ fullPage: true,
			    path: path.join(outDir, name + '-' + width + '.png') });
		}
		await page.emulateMedia({ media: 'print' });
		await page.setViewportSize({ width: PRINT_WIDTH, height: 800 });
		await page.goto(url);
		out.runs.push({ name, media: 'print', width: PRINT_WIDTH,
		    ...await page.evaluate(measure, TOKENS) });
		if (i === 0)
			await page.pdf({ format: 'A4', preferCSSPageSize: true,
			    path: path.join(outDir, name + '-a4.pdf') });
		await page.close();
	}
	await browser.close();
	console.log(JSON.stringify(out, null, 1));
}

main().catch(e => {
	console.error(e);
	process.exit(1);
});
