'use strict';

const crypto = require('node:crypto');

/**
 * Async (v2) jobs. A job's state is a pure function of the clock, fixed at submit time:
 *   QUEUED      for queueMs after submit
 *   PROCESSING  until generationMs after submit
 *   COMPLETED   afterwards (FAILED if the job was scripted to fail)
 * No timers are involved, so nothing keeps the event loop alive and `configure()` after a
 * submit does not change jobs already running.
 */
class Job {
	constructor({ id, slug, body, submittedAt, queueMs, generationMs, failError, video }) {
		this.id = id;
		this.slug = slug;
		this.body = body;
		this.submittedAt = submittedAt;
		this.queueMs = queueMs;
		this.generationMs = generationMs;
		/** non-null → the job ends FAILED with this message */
		this.failError = failError;
		/** the bytes this job's output URL serves (sim.video at submit time) */
		this.video = video;
		/** set by sim.expire(id): both poll endpoints then answer 404 */
		this.expired = false;
		/** set by sim.completeJob(id) to finish early */
		this.forcedDoneAt = null;
	}

	get doneAt() {
		return this.forcedDoneAt !== null ? this.forcedDoneAt : this.submittedAt + this.generationMs;
	}

	statusAt(now) {
		if (now >= this.doneAt) return this.failError ? 'FAILED' : 'COMPLETED';
		if (now < this.submittedAt + this.queueMs) return 'QUEUED';
		return 'PROCESSING';
	}

	get status() {
		return this.statusAt(Date.now());
	}

	get done() {
		return Date.now() >= this.doneAt;
	}

	/** When the job finished (ms timestamp), or null while it is still running. */
	get completedAt() {
		return this.done ? this.doneAt : null;
	}
}

class JobStore {
	constructor() {
		this.jobs = new Map();
		/** FIFO of errors for the next submitted jobs (sim.failJob) */
		this.pendingFailures = [];
		this.maxConcurrent = 0;
	}

	create({ id, slug, body, queueMs, generationMs, video }) {
		const now = Date.now();
		const failError = this.pendingFailures.length > 0 ? this.pendingFailures.shift() : null;
		const job = new Job({
			id: id || crypto.randomUUID(),
			slug,
			body,
			submittedAt: now,
			queueMs,
			generationMs,
			failError,
			video,
		});
		this.jobs.set(job.id, job);
		// The number of running jobs only grows at submit time, so sampling here finds the peak.
		let active = 0;
		for (const j of this.jobs.values()) if (!j.done) active += 1;
		this.maxConcurrent = Math.max(this.maxConcurrent, active);
		return job;
	}

	/** The job, or null when unknown, expired by sim.expire, or past the retention window (from submission). */
	lookup(id, resultTtlMs) {
		const job = this.jobs.get(id);
		if (!job || job.expired) return null;
		if (Date.now() > job.submittedAt + resultTtlMs) return null;
		return job;
	}

	failNext(error, count = 1) {
		for (let i = 0; i < count; i += 1) this.pendingFailures.push(error);
	}

	clear() {
		this.jobs.clear();
		this.pendingFailures = [];
		this.maxConcurrent = 0;
	}
}

module.exports = { Job, JobStore };
