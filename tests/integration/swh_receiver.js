// SPDX-License-Identifier: ISC
//
// A webhook receiver that checks every request with the official Standard
// Webhooks library (the `standardwebhooks` npm package), as a receiver in
// production would: new Webhook(secret).verify(body, headers), which
// checks the signature and that webhook-timestamp is within 5 minutes of
// this machine's real clock.
//
//   node swh_receiver.js MODULE SECRET_FILE LOG
//
// MODULE is the path of the installed package (test_standard_webhooks.sh
// installs a pinned version into the build folder); SECRET_FILE holds the
// secret exactly as cetrack reads it (whsec_..., trailing white space
// ignored). It binds 127.0.0.1 on a free port and prints "PORT <n>". Each
// POST is answered 204 when verified, else 400 with the library's message,
// and logged first as one JSON line in LOG:
//   {"ok": true|false, "error": "...", "webhook_id", "timestamp",
//    "event", "now"}
// ("event" from the verified payload, "now" this receiver's clock).
// SIGTERM stops it.
"use strict";

const fs = require("fs");
const http = require("http");

const [modpath, secretFile, logFile] = process.argv.slice(2);
const { Webhook } = require(modpath);
const secret = fs.readFileSync(secretFile, "utf8").trim();
const wh = new Webhook(secret);
const BODY_MAX = 4 * 1024 * 1024;

const server = http.createServer((req, res) => {
	const chunks = [];
	let size = 0;
	req.on("data", (c) => {
		size += c.length;
		if (size <= BODY_MAX)
			chunks.push(c);
	});
	req.on("end", () => {
		const body = Buffer.concat(chunks).toString("utf8");
		const rec = {
			ok: false,
			webhook_id: req.headers["webhook-id"] || null,
			timestamp: req.headers["webhook-timestamp"] || null,
			now: Math.floor(Date.now() / 1000),
		};
		let code = 204;
		try {
			if (req.method !== "POST" || size > BODY_MAX)
				throw new Error("expected a POST of at most 4 MB");
			const payload = wh.verify(body, req.headers);
			rec.ok = true;
			rec.event = payload.event || payload.type || null;
		} catch (e) {
			rec.error = String(e.message || e);
			code = 400;
		}
		fs.appendFileSync(logFile, JSON.stringify(rec) + "\n");
		res.writeHead(code, { "Content-Type": "text/plain" });
		res.end(code === 204 ? undefined : rec.error);
	});
});

server.listen(0, "127.0.0.1", () => {
	process.stdout.write("PORT " + server.address().port + "\n");
});
process.on("SIGTERM", () => process.exit(0));
process.on("SIGINT", () => process.exit(0));
